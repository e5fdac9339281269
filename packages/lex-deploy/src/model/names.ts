import { UsageError, expandPlaceholders, type PlaceholderValues } from '@edd/core';

/** `aws`, `aws-cn` or `aws-us-gov`, from the region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export interface Place {
  account: string;
  region: string;
}

export function botArn({ account, region }: Place, botId: string): string {
  return `arn:${partitionOf(region)}:lex:${region}:${account}:bot/${botId}`;
}

export function botAliasArn({ account, region }: Place, botId: string, aliasId: string): string {
  return `arn:${partitionOf(region)}:lex:${region}:${account}:bot-alias/${botId}/${aliasId}`;
}

const LEX_NAME = /^([0-9a-zA-Z][_-]?)+$/;

/** Refuses a bot or alias name Lex would refuse, naming where it came from. */
export function checkName(name: string, what: 'bot' | 'alias', where: string): string {
  if (!LEX_NAME.test(name) || name.length > 100)
    throw new UsageError(
      `${where}: '${name}' is not a valid ${what} name (up to 100 letters and digits, single _ or - between them)`,
    );
  return name;
}

/**
 * The bot's name in an environment from its name in the export, by a template such as `${name}-${Environment}`
 * (`${name}` alone when none is given); `${Environment}`, `${AccountNumber}` and `${Region}` are expanded.
 */
export function botNameIn(
  template: string | undefined,
  name: string,
  values: PlaceholderValues,
  where: string,
): string {
  const parts = (template ?? '${name}').split('${name}');
  const expanded = parts.map((part) => expandPlaceholders(part, values, where)).join(name);
  return checkName(expanded, 'bot', where);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The export name of a bot from its name in an environment: the reverse of {@link botNameIn}. Names that do not
 * follow the template are kept as they are. `environments` lists the environment names `${Environment}` may
 * stand for (the source's when exporting; every registry name when reading an archive of unknown origin).
 */
export function exportName(
  template: string | undefined,
  actual: string,
  values: Omit<PlaceholderValues, 'Environment'>,
  environments: readonly string[],
): string {
  if (!template || !template.includes('${name}')) return actual;
  const alternatives = [...environments]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|');
  const pattern = template
    .split(/(\$\{name\}|\$\{Environment\}|\$\{AccountNumber\}|\$\{Region\})/)
    .map((part) => {
      if (part === '${name}') return '(?<name>.+?)';
      if (part === '${Environment}') return `(?:${alternatives})`;
      if (part === '${AccountNumber}') return escapeRegex(values.AccountNumber);
      if (part === '${Region}') return escapeRegex(values.Region);
      return escapeRegex(part);
    })
    .join('');
  const match = new RegExp(`^${pattern}$`, 'i').exec(actual);
  return match?.groups?.name ?? actual;
}

/**
 * The bot's IAM role: an ARN as given, or a role name of the target account. Lex's service-linked roles
 * (`AWSServiceRoleForLexV2Bots_*`) live under their service path.
 */
export function roleArn(role: string, place: Place): string {
  if (role.startsWith('arn:')) return role;
  const path = role.startsWith('AWSServiceRoleForLexV2Bots') ? 'aws-service-role/lexv2.amazonaws.com/' : '';
  return `arn:${partitionOf(place.region)}:iam::${place.account}:role/${path}${role}`;
}

/** A Lambda function named by a code hook setting: its unqualified ARN, and the qualifier when one was given. */
export interface FunctionRef {
  arn: string;
  qualifier?: string;
  /** What Lex calls: the ARN with its qualifier. */
  qualifiedArn: string;
}

const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;
const FUNCTION_NAME = /^([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9_$-]+))?$/;

/** Reads `name`, `name:qualifier` or a function ARN; a bare name is a function of the target account and region. */
export function functionRef(text: string, place: Place, where: string): FunctionRef {
  const arn = FUNCTION_ARN.exec(text);
  const named = arn ? undefined : FUNCTION_NAME.exec(text);
  if (!arn && !named) throw new UsageError(`${where}: '${text}' is neither a Lambda function name nor a function ARN`);
  const unqualified = arn
    ? `arn:${arn[1]}:lambda:${arn[2]}:${arn[3]}:function:${arn[4]}`
    : `arn:${partitionOf(place.region)}:lambda:${place.region}:${place.account}:function:${named![1]}`;
  const qualifier = arn ? arn[5] : named![2];
  return {
    arn: unqualified,
    ...(qualifier ? { qualifier } : {}),
    qualifiedArn: qualifier ? `${unqualified}:${qualifier}` : unqualified,
  };
}

/** `edd-lex-fulfillment-qa`, `edd-lex-fulfillment-qa:live`: a code hook function as people name it. */
export function functionLabel(fn: FunctionRef): string {
  return fn.qualifiedArn.slice(fn.qualifiedArn.indexOf(':function:') + ':function:'.length);
}
