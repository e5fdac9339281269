import { formatError, TemplateError, type ParameterDeclaration, type Template } from './template.js';

/** A parameter as a request passes it. */
export interface ParameterInput {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

/** A parameter's value for a stack, as DescribeStacks shows it (NoEcho values as asterisks). */
export interface StackParameter {
  key: string;
  value: string;
  noEcho: boolean;
}

/** A type whose value is a list; every other supported type holds one string. */
function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || /^List<.+>$/.test(type);
}

function checkType(name: string, type: string): void {
  if (type.startsWith('AWS::SSM::Parameter::')) {
    throw formatError(`Parameter ${name} is of type ${type}: local-aws does not read Systems Manager parameters`);
  }
  const known =
    type === 'String' ||
    type === 'Number' ||
    type === 'CommaDelimitedList' ||
    /^List<(Number|String|AWS::[A-Za-z0-9:]+)>$/.test(type) ||
    /^AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+$/.test(type);
  if (!known) throw formatError(`Unrecognized parameter type: ${type}`);
}

function asNumber(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function isNumeric(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/** The first constraint a value breaks, in AWS's words, or undefined. */
function violation(name: string, declaration: ParameterDeclaration, value: string): string | undefined {
  const type = declaration.Type;
  const items = isListType(type) ? value.split(',') : [value];
  const numeric = type === 'Number' || type === 'List<Number>';
  for (const item of items) {
    if (numeric && !isNumeric(item)) return `Parameter '${name}' must be a number`;
    const allowed = declaration.AllowedValues;
    if (Array.isArray(allowed) && !allowed.some((candidate) => String(candidate) === item)) {
      return `Parameter '${name}' must be one of AllowedValues`;
    }
    if (declaration.AllowedPattern !== undefined && !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(item)) {
      return `Parameter '${name}' must match pattern ${declaration.AllowedPattern}`;
    }
    const minLength = asNumber(declaration.MinLength);
    if (minLength !== undefined && item.length < minLength) {
      return `Parameter '${name}' must contain at least ${minLength} characters`;
    }
    const maxLength = asNumber(declaration.MaxLength);
    if (maxLength !== undefined && item.length > maxLength) {
      return `Parameter '${name}' must contain at most ${maxLength} characters`;
    }
    const minValue = asNumber(declaration.MinValue);
    if (numeric && minValue !== undefined && Number(item) < minValue) {
      return `Parameter '${name}' must be a number not less than ${minValue}`;
    }
    const maxValue = asNumber(declaration.MaxValue);
    if (numeric && maxValue !== undefined && Number(item) > maxValue) {
      return `Parameter '${name}' must be a number not greater than ${maxValue}`;
    }
  }
  return undefined;
}

function isNoEcho(declaration: ParameterDeclaration): boolean {
  return declaration.NoEcho === true || String(declaration.NoEcho).toLowerCase() === 'true';
}

/**
 * The stack's parameter values: what the request gives, else the previous value where it asks for it, else the
 * default; checked against each declaration's type and constraints. Throws TemplateError with AWS's message.
 */
export function resolveParameters(
  template: Template,
  inputs: readonly ParameterInput[],
  previous: ReadonlyMap<string, string> | undefined,
): StackParameter[] {
  const declared = template.Parameters;
  const unknown = inputs.map((input) => input.ParameterKey ?? '').filter((key) => !(key in declared));
  if (unknown.length > 0) throw new TemplateError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const given = new Map(inputs.map((input) => [input.ParameterKey ?? '', input]));
  const missing: string[] = [];
  const resolved: StackParameter[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    checkType(name, declaration.Type);
    const input = given.get(name);
    let value: string | undefined;
    if (input?.UsePreviousValue) {
      if (input.ParameterValue !== undefined && input.ParameterValue !== '') {
        throw new TemplateError(
          `Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true and non empty value for a parameter key.`,
        );
      }
      value = previous?.get(name);
      if (value === undefined) {
        throw new TemplateError(
          `Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template.`,
        );
      }
    } else if (input?.ParameterValue !== undefined) {
      value = input.ParameterValue;
    } else if (declaration.Default !== undefined) {
      value = Array.isArray(declaration.Default) ? declaration.Default.join(',') : String(declaration.Default);
    }
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    const problem = violation(name, declaration, value);
    if (problem) {
      throw new TemplateError(
        declaration.ConstraintDescription
          ? `Parameter '${name}' failed to satisfy constraint: ${declaration.ConstraintDescription}`
          : problem,
      );
    }
    resolved.push({ key: name, value, noEcho: isNoEcho(declaration) });
  }
  if (missing.length > 0) throw new TemplateError(`Parameters: [${missing.join(', ')}] must have values`);
  return resolved;
}

/** The values `Ref` gives: a string, or a list of strings for list types. */
export function parameterValues(
  template: Template,
  parameters: readonly StackParameter[],
): Map<string, string | string[]> {
  return new Map(
    parameters.map(({ key, value }) => {
      const type = template.Parameters[key]?.Type ?? 'String';
      return [key, isListType(type) ? (value === '' ? [] : value.split(',')) : value];
    }),
  );
}
