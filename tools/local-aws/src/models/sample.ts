import { randomUUID } from 'node:crypto';
import { compileJavaPattern } from './java-pattern.js';
import type { ServiceModel, Shape, ShapeRef, StringShape } from './model.js';

// Minimal values that satisfy a model's constraints: the generic engine fills required output members it has no
// value for with them, and the model walk builds every operation's smallest valid input from them.

/** Characters tried, in order, for a character class or escape of a pattern. */
const CANDIDATE_CHARACTERS = [...'a1A_-.:/ b2B@+=,()\'!#$%&*;<>?[]^`{|}~"\\\t\n'];

/** Whole strings tried when the pattern-driven sample does not fit (ids, ARNs, e-mail addresses, ...). */
const CANDIDATE_STRINGS = [
  'sample',
  'a',
  '1',
  'ABCDEFGHIJ',
  '123456789012',
  'en_US',
  'en-US',
  'us-east-1',
  '2024-01-01',
  '12:00',
  'sample@example.com',
  '+12065550100',
  'https://example.com',
  'arn:aws:iam::123456789012:role/sample',
  'arn:aws:connect:us-east-1:123456789012:instance/00000000-0000-4000-8000-000000000000',
  'arn:aws:lambda:us-east-1:123456789012:function:sample',
  's3://sample-bucket/sample',
  '{}',
  'Sample-Passw0rd',
];

/** Reads a JavaScript pattern (as `compileJavaPattern` translated it) and writes the shortest string it accepts. */
class PatternSampler {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly flags: string,
    /** How many times `*`, `+` and open-ended `{n,}` repeat their atom. */
    private readonly repeat: number,
  ) {}

  sample(): string | undefined {
    try {
      const text = this.alternation();
      return this.position === this.source.length ? text : undefined;
    } catch {
      return undefined;
    }
  }

  private alternation(): string {
    const first = this.sequence();
    while (this.source[this.position] === '|') {
      this.position += 1;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let text = '';
    while (this.position < this.source.length && !'|)'.includes(this.source[this.position] as string)) {
      const atom = this.atom();
      text += this.quantified(atom);
    }
    return text;
  }

  private quantified(atom: () => string): string {
    const rest = this.source.slice(this.position);
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    let min = 1;
    let max = 1;
    if (rest.startsWith('*')) [min, max, this.position] = [0, Infinity, this.position + 1];
    else if (rest.startsWith('+')) [min, max, this.position] = [1, Infinity, this.position + 1];
    else if (rest.startsWith('?')) [min, max, this.position] = [0, 1, this.position + 1];
    else if (braces) {
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
      this.position += braces[0].length;
    }
    if ('?+'.includes(this.source[this.position] ?? '') && (min !== 1 || max !== 1)) this.position += 1;
    const count = Math.min(max, Math.max(min, max === Infinity ? this.repeat : min));
    let text = '';
    for (let index = 0; index < count; index += 1) text += atom();
    return text;
  }

  /** Parses one atom and returns how to write it; a group is parsed once and its text reused. */
  private atom(): () => string {
    const char = this.source[this.position] as string;
    if (char === '^' || char === '$') {
      this.position += 1;
      return () => '';
    }
    if (char === '(') {
      this.position += 1;
      const lookaround = /^\?(<?[=!])/.exec(this.source.slice(this.position));
      if (lookaround) throw new Error('lookaround');
      const named = /^\?(:|<[A-Za-z]\w*>)/.exec(this.source.slice(this.position));
      if (named) this.position += named[0].length;
      const text = this.alternation();
      if (this.source[this.position] !== ')') throw new Error('unclosed group');
      this.position += 1;
      return () => text;
    }
    if (!'[\\.'.includes(char)) {
      this.position += 1;
      return () => char;
    }
    let end = this.position + 1;
    if (char === '[') {
      end = this.classEnd(this.position);
    } else if (char === '\\') {
      const escape = /^\\([pP]\{[^}]+\}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/su.exec(
        this.source.slice(this.position),
      );
      end = this.position + (escape?.[0].length ?? 1);
    }
    const piece = this.source.slice(this.position, end);
    this.position = end;
    const chosen = pickCharacter(piece, this.flags);
    if (chosen === undefined) throw new Error(`no character fits ${piece}`);
    return () => chosen;
  }

  private classEnd(start: number): number {
    let index = start + 1;
    if (this.source[index] === '^') index += 1;
    if (this.source[index] === ']') index += 1;
    while (index < this.source.length && this.source[index] !== ']') {
      index += this.source[index] === '\\' ? 2 : 1;
    }
    return index + 1;
  }
}

function pickCharacter(piece: string, flags: string): string | undefined {
  if (piece === '.') return 'a';
  let matcher: RegExp;
  try {
    matcher = new RegExp(`^(?:${piece})$`, flags.replace('g', ''));
  } catch {
    return undefined;
  }
  return CANDIDATE_CHARACTERS.find((candidate) => matcher.test(candidate));
}

function lengthFits(shape: StringShape, value: string): boolean {
  const length = [...value].length;
  return length >= (shape.min ?? 0) && length <= (shape.max ?? Infinity);
}

const stringSamples = new WeakMap<StringShape, string>();

/** The shortest plausible string for a string shape: its first enum value, or one its pattern and lengths accept. */
export function sampleString(shape: StringShape): string {
  const cached = stringSamples.get(shape);
  if (cached !== undefined) return cached;
  const value = computeSampleString(shape);
  stringSamples.set(shape, value);
  return value;
}

function computeSampleString(shape: StringShape): string {
  if (shape.enum && shape.enum.length > 0) return shape.enum[0] as string;
  const min = Math.max(shape.min ?? 1, 1);
  const pattern = shape.pattern === undefined ? undefined : compileJavaPattern(shape.pattern);
  if (!pattern) return 'a'.repeat(Math.min(min, shape.max ?? min)).replace(/^a/, 's');
  const fits = (value: string) => lengthFits(shape, value) && pattern.test(value);
  for (const repeat of [1, min, 3, 8, 12, 20, 36]) {
    const candidate = new PatternSampler(pattern.source, pattern.flags, repeat).sample();
    if (candidate !== undefined && fits(candidate)) return candidate;
  }
  const known = [...CANDIDATE_STRINGS, randomUUID()].find(fits);
  if (known !== undefined) return known;
  return 'a'.repeat(min);
}

/**
 * The smallest value of a shape that its constraints accept: required members only, lists and maps at their
 * minimum size (a required list with one item), numbers at their minimum (or 1), the first enum value; a union
 * gets its first member.
 */
export function sampleValue(model: ServiceModel, ref: ShapeRef, depth = 0, required = false): unknown {
  const shape: Shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure': {
      const value: Record<string, unknown> = {};
      if (depth > 12) return value;
      const required = shape.union ? Object.keys(shape.members).slice(0, 1) : (shape.required ?? []);
      for (const member of required) {
        const memberRef = shape.members[member];
        if (memberRef) value[member] = sampleValue(model, memberRef, depth + 1, true);
      }
      return value;
    }
    case 'list':
      // A required list has an item: an empty one is left out of query strings, as if it were missing.
      return Array.from({ length: Math.max(shape.min ?? 0, required ? 1 : 0) }, () =>
        sampleValue(model, shape.member, depth + 1),
      );
    case 'map': {
      const entries: [string, unknown][] = [];
      for (let index = 0; index < (shape.min ?? 0); index += 1) {
        const key = sampleValue(model, shape.key, depth + 1) as string;
        entries.push([`${key}${index === 0 ? '' : index}`, sampleValue(model, shape.value, depth + 1)]);
      }
      return Object.fromEntries(entries);
    }
    case 'string':
      return sampleString(shape);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return Math.min(shape.max ?? Infinity, Math.max(shape.min ?? 1, 1));
    case 'boolean':
      return false;
    case 'timestamp':
      return new Date();
    case 'blob':
      return Buffer.alloc(Math.max(shape.min ?? 1, 1), 'a');
  }
}
