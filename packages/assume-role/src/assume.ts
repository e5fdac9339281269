import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AwsClients,
  AwsOperationError,
  UsageError,
  isAwsServiceError,
  registerSecret,
  toAwsOperationError,
} from '@edd/core';
import type { TemporaryCredentials } from './output.js';

export interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  externalId?: string;
  /** The account the role must land in. */
  expectedAccount: string;
}

export interface AssumedRole {
  credentials: TemporaryCredentials;
  arn: string;
  account: string;
}

/**
 * Assumes the role with the build's own credentials and proves, with the new credentials, that they act in the
 * expected account. The secret values are registered for redaction before anything else can print them.
 */
export async function assumeRole(base: AwsClients, request: AssumeRoleRequest): Promise<AssumedRole> {
  let out;
  try {
    out = await base.get(STSClient).send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds,
        ...(request.externalId ? { ExternalId: request.externalId } : {}),
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'CredentialsProviderError') {
      throw new UsageError('no AWS credentials to assume the role with: run inside CodeBuild or set AWS credentials');
    }
    if (isAwsServiceError(error) && error.name === 'AccessDenied') {
      throw new AwsOperationError(
        `AssumeRole ${request.roleArn} was refused: ${error.message}; the role's trust policy must allow the Shared account's CodeBuild role (and the external id, if the role requires one) (request id ${error.$metadata?.requestId ?? 'unknown'})`,
        { operation: 'AssumeRole', code: error.name },
      );
    }
    throw toAwsOperationError(error, 'AssumeRole', request.roleArn);
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new AwsOperationError(`AssumeRole ${request.roleArn} returned no credentials`);
  }
  registerSecret(c.SecretAccessKey);
  registerSecret(c.SessionToken);
  const credentials: TemporaryCredentials = {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
  const assumed = new AwsClients({
    ...base.settings,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
  });
  try {
    const identity = await assumed.get(STSClient).send(new GetCallerIdentityCommand({}));
    if (identity.Account !== request.expectedAccount) {
      throw new UsageError(
        `the assumed role acts in account ${identity.Account} (${identity.Arn}), not in ${request.expectedAccount}; fix --role-name or the pipeline's TargetAccount`,
      );
    }
    return { credentials, arn: identity.Arn ?? '', account: identity.Account };
  } catch (error) {
    throw toAwsOperationError(error, 'GetCallerIdentity', 'with the assumed credentials');
  } finally {
    assumed.destroy();
  }
}
