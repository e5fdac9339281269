import { ARN_KIND, TYPE_OF_ARN_KIND, type InstanceResourceType } from './types.js';

const PARTITIONS = '(aws|aws-us-gov|aws-cn)';
const ACCOUNT = '(\\d{12})';
/** A region, or a flow attribute in its place (`$.AwsRegion`), which a reference keeps. */
const REGION = '([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d|\\$\\.[A-Za-z0-9_.]+)';

const CONNECT_INSTANCE_RESOURCE = new RegExp(
  `^arn:${PARTITIONS}:connect:${REGION}:${ACCOUNT}:instance/([0-9a-f-]{36})/([a-z-]+)/([^/:]+)(:\\$SAVED|:\\$LATEST|:\\d+)?$`,
);
const CONNECT_INSTANCE = new RegExp(`^arn:${PARTITIONS}:connect:${REGION}:${ACCOUNT}:instance/([0-9a-f-]{36})$`);
const PHONE_NUMBER = new RegExp(`^arn:${PARTITIONS}:connect:${REGION}:${ACCOUNT}:phone-number/([0-9a-f-]{36})$`);
const LAMBDA = new RegExp(
  `^arn:${PARTITIONS}:lambda:${REGION}:${ACCOUNT}:function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?$`,
);
const LEX_ALIAS = new RegExp(`^arn:${PARTITIONS}:lex:${REGION}:${ACCOUNT}:bot-alias/([A-Z0-9]{10})/([A-Z0-9]{10})$`);
/** Any ARN naming a 12-digit account, anywhere in a string, whatever its region segment holds (even an attribute). */
const ACCOUNT_ARN_ANYWHERE = new RegExp(`arn:${PARTITIONS}:[a-z0-9-]+:[^:\\s"']*:${ACCOUNT}:[^\\s"',]+`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ArnScope {
  partition: string;
  region: string;
  account: string;
}

export interface InstanceResourceArn extends ArnScope {
  instanceId: string;
  /** Undefined when the `<kind>` segment is not one we deploy (e.g. `view`). */
  type: InstanceResourceType | undefined;
  kind: string;
  id: string;
  /** `:$SAVED`, `:$LATEST` or `:<version>` suffix, kept as is. */
  qualifier?: string;
}

export function parseInstanceResourceArn(value: string): InstanceResourceArn | undefined {
  const m = CONNECT_INSTANCE_RESOURCE.exec(value);
  if (!m) return undefined;
  return {
    partition: m[1]!,
    region: m[2]!,
    account: m[3]!,
    instanceId: m[4]!,
    kind: m[5]!,
    type: TYPE_OF_ARN_KIND[m[5]!],
    id: m[6]!,
    ...(m[7] ? { qualifier: m[7] } : {}),
  };
}

export function parseInstanceArn(value: string): (ArnScope & { instanceId: string }) | undefined {
  const m = CONNECT_INSTANCE.exec(value);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, instanceId: m[4]! } : undefined;
}

export function parsePhoneNumberArn(value: string): (ArnScope & { id: string }) | undefined {
  const m = PHONE_NUMBER.exec(value);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, id: m[4]! } : undefined;
}

export function parseLambdaArn(value: string): (ArnScope & { name: string; qualifier?: string }) | undefined {
  const m = LAMBDA.exec(value);
  return m
    ? { partition: m[1]!, region: m[2]!, account: m[3]!, name: m[4]!, ...(m[5] ? { qualifier: m[5] } : {}) }
    : undefined;
}

export function parseLexAliasArn(value: string): (ArnScope & { botId: string; aliasId: string }) | undefined {
  const m = LEX_ALIAS.exec(value);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, botId: m[4]!, aliasId: m[5]! } : undefined;
}

/** The first ARN in `text` that names a 12-digit account, if any. */
export function findAccountArn(text: string): string | undefined {
  return ACCOUNT_ARN_ANYWHERE.exec(text)?.[0];
}

export function instanceArn(scope: ArnScope, instanceId: string): string {
  return `arn:${scope.partition}:connect:${scope.region}:${scope.account}:instance/${instanceId}`;
}

export function instanceResourceArn(scope: ArnScope, instanceId: string, type: string, id: string): string {
  const kind = ARN_KIND[type as InstanceResourceType];
  if (!kind) throw new Error(`${type} has no ARN of the form instance/<id>/<kind>/<id>`);
  return `${instanceArn(scope, instanceId)}/${kind}/${id}`;
}

export function phoneNumberArn(scope: ArnScope, id: string): string {
  return `arn:${scope.partition}:connect:${scope.region}:${scope.account}:phone-number/${id}`;
}

export function lambdaArn(scope: ArnScope, name: string, qualifier?: string): string {
  return `arn:${scope.partition}:lambda:${scope.region}:${scope.account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

export function lexAliasArn(scope: ArnScope, botId: string, aliasId: string): string {
  return `arn:${scope.partition}:lex:${scope.region}:${scope.account}:bot-alias/${botId}/${aliasId}`;
}

/** Whether an ARN's region segment is a flow attribute rather than a region. */
export function isDynamicRegion(region: string): boolean {
  return region.startsWith('$.');
}

/** The same ARN with another region segment (a dynamic one kept from the source). */
export function withRegion(arn: string, region: string | undefined): string {
  if (region === undefined) return arn;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn;
  parts[3] = region;
  return parts.join(':');
}

export function partitionOfRegion(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}
