import { AwsError, LocalAwsConfigError } from '../errors.js';
import { parseRoleArn, roleSession, type IdentityStore, type SessionState } from '../identity.js';
import { ServiceModel, type ServiceModelJson } from '../models/model.js';
import { queryProtocol } from '../protocols/query.js';
import type { OperationHandler, ServiceEmulator } from './service.js';
import stsModel from '../../models/sts.json' with { type: 'json' };

const DEFAULT_DURATION_SECONDS = 3600;
/** AWS caps sessions of a role assumed with role-session credentials at one hour, whatever the role allows. */
const ROLE_CHAINING_MAX_SECONDS = 3600;

function validationError(message: string): AwsError {
  return new AwsError({ code: 'ValidationError', message });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What STS keeps across runs: whom the issued access keys act as, and the roles denied. */
interface StsState {
  sessions: SessionState[];
  deniedRoles: string[];
}

export interface StsOptions {
  identities: IdentityStore;
}

/**
 * STS over the query protocol. Roles need not exist: any well-formed role ARN can be assumed unless it was denied
 * through `POST /_local/sts/deny`. Every caller is a role session (CodeBuild's credentials are one), so AWS's
 * role-chaining limits always apply.
 */
export function createStsService({ identities }: StsOptions): ServiceEmulator {
  const deniedRoles = new Set<string>();

  const assumeRole: OperationHandler = (input, { principal }) => {
    const roleArn = input.RoleArn as string;
    const sessionName = input.RoleSessionName as string;
    const durationSeconds = (input.DurationSeconds as number | undefined) ?? DEFAULT_DURATION_SECONDS;
    if (!parseRoleArn(roleArn)) throw validationError('Request ARN is invalid');
    if (durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
      throw validationError(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    if (deniedRoles.has(roleArn)) {
      throw new AwsError({
        code: 'AccessDenied',
        message: `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        status: 403,
      });
    }
    if (typeof input.Policy === 'string' && !isJson(input.Policy)) {
      throw new AwsError({ code: 'MalformedPolicyDocument', message: 'The policy is not in the valid JSON format.' });
    }
    const session = roleSession(roleArn, sessionName);
    const credentials = identities.issue(session, durationSeconds);
    return {
      output: {
        Credentials: {
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          SessionToken: credentials.sessionToken,
          Expiration: credentials.expiration,
        },
        AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn },
        SourceIdentity: input.SourceIdentity,
      },
    };
  };

  const getCallerIdentity: OperationHandler = (_input, { principal }) => ({
    output: { UserId: principal.userId, Account: principal.account, Arn: principal.arn },
  });

  return {
    model: new ServiceModel(stsModel as ServiceModelJson),
    protocol: queryProtocol,
    errorNamespace: 'com.amazonaws.sts',
    operations: { AssumeRole: assumeRole, GetCallerIdentity: getCallerIdentity },
    validationError,
    throttleErrors: ['Throttling'],
    throttleError: () => new AwsError({ code: 'Throttling', message: 'Rate exceeded' }),
    internalError: () =>
      new AwsError({
        code: 'InternalFailure',
        message: 'The request processing has failed because of an unknown error, exception or failure.',
        status: 500,
      }),
    // STS hands out credentials; it changes no resource.
    isWrite: () => false,
    adminRoutes: [
      {
        method: 'POST',
        path: 'deny',
        handle(body) {
          const roleArn = (body as { roleArn?: unknown } | null)?.roleArn;
          if (typeof roleArn !== 'string' || !parseRoleArn(roleArn)) {
            throw new LocalAwsConfigError('deny', [
              'expected {"roleArn": "arn:aws:iam::<account>:role/<name>"} with a well-formed role ARN',
            ]);
          }
          deniedRoles.add(roleArn);
          return { denied: [...deniedRoles] };
        },
      },
      { method: 'GET', path: 'deny', handle: () => ({ denied: [...deniedRoles] }) },
    ],
    async reset() {
      deniedRoles.clear();
    },
    async snapshot(): Promise<StsState> {
      return { sessions: identities.snapshot(), deniedRoles: [...deniedRoles] };
    },
    async restore(state) {
      const { sessions, deniedRoles: denied } = state as StsState;
      identities.restore(sessions);
      deniedRoles.clear();
      for (const roleArn of denied) deniedRoles.add(roleArn);
    },
    async close() {},
  };
}
