import { formatError, TemplateError, type Template } from './template.js';

/**
 * A value that exists only once a resource is created or replaced (its name, its ARN): a change set plans with it,
 * and the execution evaluates the template again when the resource is there.
 */
export class Unresolved {
  constructor(readonly logicalId: string) {}
}

/** What `Ref: AWS::NoValue` evaluates to: the property or list item holding it disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** A resource as intrinsic functions see it. */
export interface ResourceView {
  ref(): unknown;
  /** The attribute's value; throws TemplateError if the type has no such attribute. */
  attribute(name: string): unknown;
}

export interface EvaluationScope {
  /** Parameter values: strings, or lists of strings for list types. */
  parameters: ReadonlyMap<string, string | string[]>;
  /** `AWS::Region`, `AWS::AccountId`...; `AWS::NoValue` is handled apart. */
  pseudo: Readonly<Record<string, string | string[]>>;
  mappings: Template['Mappings'];
  condition(name: string): boolean;
  /** The resource of that logical id, or undefined when the template has none (or its condition is false). */
  resource(logicalId: string): ResourceView | undefined;
  importValue(exportName: string): string;
}

const UNSUPPORTED = new Set(['Fn::Cidr', 'Fn::Transform', 'Fn::Length', 'Fn::ToJsonString', 'Fn::ForEach']);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved);
}

/** The function an object calls (`Ref`, `Fn::Join`), if it is a function call: an object with that one key. */
export function functionName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  const [key] = keys;
  return keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::')) ? key : undefined;
}

function unresolvedDependency(name: string): TemplateError {
  return formatError(`Unresolved resource dependencies [${name}] in the Resources block of the template`);
}

function templateError(detail: string): TemplateError {
  return new TemplateError(`Template error: ${detail}`);
}

function scalarText(value: unknown, context: string): string | Unresolved {
  if (value instanceof Unresolved) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw templateError(`every ${context} object must be a string`);
}

function listOperand(value: unknown, name: string, size?: number): unknown[] {
  if (!Array.isArray(value) || (size !== undefined && value.length !== size)) {
    throw templateError(`${name} requires a list${size === undefined ? '' : ` of ${size} elements`}`);
  }
  return value;
}

function firstUnresolved(values: unknown[]): Unresolved | undefined {
  return values.find((value): value is Unresolved => value instanceof Unresolved);
}

/** The `${...}` placeholders of an Fn::Sub string; `${!Literal}` writes `${Literal}` and is no placeholder. */
function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)]
    .map((match) => (match[1] ?? '').trim())
    .filter((name) => !name.startsWith('!'));
}

/** Evaluates the intrinsic functions in a template value, as CloudFormation does when it uses the value. */
export class Evaluator {
  constructor(private readonly scope: EvaluationScope) {}

  evaluate(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.evaluate(item)).filter((item) => item !== NO_VALUE);
    const name = functionName(value);
    if (name) return this.call(name, (value as Record<string, unknown>)[name]);
    if (isRecord(value)) {
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const evaluated = this.evaluate(item);
        if (evaluated !== NO_VALUE) result[key] = evaluated;
      }
      return result;
    }
    return value;
  }

  /** A condition's operand: a function that yields a boolean, or `{Condition: name}`. */
  condition(value: unknown): boolean {
    if (isRecord(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
      return this.scope.condition(value.Condition);
    }
    const result = this.evaluate(value);
    if (typeof result === 'boolean') return result;
    if (result === 'true' || result === 'false') return result === 'true';
    throw templateError('Conditions can only be boolean operations on parameters and other conditions');
  }

  private string(value: unknown, context: string): string | Unresolved {
    return scalarText(this.evaluate(value), context);
  }

  private list(value: unknown, context: string): unknown[] | Unresolved {
    const evaluated = this.evaluate(value);
    if (evaluated instanceof Unresolved) return evaluated;
    if (!Array.isArray(evaluated)) throw templateError(`${context} requires a list`);
    return evaluated;
  }

  private call(name: string, operand: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(operand);
      case 'Fn::GetAtt':
        return this.getAtt(operand);
      case 'Fn::Join':
        return this.join(operand);
      case 'Fn::Sub':
        return this.sub(operand);
      case 'Fn::Select':
        return this.select(operand);
      case 'Fn::Split':
        return this.split(operand);
      case 'Fn::If':
        return this.if(operand);
      case 'Fn::Equals': {
        const [left, right] = listOperand(operand, 'Fn::Equals', 2).map((item) => this.evaluate(item));
        const unresolved = firstUnresolved([left, right]);
        if (unresolved) return unresolved;
        return JSON.stringify(normalize(left)) === JSON.stringify(normalize(right));
      }
      case 'Fn::Not':
        return !this.condition(listOperand(operand, 'Fn::Not', 1)[0]);
      case 'Fn::And':
      case 'Fn::Or': {
        const operands = listOperand(operand, name);
        if (operands.length < 2 || operands.length > 10) {
          throw templateError(`${name} requires a list of 2 to 10 conditions`);
        }
        const values = operands.map((item) => this.condition(item));
        return name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::FindInMap':
        return this.findInMap(operand);
      case 'Fn::ImportValue': {
        const exportName = this.string(operand, 'Fn::ImportValue');
        return exportName instanceof Unresolved ? exportName : this.scope.importValue(exportName);
      }
      case 'Fn::Base64': {
        const text = this.string(operand, 'Fn::Base64');
        return text instanceof Unresolved ? text : Buffer.from(text, 'utf8').toString('base64');
      }
      case 'Fn::GetAZs': {
        const region = this.string(operand, 'Fn::GetAZs');
        if (region instanceof Unresolved) return region;
        const inRegion = region === '' ? (this.scope.pseudo['AWS::Region'] as string) : region;
        return ['a', 'b', 'c'].map((zone) => `${inRegion}${zone}`);
      }
      default:
        if (UNSUPPORTED.has(name)) throw templateError(`${name} is not evaluated by local-aws`);
        throw templateError(`Encountered unsupported function: ${name}`);
    }
  }

  private ref(operand: unknown): unknown {
    if (typeof operand !== 'string') throw templateError('Ref requires a string');
    if (operand === 'AWS::NoValue') return NO_VALUE;
    const pseudo = this.scope.pseudo[operand];
    if (pseudo !== undefined) return pseudo;
    const parameter = this.scope.parameters.get(operand);
    if (parameter !== undefined) return parameter;
    const resource = this.scope.resource(operand);
    if (!resource) throw unresolvedDependency(operand);
    return resource.ref();
  }

  private getAtt(operand: unknown): unknown {
    const parts =
      typeof operand === 'string'
        ? [operand.slice(0, operand.indexOf('.')), operand.slice(operand.indexOf('.') + 1)]
        : operand;
    const [logicalId, attribute] = listOperand(parts, 'Fn::GetAtt', 2).map((item) => this.evaluate(item));
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
      throw templateError('Fn::GetAtt requires a resource name and an attribute name');
    }
    const resource = this.scope.resource(logicalId);
    if (!resource) throw templateError(`instance of Fn::GetAtt references undefined resource ${logicalId}`);
    return resource.attribute(attribute);
  }

  private join(operand: unknown): unknown {
    const [delimiter, items] = listOperand(operand, 'Fn::Join', 2);
    const separator = this.string(delimiter, 'Fn::Join delimiter');
    const values = this.list(items, 'Fn::Join');
    if (separator instanceof Unresolved) return separator;
    if (values instanceof Unresolved) return values;
    const parts = values.map((item) => scalarText(item, 'Fn::Join'));
    return firstUnresolved(parts) ?? parts.join(separator);
  }

  private sub(operand: unknown): unknown {
    const [text, variables = {}] = typeof operand === 'string' ? [operand] : listOperand(operand, 'Fn::Sub');
    if (typeof text !== 'string') throw templateError('Fn::Sub requires a string');
    if (!isRecord(variables)) throw templateError('Fn::Sub variables must be an object');
    const values = new Map(Object.entries(variables).map(([name, value]) => [name, this.evaluate(value)]));
    let unresolved: Unresolved | undefined;
    const result = text.replace(/\$\{([^}]*)\}/g, (placeholder, inner: string) => {
      const name = inner.trim();
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const value = values.has(name) ? values.get(name) : this.subVariable(name);
      const textValue = scalarText(value, `Fn::Sub variable ${name}`);
      if (textValue instanceof Unresolved) {
        unresolved ??= textValue;
        return placeholder;
      }
      return textValue;
    });
    return unresolved ?? result;
  }

  private subVariable(name: string): unknown {
    const dot = name.indexOf('.');
    if (dot !== -1 && !name.startsWith('AWS::')) {
      const resource = this.scope.resource(name.slice(0, dot));
      if (!resource) throw unresolvedDependency(name.slice(0, dot));
      return resource.attribute(name.slice(dot + 1));
    }
    const value = this.ref(name);
    if (Array.isArray(value))
      throw templateError(`variable ${name} in Fn::Sub expression does not resolve to a string`);
    return value;
  }

  private select(operand: unknown): unknown {
    const [index, items] = listOperand(operand, 'Fn::Select', 2);
    const position = this.evaluate(index);
    const values = this.list(items, 'Fn::Select');
    if (position instanceof Unresolved) return position;
    if (values instanceof Unresolved) return values;
    const number = Number(position);
    if (!Number.isInteger(number) || number < 0 || number >= values.length) {
      throw templateError(`Fn::Select cannot select nonexistent value at index ${String(position)}`);
    }
    return values[number];
  }

  private split(operand: unknown): unknown {
    const [delimiter, source] = listOperand(operand, 'Fn::Split', 2);
    const separator = this.string(delimiter, 'Fn::Split delimiter');
    const text = this.string(source, 'Fn::Split');
    if (separator instanceof Unresolved) return separator;
    if (text instanceof Unresolved) return text;
    return text.split(separator);
  }

  private if(operand: unknown): unknown {
    const [name, whenTrue, whenFalse] = listOperand(operand, 'Fn::If', 3);
    if (typeof name !== 'string') throw templateError('Fn::If requires a condition name');
    return this.evaluate(this.scope.condition(name) ? whenTrue : whenFalse);
  }

  private findInMap(operand: unknown): unknown {
    const keys = listOperand(operand, 'Fn::FindInMap', 3).map((item) => this.string(item, 'Fn::FindInMap key'));
    const unresolved = firstUnresolved(keys);
    if (unresolved) return unresolved;
    const [map, top, second] = keys as string[];
    const value = this.scope.mappings[map as string]?.[top as string]?.[second as string];
    if (value === undefined) throw templateError(`Unable to get mapping for ${map}::${top}::${second}`);
    return value;
  }
}

/** Scalars as CloudFormation compares and passes them: as text. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, normalize(value[key])]),
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}

/** Whether two evaluated values are the same to CloudFormation; an unresolved value is never the same. */
export function sameValue(left: unknown, right: unknown): boolean {
  if (containsUnresolved(left) || containsUnresolved(right)) return false;
  return JSON.stringify(normalize(left)) === JSON.stringify(normalize(right));
}

export function containsUnresolved(value: unknown): boolean {
  if (value instanceof Unresolved) return true;
  if (Array.isArray(value)) return value.some(containsUnresolved);
  if (isRecord(value)) return Object.values(value).some(containsUnresolved);
  return false;
}

/**
 * The names a value refers to (Ref, Fn::GetAtt, Fn::Sub placeholders), following only the branch of each Fn::If
 * that its condition picks: CloudFormation orders resources by these.
 */
export function referencedNames(value: unknown, condition: (name: string) => boolean): Set<string> {
  const names = new Set<string>();
  const visit = (item: unknown): void => {
    if (Array.isArray(item)) {
      item.forEach(visit);
      return;
    }
    const name = functionName(item);
    if (!name) {
      if (isRecord(item)) Object.values(item).forEach(visit);
      return;
    }
    const operand = (item as Record<string, unknown>)[name];
    if (name === 'Ref' && typeof operand === 'string') names.add(operand);
    else if (name === 'Fn::GetAtt') {
      const first =
        typeof operand === 'string' ? operand.split('.')[0] : Array.isArray(operand) ? operand[0] : undefined;
      if (typeof first === 'string') names.add(first);
      else visit(operand);
    } else if (name === 'Fn::Sub') {
      const [text, variables] = typeof operand === 'string' ? [operand, {}] : Array.isArray(operand) ? operand : [];
      const local = isRecord(variables) ? new Set(Object.keys(variables)) : new Set<string>();
      if (typeof text === 'string') {
        for (const variable of subVariables(text)) {
          const target = variable.startsWith('AWS::') ? variable : (variable.split('.')[0] ?? variable);
          if (!local.has(variable)) names.add(target);
        }
      }
      if (isRecord(variables)) Object.values(variables).forEach(visit);
    } else if (name === 'Fn::If' && Array.isArray(operand) && typeof operand[0] === 'string') {
      visit(condition(operand[0]) ? operand[1] : operand[2]);
    } else visit(operand);
  };
  visit(value);
  return names;
}
