import type { ServiceModel, ShapeRef } from './model.js';

// What a JSON response must be for the SDKs, boto3 and the AWS CLI to read it: every member one the output shape
// has, of its type, enum values from the enum, required members present. Patterns and lengths are not checked:
// AWS's own responses break them (a view's `ViewContentSha256` is a 64-character hash against a one-character
// pattern), and the SDKs never check them.

/** One problem with a response body, at a JSON path such as `View.Content.Actions[0]`. */
export interface OutputProblem {
  path: string;
  problem: string;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}

/**
 * Checks a JSON response body (restJson1 or awsJson: members by their `locationName`, timestamps as epoch seconds
 * or ISO 8601 strings, blobs in base64) against an output shape. Members bound to headers or the status code are
 * not in the body and not looked for there.
 */
export function validateJsonOutput(model: ServiceModel, ref: ShapeRef, value: unknown, path = ''): OutputProblem[] {
  const problems: OutputProblem[] = [];
  walk(model, ref, value, path, problems, true);
  return problems;
}

function walk(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  path: string,
  problems: OutputProblem[],
  top: boolean,
): void {
  const shape = model.shape(ref.shape);
  const fail = (problem: string) => problems.push({ path: path || '(body)', problem });
  if (value === null || value === undefined) return;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value))
        return void fail(`expected an object, got ${describe(value)}`);
      const fields = value as Record<string, unknown>;
      const byWireName = new Map<string, [string, ShapeRef]>();
      for (const [member, memberRef] of Object.entries(shape.members)) {
        if (top && memberRef.location !== undefined) continue;
        byWireName.set(memberRef.locationName ?? member, [member, memberRef]);
      }
      for (const [key, child] of Object.entries(fields)) {
        const entry = byWireName.get(key);
        if (!entry) fail(`member ${key} is not in ${ref.shape}`);
        else walk(model, entry[1], child, join(path, key), problems, false);
      }
      for (const member of shape.required ?? []) {
        const memberRef = shape.members[member];
        if (!memberRef || (top && memberRef.location !== undefined)) continue;
        const child = fields[memberRef.locationName ?? member];
        if (child === undefined || child === null) fail(`required member ${member} of ${ref.shape} is missing`);
      }
      if (shape.union && Object.values(fields).filter((child) => child !== null && child !== undefined).length > 1) {
        fail(`union ${ref.shape} has more than one member set`);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return void fail(`expected an array, got ${describe(value)}`);
      value.forEach((item, index) => walk(model, shape.member, item, `${path}[${index}]`, problems, false));
      return;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value))
        return void fail(`expected an object, got ${describe(value)}`);
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        walk(model, shape.value, child, join(path, key), problems, false);
      }
      return;
    case 'string':
      if (typeof value !== 'string') return void fail(`expected a string, got ${describe(value)}`);
      if (shape.enum && !shape.enum.includes(value)) fail(`'${value}' is not one of ${ref.shape}'s values`);
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(`expected an integer, got ${describe(value)}`);
      return;
    case 'float':
    case 'double':
      if (typeof value !== 'number' && !['NaN', 'Infinity', '-Infinity'].includes(String(value))) {
        fail(`expected a number, got ${describe(value)}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected a boolean, got ${describe(value)}`);
      return;
    case 'timestamp':
      if (typeof value === 'number' ? !Number.isFinite(value) : Number.isNaN(Date.parse(String(value)))) {
        fail(`expected a timestamp, got ${JSON.stringify(value)}`);
      }
      return;
    case 'blob':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) fail('expected base64 text');
      return;
  }
}

/** The problems of an operation's JSON answer against its output shape, one line each; none when it conforms. */
export function outputProblems(model: ServiceModel, operationName: string, body: unknown): string[] {
  const operation = model.operation(operationName);
  if (!operation) return [`${operationName} is not an operation of the model`];
  if (!operation.output) {
    const empty = body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0);
    return empty ? [] : [`${operationName} has no output, yet answered a body`];
  }
  return validateJsonOutput(model, { shape: operation.output.shape }, body ?? {}).map(
    (p) => `${p.path || '(body)'}: ${p.problem}`,
  );
}
