import { compileJavaPattern } from './java-pattern.js';
import type { ServiceModel, Shape, ShapeRef } from './model.js';

/** One failed constraint, in the terms AWS reports it. */
export interface ConstraintViolation {
  /** Path in AWS's style: lower-camel member names, 1-based list positions (`keySchema.1.member.keyType`). */
  path: string;
  value: unknown;
  constraint: string;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function childPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isContainer(shape: Shape): boolean {
  return shape.type === 'structure' || shape.type === 'list' || shape.type === 'map';
}

/** Renders a value the way AWS's Java services print it in validation messages. */
function javaText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, entry]) => `${key}=${javaText(entry)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function describeValue(value: unknown): string {
  return value === null || value === undefined ? 'null' : `'${javaText(value)}'`;
}

/** AWS's message for a failed request: `1 validation error detected: Value 'x' at 'y' failed to satisfy ...`. */
export function validationMessage(violations: readonly ConstraintViolation[]): string {
  const count = violations.length;
  const details = violations.map(
    (violation) =>
      `Value ${describeValue(violation.value)} at '${violation.path}' failed to satisfy constraint: ${violation.constraint}`,
  );
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${details.join('; ')}`;
}

function sizeOf(shape: Shape, value: unknown): number | undefined {
  switch (shape.type) {
    case 'string':
      // AWS counts characters (code points), not UTF-16 units.
      return typeof value === 'string' ? [...value].length : undefined;
    case 'blob':
      return value instanceof Uint8Array ? value.length : undefined;
    case 'list':
      return Array.isArray(value) ? value.length : undefined;
    case 'map':
      return value !== null && typeof value === 'object' ? Object.keys(value).length : undefined;
    default:
      return undefined;
  }
}

/** Checks values against the constraints of a service model: required members, lengths, patterns, enums, ranges. */
export class ModelValidator {
  private readonly patterns = new Map<string, RegExp | undefined>();

  constructor(private readonly model: ServiceModel) {}

  /** Every violation in an operation's input, whose members are keyed by their model names. */
  validateInput(operation: string, input: Record<string, unknown>): ConstraintViolation[] {
    const inputRef = this.model.operation(operation)?.input;
    if (!inputRef) return [];
    return this.validateValue(inputRef, input, '');
  }

  /** Every violation in one value of a shape, reported under `path`. */
  validateValue(ref: ShapeRef, value: unknown, path: string): ConstraintViolation[] {
    const violations: ConstraintViolation[] = [];
    this.walk(ref.shape, value, path, violations);
    return violations;
  }

  private walk(shapeName: string, value: unknown, path: string, violations: ConstraintViolation[]): void {
    if (value === null || value === undefined) return;
    const shape = this.model.shape(shapeName);
    for (const constraint of this.ownViolations(shapeName, shape, value)) violations.push({ path, value, constraint });
    this.walkChildren(shape, value, path, violations);
  }

  private walkChildren(shape: Shape, value: unknown, path: string, violations: ConstraintViolation[]): void {
    if (shape.type === 'structure' && typeof value === 'object' && value !== null) {
      const fields = value as Record<string, unknown>;
      for (const member of shape.required ?? []) {
        if (fields[member] === null || fields[member] === undefined) {
          violations.push({
            path: childPath(path, lowerFirst(member)),
            value: null,
            constraint: 'Member must not be null',
          });
        }
      }
      for (const [member, ref] of Object.entries(shape.members)) {
        this.walk(ref.shape, fields[member], childPath(path, lowerFirst(member)), violations);
      }
    } else if (shape.type === 'list' && Array.isArray(value)) {
      const memberShape = this.model.shape(shape.member.shape);
      if (isContainer(memberShape)) {
        value.forEach((element, index) =>
          this.walk(shape.member.shape, element, `${childPath(path, String(index + 1))}.member`, violations),
        );
      } else {
        const failed = value.flatMap((element) => this.ownViolations(shape.member.shape, memberShape, element));
        this.pushAggregate(violations, path, value, 'Member must satisfy constraint', failed);
      }
    } else if (shape.type === 'map' && typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      const keyShape = this.model.shape(shape.key.shape);
      const valueShape = this.model.shape(shape.value.shape);
      const failedKeys = entries.flatMap(([key]) => this.ownViolations(shape.key.shape, keyShape, key));
      this.pushAggregate(violations, path, value, 'Map keys must satisfy constraint', failedKeys);
      const failedValues = entries.flatMap(([, entry]) =>
        entry === null || entry === undefined ? [] : this.ownViolations(shape.value.shape, valueShape, entry),
      );
      this.pushAggregate(violations, path, value, 'Map value must satisfy constraint', failedValues);
      if (isContainer(valueShape)) {
        for (const [key, entry] of entries) {
          if (entry !== null && entry !== undefined) {
            this.walkChildren(valueShape, entry, childPath(path, key), violations);
          }
        }
      }
    }
  }

  private pushAggregate(
    violations: ConstraintViolation[],
    path: string,
    value: unknown,
    prefix: string,
    failed: string[],
  ): void {
    if (failed.length === 0) return;
    violations.push({ path, value, constraint: `${prefix}: [${[...new Set(failed)].join(', ')}]` });
  }

  /** The constraints a value breaks by itself, without looking into its members. */
  private ownViolations(shapeName: string, shape: Shape, value: unknown): string[] {
    const failed: string[] = [];
    if (shape.type === 'boolean' || shape.type === 'timestamp') return failed;
    const size = sizeOf(shape, value);
    if (size !== undefined) {
      if (shape.min !== undefined && size < shape.min) {
        failed.push(`Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && size > shape.max) {
        failed.push(`Member must have length less than or equal to ${shape.max}`);
      }
    }
    if (shape.type === 'string' && typeof value === 'string') {
      const pattern = shape.pattern === undefined ? undefined : this.compiledPattern(shapeName, shape.pattern);
      if (pattern && !pattern.test(value)) {
        failed.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (shape.enum && !shape.enum.includes(value)) {
        failed.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
    }
    if (
      (shape.type === 'integer' || shape.type === 'long' || shape.type === 'float' || shape.type === 'double') &&
      typeof value === 'number'
    ) {
      if (shape.min !== undefined && value < shape.min) {
        failed.push(`Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value > shape.max) {
        failed.push(`Member must have value less than or equal to ${shape.max}`);
      }
    }
    return failed;
  }

  private compiledPattern(shapeName: string, pattern: string): RegExp | undefined {
    if (!this.patterns.has(shapeName)) this.patterns.set(shapeName, compileJavaPattern(pattern));
    return this.patterns.get(shapeName);
  }
}
