import { createHash } from 'node:crypto';
import {
  invalidProperties,
  recorded,
  ResourceFailure,
  toNumber,
  type Capability,
  type Properties,
  type ProvisionContext,
  type ResourceProvider,
} from './provider.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** IAM's unique ids (`AROA…` for roles, `ANPA…` for managed policies), stable for the same ARN. */
function uniqueId(prefix: string, arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  return prefix + Array.from(digest.subarray(0, 17), (byte) => BASE32[byte % 32]).join('');
}

function path(properties: Properties): string {
  return (properties.Path as string | undefined) ?? '/';
}

function isDocument(value: unknown): boolean {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  if (typeof value !== 'string') return false;
  try {
    return typeof JSON.parse(value) === 'object';
  } catch {
    return false;
  }
}

function checkDocument(properties: Properties, name: string, context: ProvisionContext): void {
  if (!isDocument(properties[name]))
    throw invalidProperties(context.logicalId, [`#/${name}: expected type: JSONObject`]);
}

/**
 * Names of recorded resources, which have no emulated service to refuse a duplicate: IAM names are unique in an
 * account, log group names in an account and region.
 */
export class RecordedNames {
  private readonly taken = new Set<string>();

  claim(key: string, context: ProvisionContext, identifier: string): void {
    if (this.taken.has(key)) {
      throw new ResourceFailure(
        `Resource of type '${context.resourceType}' with identifier '${identifier}' already exists.`,
        'AlreadyExists',
      );
    }
    this.taken.add(key);
  }

  release(key: string): void {
    this.taken.delete(key);
  }

  clear(): void {
    this.taken.clear();
  }

  snapshot(): string[] {
    return [...this.taken];
  }

  restore(keys: readonly string[]): void {
    this.taken.clear();
    for (const key of keys) this.taken.add(key);
  }
}

function iamCapability(nameProperty: string): (properties: Properties) => Capability {
  return (properties) => (properties[nameProperty] === undefined ? 'CAPABILITY_IAM' : 'CAPABILITY_NAMED_IAM');
}

/** IAM and CloudWatch Logs resources: recorded with their names and ARNs, since local-aws emulates neither service. */
export function recordedProviders(names: RecordedNames): ResourceProvider[] {
  const role: ResourceProvider = {
    type: 'AWS::IAM::Role',
    properties: {
      AssumeRolePolicyDocument: { required: true },
      RoleName: { recreation: 'Always' },
      Path: { recreation: 'Always' },
      ...recorded([
        'Description',
        'ManagedPolicyArns',
        'MaxSessionDuration',
        'PermissionsBoundary',
        'Policies',
        'Tags',
      ]),
    },
    attributes: ['Arn', 'RoleId'],
    nameProperty: 'RoleName',
    capability: iamCapability('RoleName'),
    async create(properties, context) {
      checkDocument(properties, 'AssumeRolePolicyDocument', context);
      const name = (properties.RoleName as string | undefined) ?? context.generatedName({ maxLength: 64 });
      names.claim(`iam-role/${context.account}/${name}`, context, name);
      const arn = `arn:${context.partition}:iam::${context.account}:role${path(properties)}${name}`;
      return { physicalId: name, attributes: { Arn: arn, RoleId: uniqueId('AROA', arn) } };
    },
    async update(properties, previous, context) {
      checkDocument(properties, 'AssumeRolePolicyDocument', context);
      return { physicalId: previous.physicalId, attributes: previous.attributes };
    },
    async delete(previous, context) {
      names.release(`iam-role/${context.account}/${previous.physicalId}`);
    },
  };

  const managedPolicy: ResourceProvider = {
    type: 'AWS::IAM::ManagedPolicy',
    properties: {
      PolicyDocument: { required: true },
      ManagedPolicyName: { recreation: 'Always' },
      Path: { recreation: 'Always' },
      Description: { recreation: 'Always' },
      ...recorded(['Groups', 'Roles', 'Users']),
    },
    attributes: ['PolicyArn', 'PolicyId', 'AttachmentCount', 'DefaultVersionId', 'IsAttachable'],
    nameProperty: 'ManagedPolicyName',
    capability: iamCapability('ManagedPolicyName'),
    async create(properties, context) {
      checkDocument(properties, 'PolicyDocument', context);
      const name = (properties.ManagedPolicyName as string | undefined) ?? context.generatedName({ maxLength: 128 });
      const arn = `arn:${context.partition}:iam::${context.account}:policy${path(properties)}${name}`;
      names.claim(`iam-policy/${arn}`, context, arn);
      const attachments = ['Groups', 'Roles', 'Users'].reduce(
        (count, kind) => count + (Array.isArray(properties[kind]) ? (properties[kind] as unknown[]).length : 0),
        0,
      );
      return {
        physicalId: arn,
        attributes: {
          PolicyArn: arn,
          PolicyId: uniqueId('ANPA', arn),
          AttachmentCount: attachments,
          DefaultVersionId: 'v1',
          IsAttachable: true,
        },
      };
    },
    async update(properties, previous, context) {
      checkDocument(properties, 'PolicyDocument', context);
      const version = Number(String(previous.attributes.DefaultVersionId ?? 'v1').slice(1)) + 1;
      return {
        physicalId: previous.physicalId,
        attributes: { ...previous.attributes, DefaultVersionId: `v${version}` },
      };
    },
    async delete(previous) {
      names.release(`iam-policy/${previous.physicalId}`);
    },
  };

  const inlinePolicy: ResourceProvider = {
    type: 'AWS::IAM::Policy',
    properties: {
      PolicyDocument: { required: true },
      PolicyName: { required: true },
      ...recorded(['Groups', 'Roles', 'Users']),
    },
    attributes: ['Id'],
    capability: () => 'CAPABILITY_IAM',
    async create(properties, context) {
      checkDocument(properties, 'PolicyDocument', context);
      const holders = ['Groups', 'Roles', 'Users'].filter(
        (kind) => Array.isArray(properties[kind]) && (properties[kind] as unknown[]).length > 0,
      );
      if (holders.length === 0) throw new ResourceFailure('At least one of [Groups,Roles,Users] must be non-empty.');
      const id = context.generatedName({ maxLength: 32 });
      return { physicalId: id, attributes: { Id: id } };
    },
    async update(properties, previous, context) {
      checkDocument(properties, 'PolicyDocument', context);
      return { physicalId: previous.physicalId, attributes: previous.attributes };
    },
    async delete() {},
  };

  const retentionDays = new Set([
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
  ]);
  const checkRetention = (properties: Properties, context: ProvisionContext) => {
    const days = toNumber(properties.RetentionInDays);
    if (days !== undefined && !retentionDays.has(days)) {
      throw invalidProperties(context.logicalId, [
        `#/RetentionInDays: ${String(properties.RetentionInDays)} is not a valid enum value`,
      ]);
    }
  };
  const logGroup: ResourceProvider = {
    type: 'AWS::Logs::LogGroup',
    properties: {
      LogGroupName: { recreation: 'Always' },
      LogGroupClass: { recreation: 'Always' },
      ...recorded(['RetentionInDays', 'KmsKeyId', 'Tags', 'DataProtectionPolicy', 'FieldIndexPolicies']),
    },
    attributes: ['Arn'],
    nameProperty: 'LogGroupName',
    async create(properties, context) {
      checkRetention(properties, context);
      const name = (properties.LogGroupName as string | undefined) ?? context.generatedName({ maxLength: 512 });
      names.claim(`log-group/${context.account}/${context.region}/${name}`, context, name);
      return {
        physicalId: name,
        attributes: { Arn: `arn:${context.partition}:logs:${context.region}:${context.account}:log-group:${name}:*` },
      };
    },
    async update(properties, previous, context) {
      checkRetention(properties, context);
      return { physicalId: previous.physicalId, attributes: previous.attributes };
    },
    async delete(previous, context) {
      names.release(`log-group/${context.account}/${context.region}/${previous.physicalId}`);
    },
  };

  return [role, managedPolicy, inlinePolicy, logGroup];
}
