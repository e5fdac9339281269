import { AwsError, LocalAwsConfigError } from '../../errors.js';
import { ServiceModel, type ServiceModelJson } from '../../models/model.js';
import { modeledError, restJsonProtocol } from '../../protocols/rest-json.js';
import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext, OperationHandler, ServiceEmulator } from '../service.js';
import { LambdaFunctions, type CallerScope, type LambdaFunction } from './functions.js';
import lambdaModel from '../../../models/lambda.json' with { type: 'json' };

const DEFAULT_PAGE_SIZE = 50;
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Lambda's own timestamp format (`2025-06-02T09:14:03.512+0000`), which its model declares as a string. */
function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** A function's configuration as GetFunction and ListFunctions describe a seeded Node.js function. */
function configuration(target: LambdaFunction): StructureValue {
  return {
    FunctionName: target.name,
    FunctionArn: target.arn,
    Runtime: 'nodejs20.x',
    Role: `arn:aws:iam::${target.account}:role/service-role/${target.name}-role`,
    Handler: 'index.handler',
    CodeSize: 0,
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    LastModified: lambdaTimestamp(target.lastModified),
    CodeSha256: target.codeSha256,
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: target.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${target.name}` },
  };
}

function scopeOf(context: OperationContext): CallerScope {
  return { account: context.account, region: context.region, principalArn: context.principal.arn };
}

function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

export interface LambdaService extends ServiceEmulator {
  /** Whether a function exists in that account and region; `name` may also be its ARN. */
  functionExists(account: string, region: string, name: string): boolean;
}

/**
 * Lambda over restJson1: functions exist only by seeding (`POST /_local/lambda/functions`), since local-aws runs no
 * code; what the deploy steps need of them is that they can be found and that their resource-based policy behaves.
 */
export function createLambdaService(): LambdaService {
  const model = new ServiceModel(lambdaModel as ServiceModelJson);
  const fail = (code: string, message: string, fields?: Record<string, unknown>) =>
    modeledError(model, code, message, fields);
  const functions = new LambdaFunctions(fail);

  const invalidMarker = () => fail('InvalidParameterValueException', 'Invalid marker', { Type: 'User' });

  function markerOffset(marker: string | undefined): number {
    if (marker === undefined) return 0;
    try {
      const { offset } = JSON.parse(Buffer.from(marker, 'base64').toString('utf8')) as { offset?: unknown };
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
    } catch {
      // Falls through to Lambda's refusal.
    }
    throw invalidMarker();
  }

  const operations: Record<string, OperationHandler> = {
    GetFunction(input, context) {
      const target = functions.resolve(
        scopeOf(context),
        input.FunctionName as string,
        input.Qualifier as string | undefined,
        'GetFunction',
      );
      return { output: { Configuration: configuration(target), Code: { RepositoryType: 'S3' } } };
    },

    ListFunctions(input, context) {
      const all = functions.list(context.account, context.region);
      const offset = markerOffset(input.Marker as string | undefined);
      const size = (input.MaxItems as number | undefined) ?? DEFAULT_PAGE_SIZE;
      const page = all.slice(offset, offset + size);
      const next = offset + size < all.length ? pageToken(offset + size) : undefined;
      return { output: { Functions: page.map(configuration), NextMarker: next } };
    },

    AddPermission(input, context) {
      const target = functions.resolve(
        scopeOf(context),
        input.FunctionName as string,
        input.Qualifier as string | undefined,
        'AddPermission',
      );
      const statement = functions.addPermission(target, {
        statementId: input.StatementId as string,
        action: input.Action as string,
        principal: input.Principal as string,
        sourceArn: input.SourceArn as string | undefined,
        sourceAccount: input.SourceAccount as string | undefined,
        principalOrgId: input.PrincipalOrgID as string | undefined,
        eventSourceToken: input.EventSourceToken as string | undefined,
        functionUrlAuthType: input.FunctionUrlAuthType as string | undefined,
        revisionId: input.RevisionId as string | undefined,
      });
      return { output: { Statement: JSON.stringify(statement) } };
    },

    RemovePermission(input, context) {
      const target = functions.resolve(
        scopeOf(context),
        input.FunctionName as string,
        input.Qualifier as string | undefined,
        'RemovePermission',
      );
      functions.removePermission(target, input.StatementId as string, input.RevisionId as string | undefined);
      return { output: {} };
    },

    GetPolicy(input, context) {
      const target = functions.resolve(
        scopeOf(context),
        input.FunctionName as string,
        input.Qualifier as string | undefined,
        'GetPolicy',
      );
      return { output: { Policy: functions.policy(target), RevisionId: target.revisionId } };
    },
  };

  return {
    model,
    protocol: restJsonProtocol,
    errorNamespace: 'com.amazonaws.lambda',
    operations,
    validationError: (message) => new AwsError({ code: 'ValidationException', message }),
    throttleErrors: ['TooManyRequestsException'],
    throttleError: () =>
      fail('TooManyRequestsException', 'Rate exceeded', { Type: 'User', Reason: 'CallerRateLimitExceeded' }),
    internalError: () => fail('ServiceException', 'An internal error occurred.', { Type: 'Service' }),
    adminRoutes: [
      {
        method: 'POST',
        path: 'functions',
        handle(body) {
          const { account, region, name } = (body ?? {}) as Record<string, unknown>;
          const problems: string[] = [];
          if (typeof account !== 'string' || !/^\d{12}$/.test(account))
            problems.push('account must be a 12-digit account number');
          if (typeof region !== 'string' || !REGION.test(region))
            problems.push('region must be a region name such as us-east-1');
          if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
            problems.push('name must be 1 to 64 letters, digits, hyphens or underscores');
          }
          if (problems.length > 0) throw new LocalAwsConfigError('lambda function', problems);
          return { functionArn: functions.seed(account as string, region as string, name as string).arn };
        },
      },
    ],
    functionExists: (account, region, name) => functions.exists(account, region, name),
    async reset() {
      functions.clear();
    },
    async close() {},
  };
}
