import { createHash } from 'node:crypto';
import { AwsError, LocalAwsConfigError } from '../../errors.js';
import { ServiceModel, type ServiceModelJson } from '../../models/model.js';
import { modeledError, restJsonProtocol } from '../../protocols/rest-json.js';
import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext, OperationHandler, ServiceEmulator } from '../service.js';
import {
  LambdaFunctions,
  type CallerScope,
  type FunctionCode,
  type FunctionSettings,
  type LambdaFunction,
} from './functions.js';
import lambdaModel from '../../../models/lambda.json' with { type: 'json' };

const DEFAULT_PAGE_SIZE = 50;
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Lambda's own timestamp format (`2025-06-02T09:14:03.512+0000`), which its model declares as a string. */
function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** The configuration members CreateFunction and UpdateFunctionConfiguration set, under their request names. */
const SETTINGS = [
  'Runtime',
  'Role',
  'Handler',
  'Description',
  'Timeout',
  'MemorySize',
  'VpcConfig',
  'PackageType',
  'DeadLetterConfig',
  'Environment',
  'KMSKeyArn',
  'TracingConfig',
  'Layers',
  'FileSystemConfigs',
  'ImageConfig',
  'Architectures',
  'EphemeralStorage',
  'SnapStart',
  'LoggingConfig',
] as const;

function settingsOf(input: StructureValue): FunctionSettings {
  return Object.fromEntries(SETTINGS.flatMap((name) => (input[name] === undefined ? [] : [[name, input[name]]])));
}

/** Members whose response shape differs from the request's (`Layers` are ARNs in, references out). */
function describedSettings(settings: FunctionSettings): StructureValue {
  const { Layers, VpcConfig, ImageConfig, SnapStart, ...rest } = settings as StructureValue & {
    Layers?: string[];
    VpcConfig?: StructureValue;
    ImageConfig?: StructureValue;
    SnapStart?: StructureValue;
  };
  return {
    ...rest,
    Layers: Layers?.map((arn) => ({ Arn: arn, CodeSize: 0 })),
    VpcConfig: VpcConfig && {
      SubnetIds: VpcConfig.SubnetIds ?? [],
      SecurityGroupIds: VpcConfig.SecurityGroupIds ?? [],
    },
    ImageConfigResponse: ImageConfig && { ImageConfig },
    SnapStart: SnapStart && { ApplyOn: SnapStart.ApplyOn, OptimizationStatus: 'Off' },
  };
}

/** A function's configuration as GetFunction, ListFunctions and the writes describe it, with Lambda's defaults. */
function configuration(target: LambdaFunction): StructureValue {
  return {
    FunctionName: target.name,
    FunctionArn: target.arn,
    CodeSize: target.codeSize,
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
    ...describedSettings(target.settings),
  };
}

function scopeOf(context: OperationContext): CallerScope {
  return { account: context.account, region: context.region, principalArn: context.principal.arn };
}

function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

/** Reads an object of the caller's S3: its bytes, or undefined when the bucket or key is not there. */
export type S3ObjectReader = (account: string, region: string, bucket: string, key: string) => Buffer | undefined;

export interface LambdaOptions {
  /** Where CreateFunction and UpdateFunctionCode find `S3Bucket` / `S3Key` code. */
  readS3Object?: S3ObjectReader;
}

/** A zip archive starts with a local file header (or, when empty, with the end of its central directory). */
function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

export interface LambdaService extends ServiceEmulator {
  /** Whether a function exists in that account and region; `name` may also be its ARN. */
  functionExists(account: string, region: string, name: string): boolean;
}

/**
 * Lambda over restJson1: functions are created (CreateFunction) or seeded (`POST /_local/lambda/functions`) and keep
 * their configuration and code digest, but local-aws runs no code; what the deploy steps need of them is that they
 * can be found and that their resource-based policy behaves.
 */
export function createLambdaService({ readS3Object = () => undefined }: LambdaOptions = {}): LambdaService {
  const model = new ServiceModel(lambdaModel as ServiceModelJson);
  const fail = (code: string, message: string, fields?: Record<string, unknown>) =>
    modeledError(model, code, message, fields);
  const functions = new LambdaFunctions(fail);

  const invalidParameter = (message: string) => fail('InvalidParameterValueException', message, { Type: 'User' });

  /** The code a request supplies, from its bytes or from the caller's S3, checked as Lambda checks it. */
  function functionCode(code: StructureValue, context: OperationContext): FunctionCode | undefined {
    let bytes: Buffer | undefined;
    if (code.ZipFile !== undefined) bytes = Buffer.from(code.ZipFile as Uint8Array);
    else if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
      if (code.S3Bucket === undefined || code.S3Key === undefined) {
        throw invalidParameter('Both S3Bucket and S3Key must be provided to locate the function code.');
      }
      bytes = readS3Object(context.account, context.region, code.S3Bucket as string, code.S3Key as string);
      if (!bytes) {
        throw invalidParameter(
          'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
        );
      }
    } else if (code.ImageUri !== undefined) {
      return {
        sha256: createHash('sha256')
          .update(code.ImageUri as string)
          .digest('hex'),
        size: 0,
      };
    } else {
      return undefined;
    }
    if (!isZip(bytes))
      throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
    return { sha256: createHash('sha256').update(bytes).digest('base64'), size: bytes.length };
  }

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
      return {
        output: {
          Configuration: configuration(target),
          Code: { RepositoryType: 'S3' },
          Tags: Object.keys(target.tags).length > 0 ? target.tags : undefined,
        },
      };
    },

    ListFunctions(input, context) {
      const all = functions.list(context.account, context.region);
      const offset = markerOffset(input.Marker as string | undefined);
      const size = (input.MaxItems as number | undefined) ?? DEFAULT_PAGE_SIZE;
      const page = all.slice(offset, offset + size);
      const next = offset + size < all.length ? pageToken(offset + size) : undefined;
      return { output: { Functions: page.map(configuration), NextMarker: next } };
    },

    CreateFunction(input, context) {
      const settings = settingsOf(input);
      const packageType = (settings.PackageType as string | undefined) ?? 'Zip';
      if (packageType === 'Zip' && (settings.Runtime === undefined || settings.Handler === undefined)) {
        throw invalidParameter(
          'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
        );
      }
      const code = functionCode(input.Code as StructureValue, context);
      if (!code) throw invalidParameter('Please provide a source for function code.');
      const created = functions.create(
        scopeOf(context),
        input.FunctionName as string,
        settings,
        code,
        (input.Tags as Record<string, string> | undefined) ?? {},
      );
      return { output: configuration(created) };
    },

    UpdateFunctionConfiguration(input, context) {
      const target = functions.resolve(
        scopeOf(context),
        input.FunctionName as string,
        undefined,
        'UpdateFunctionConfiguration',
      );
      functions.configure(target, settingsOf(input), input.RevisionId as string | undefined);
      return { output: configuration(target) };
    },

    UpdateFunctionCode(input, context) {
      const target = functions.resolve(scopeOf(context), input.FunctionName as string, undefined, 'UpdateFunctionCode');
      const code = functionCode(input, context);
      if (!code) throw invalidParameter('Please provide a source for function code.');
      if (input.DryRun !== true) {
        functions.replaceCode(target, code, input.RevisionId as string | undefined);
        if (input.Architectures !== undefined) target.settings.Architectures = input.Architectures;
      }
      return { output: configuration(target) };
    },

    DeleteFunction(input, context) {
      const target = functions.resolve(
        scopeOf(context),
        input.FunctionName as string,
        input.Qualifier as string | undefined,
        'DeleteFunction',
      );
      functions.delete(target);
      return { output: {} };
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
    async snapshot() {
      return functions.snapshot();
    },
    async restore(state) {
      functions.restore(state as LambdaFunction[]);
    },
    async close() {},
  };
}
