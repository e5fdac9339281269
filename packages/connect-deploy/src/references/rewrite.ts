import {
  UUID,
  findAccountArn,
  parseInstanceResourceArn,
  parseLambdaArn,
  parseLexAliasArn,
  parsePhoneNumberArn,
} from './arns.js';
import { isRefObject, refShapeProblem, type InstanceResourceType, type SymbolicRef } from './types.js';

export type JsonPath = readonly (string | number)[];

/** `Actions[3].Parameters.QueueId` */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    '',
  );
}

export interface ReferenceProblem {
  path: JsonPath;
  message: string;
}

/** What the exporter knows about the source instance, to turn its identifiers into symbolic references. */
export interface SourceIndex {
  instanceId: string;
  /** Every resource of the instance by id (all types), with its name. */
  resources: ReadonlyMap<string, { type: InstanceResourceType; name: string }>;
  /** Claimed phone numbers by id, already turned into their logical names. */
  phoneNumbers: ReadonlyMap<string, string>;
  /** Lex V2 aliases by `botId/aliasId`, with logical bot name and alias name. */
  lexAliases: ReadonlyMap<string, { bot: string; alias: string }>;
  /** Function name in the source environment -> logical name. */
  lambdaLogicalName(functionName: string): string;
}

/**
 * Replaces every instance-specific identifier in `value` with a symbolic reference. Full ARNs and bare ids of the
 * instance's resources, phone number ARNs and ids, Lambda function ARNs and Lex V2 alias ARNs are rewritten;
 * dynamic values (`$.Attributes.x`) and AWS-managed ARNs (no account number) are left alone. Anything else that
 * names an account (an ARN inside a longer string, a resource of another instance) is reported, not guessed at.
 */
export function symbolize(
  value: unknown,
  index: SourceIndex,
  problems: ReferenceProblem[],
  path: JsonPath = [],
): unknown {
  if (typeof value === 'string') return symbolizeString(value, index, problems, path);
  if (Array.isArray(value)) return value.map((v, i) => symbolize(v, index, problems, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = symbolize(v, index, problems, [...path, k]);
    return out;
  }
  return value;
}

function symbolizeString(value: string, index: SourceIndex, problems: ReferenceProblem[], path: JsonPath): unknown {
  if (UUID.test(value)) {
    const known = index.resources.get(value);
    if (known) return { $ref: known.type, name: known.name, form: 'id' } satisfies SymbolicRef;
    const phone = index.phoneNumbers.get(value);
    if (phone !== undefined) return { $ref: 'phone-number', number: phone, form: 'id' } satisfies SymbolicRef;
    return value;
  }
  if (!value.startsWith('arn:')) {
    const embedded = findAccountArn(value);
    if (embedded)
      problems.push({
        path,
        message: `ARN ${embedded} inside a longer string is left as is; make it a whole value or a flow attribute`,
      });
    return value;
  }
  const resource = parseInstanceResourceArn(value);
  if (resource) {
    const known = index.resources.get(resource.id);
    if (resource.instanceId !== index.instanceId) {
      problems.push({
        path,
        message: `${value} belongs to another Connect instance (${resource.instanceId}); it cannot be carried to another account`,
      });
      return value;
    }
    if (!known || (resource.type && known.type !== resource.type) || resource.qualifier) {
      problems.push({
        path,
        message: `${value} does not name a ${resource.type ?? resource.kind} that can be exported from this instance`,
      });
      return value;
    }
    return { $ref: known.type, name: known.name } satisfies SymbolicRef;
  }
  const phone = parsePhoneNumberArn(value);
  if (phone) {
    const number = index.phoneNumbers.get(phone.id);
    if (number === undefined) {
      problems.push({ path, message: `${value} is not a phone number claimed by this instance` });
      return value;
    }
    return { $ref: 'phone-number', number } satisfies SymbolicRef;
  }
  const lambda = parseLambdaArn(value);
  if (lambda) {
    return {
      $ref: 'lambda',
      function: index.lambdaLogicalName(lambda.name),
      ...(lambda.qualifier ? { qualifier: lambda.qualifier } : {}),
    } satisfies SymbolicRef;
  }
  const lex = parseLexAliasArn(value);
  if (lex) {
    const alias = index.lexAliases.get(`${lex.botId}/${lex.aliasId}`);
    if (!alias) {
      problems.push({ path, message: `${value} is not a Lex V2 bot alias associated with this instance` });
      return value;
    }
    return { $ref: 'lex', bot: alias.bot, alias: alias.alias } satisfies SymbolicRef;
  }
  const other = findAccountArn(value);
  if (other)
    problems.push({
      path,
      message: `${value} names account-specific resource that is not deployed with the instance; it is left as is`,
    });
  return value;
}

/** Calls `visit` for every `$ref` object in `value` (depth-first, document order). */
export function forEachRef(
  value: unknown,
  visit: (ref: Record<string, unknown>, path: JsonPath) => void,
  path: JsonPath = [],
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => forEachRef(v, visit, [...path, i]));
  } else if (isRefObject(value)) {
    visit(value, path);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) forEachRef(v, visit, [...path, k]);
  }
}

/** Validates the shape of every `$ref` in `value`. */
export function refShapeProblems(value: unknown): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  forEachRef(value, (ref, path) => {
    const message = refShapeProblem(ref);
    if (message) problems.push({ path, message });
  });
  return problems;
}

/**
 * Replaces every symbolic reference with the concrete identifier `resolve` returns (an ARN, or an id where the
 * reference has `form: "id"`). References it cannot resolve are reported and left in place.
 */
export function concretize(
  value: unknown,
  resolve: (ref: SymbolicRef) => string | undefined,
  problems: (ReferenceProblem & { ref: SymbolicRef })[],
  path: JsonPath = [],
): unknown {
  if (Array.isArray(value)) return value.map((v, i) => concretize(v, resolve, problems, [...path, i]));
  if (isRefObject(value)) {
    const ref = value as unknown as SymbolicRef;
    const concrete = resolve(ref);
    if (concrete === undefined) {
      problems.push({ path, ref, message: 'unresolved' });
      return value;
    }
    return concrete;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = concretize(v, resolve, problems, [...path, k]);
    return out;
  }
  return value;
}

/** Strings that still name an account after concretizing (they would point into another account). */
export function accountArns(
  value: unknown,
  path: JsonPath = [],
  out: { path: JsonPath; arn: string }[] = [],
): { path: JsonPath; arn: string }[] {
  if (typeof value === 'string') {
    const arn = findAccountArn(value);
    if (arn) out.push({ path, arn });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => accountArns(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object' && !isRefObject(value)) {
    for (const [k, v] of Object.entries(value)) accountArns(v, [...path, k], out);
  }
  return out;
}
