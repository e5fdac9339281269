import { strToU8, zipSync } from 'fflate';
import type { StructureValue } from '../../../protocols/protocol.js';
import { sameValue } from '../intrinsics.js';
import {
  defined,
  recorded,
  ResourceFailure,
  tagMap,
  toNumber,
  type ExistingResource,
  type Properties,
  type ResourceProvider,
} from './provider.js';

/** A fixed timestamp for inline code archives, so that the same source always makes the same archive. */
const ARCHIVE_TIME = new Date('1980-01-01T00:00:00Z');

/** CloudFormation puts `Code.ZipFile` source into an archive as `index.js` or `index.py`, by runtime. */
function inlineArchive(source: string, runtime: unknown): Buffer {
  const file = String(runtime ?? '').startsWith('python') ? 'index.py' : 'index.js';
  return Buffer.from(zipSync({ [file]: [strToU8(source), { mtime: ARCHIVE_TIME }] }));
}

function codeInput(code: unknown, runtime: unknown): StructureValue {
  const { ZipFile, S3Bucket, S3Key, S3ObjectVersion, ImageUri } = (code ?? {}) as Record<string, unknown>;
  return defined({
    ZipFile: typeof ZipFile === 'string' ? inlineArchive(ZipFile, runtime) : undefined,
    S3Bucket,
    S3Key,
    S3ObjectVersion,
    ImageUri,
  });
}

function environmentInput(environment: unknown): StructureValue | undefined {
  if (environment === undefined) return undefined;
  const variables = ((environment as Record<string, unknown>).Variables ?? {}) as Record<string, unknown>;
  return { Variables: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])) };
}

/**
 * The configuration a template sets, as UpdateFunctionConfiguration takes it; what it leaves out goes back to
 * Lambda's default.
 */
function configurationInput(properties: Properties): StructureValue {
  return {
    Runtime: properties.Runtime,
    Role: properties.Role,
    Handler: properties.Handler,
    Description: properties.Description ?? '',
    Timeout: toNumber(properties.Timeout) ?? 3,
    MemorySize: toNumber(properties.MemorySize) ?? 128,
    Environment: environmentInput(properties.Environment) ?? { Variables: {} },
    TracingConfig: properties.TracingConfig ?? { Mode: 'PassThrough' },
    Layers: properties.Layers ?? [],
    VpcConfig: properties.VpcConfig,
    DeadLetterConfig: properties.DeadLetterConfig,
    KMSKeyArn: properties.KmsKeyArn,
    EphemeralStorage: properties.EphemeralStorage && {
      Size: toNumber((properties.EphemeralStorage as Properties).Size),
    },
    LoggingConfig: properties.LoggingConfig,
    ImageConfig: properties.ImageConfig,
    FileSystemConfigs: properties.FileSystemConfigs,
    SnapStart: properties.SnapStart,
  };
}

const CONFIGURATION_PROPERTIES = [
  'Runtime',
  'Role',
  'Handler',
  'Description',
  'Timeout',
  'MemorySize',
  'Environment',
  'TracingConfig',
  'Layers',
  'VpcConfig',
  'DeadLetterConfig',
  'KmsKeyArn',
  'EphemeralStorage',
  'LoggingConfig',
  'ImageConfig',
  'FileSystemConfigs',
  'SnapStart',
];

function ignoringNotFound(error: unknown): void {
  if (!(error instanceof ResourceFailure && error.code === 'ResourceNotFoundException')) throw error;
}

/**
 * AWS::Lambda::Function through the emulated Lambda: CreateFunction, UpdateFunctionCode and
 * UpdateFunctionConfiguration, DeleteFunction.
 */
export const lambdaFunction: ResourceProvider = {
  type: 'AWS::Lambda::Function',
  properties: {
    FunctionName: { recreation: 'Always' },
    Code: { required: true },
    Role: { required: true },
    PackageType: { recreation: 'Always' },
    Architectures: {},
    Tags: {},
    ...Object.fromEntries(CONFIGURATION_PROPERTIES.map((name) => [name, {}])),
    ...recorded(['ReservedConcurrentExecutions', 'CodeSigningConfigArn', 'RuntimeManagementConfig', 'RecursiveLoop']),
  },
  attributes: ['Arn', 'SnapStartResponse.ApplyOn', 'SnapStartResponse.OptimizationStatus'],
  nameProperty: 'FunctionName',

  async create(properties, context) {
    const name = (properties.FunctionName as string | undefined) ?? context.generatedName({ maxLength: 64 });
    const output = await context.call(
      'lambda',
      'CreateFunction',
      defined({
        ...defined(configurationInput(properties)),
        Environment: environmentInput(properties.Environment),
        Layers: properties.Layers,
        FunctionName: name,
        Code: codeInput(properties.Code, properties.Runtime),
        PackageType: properties.PackageType,
        Architectures: properties.Architectures,
        Tags: properties.Tags === undefined ? undefined : tagMap(properties.Tags),
      }),
      name,
    );
    return { physicalId: name, attributes: { Arn: output.FunctionArn } };
  },

  async update(properties, previous, context) {
    const name = previous.physicalId;
    const before = previous.properties;
    const changed = (property: string) => !sameValue(before[property], properties[property]);
    if (changed('Code') || changed('Architectures')) {
      await context.call(
        'lambda',
        'UpdateFunctionCode',
        defined({
          FunctionName: name,
          ...codeInput(properties.Code, properties.Runtime),
          Architectures: properties.Architectures,
        }),
        name,
      );
    }
    if (CONFIGURATION_PROPERTIES.some(changed)) {
      await context.call(
        'lambda',
        'UpdateFunctionConfiguration',
        defined({ FunctionName: name, ...configurationInput(properties) }),
        name,
      );
    }
    return { physicalId: name, attributes: previous.attributes };
  },

  async delete(previous: ExistingResource, context) {
    await context
      .call('lambda', 'DeleteFunction', { FunctionName: previous.physicalId }, previous.physicalId)
      .catch(ignoringNotFound);
  },
};

function permissionInput(properties: Properties, statementId: string): StructureValue {
  return defined({
    FunctionName: properties.FunctionName,
    StatementId: statementId,
    Action: properties.Action,
    Principal: properties.Principal,
    SourceArn: properties.SourceArn,
    SourceAccount: properties.SourceAccount,
    EventSourceToken: properties.EventSourceToken,
    PrincipalOrgID: properties.PrincipalOrgID,
    FunctionUrlAuthType: properties.FunctionUrlAuthType,
  });
}

/** AWS::Lambda::Permission: one statement of the function's policy, through AddPermission and RemovePermission. */
export const lambdaPermission: ResourceProvider = {
  type: 'AWS::Lambda::Permission',
  properties: {
    Action: { required: true, recreation: 'Always' },
    FunctionName: { required: true, recreation: 'Always' },
    Principal: { required: true, recreation: 'Always' },
    SourceArn: { recreation: 'Always' },
    SourceAccount: { recreation: 'Always' },
    EventSourceToken: { recreation: 'Always' },
    PrincipalOrgID: { recreation: 'Always' },
    FunctionUrlAuthType: { recreation: 'Always' },
    InvokedViaFunctionUrl: { recreation: 'Always' },
  },
  attributes: ['Id'],

  async create(properties, context) {
    const statementId = context.generatedName({ maxLength: 100 });
    await context.call('lambda', 'AddPermission', permissionInput(properties, statementId), statementId);
    return { physicalId: statementId, attributes: { Id: statementId } };
  },

  // Every property requires replacement, so there is nothing to update in place.
  async update(_properties, previous) {
    return { physicalId: previous.physicalId, attributes: previous.attributes };
  },

  async delete(previous: ExistingResource, context) {
    await context
      .call('lambda', 'RemovePermission', {
        FunctionName: previous.properties.FunctionName,
        StatementId: previous.physicalId,
      })
      .catch(ignoringNotFound);
  },
};
