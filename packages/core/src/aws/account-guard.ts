import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { UsageError, isAwsServiceError } from '../errors.js';
import type { AwsClients } from './clients.js';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export async function getCallerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  try {
    const out = await clients.get(STSClient).send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  } catch (error) {
    if (error instanceof Error && error.name === 'CredentialsProviderError') {
      throw new UsageError(
        'no AWS credentials found: run this step after assume-role (e.g. --format profile and AWS_PROFILE) or set AWS credentials',
      );
    }
    if (isAwsServiceError(error)) {
      throw new UsageError(
        `the credentials were refused by STS GetCallerIdentity: ${error.name}: ${error.message}; check the role assumed before this step`,
      );
    }
    throw error;
  }
}

/**
 * The account guard: the credentials must act in the target account before anything is written, so a pipeline
 * misconfigured to deploy Dev content with Prod credentials (or the reverse) stops here with exit 2.
 */
export async function verifyAccount(
  clients: AwsClients,
  expected: { account: string; label: string },
): Promise<CallerIdentity> {
  const identity = await getCallerIdentity(clients);
  if (identity.account !== expected.account) {
    throw new UsageError(
      `the credentials act in account ${identity.account} (${identity.arn}) but the target is ${expected.label}; assume the target account's role first (assume-role) or fix $Environment/$AccountNumber`,
    );
  }
  return identity;
}
