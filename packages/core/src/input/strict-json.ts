/**
 * JSON as an untrusted input: `JSON.parse` keeps the last of two equal keys without a word, so a reviewer who reads
 * the first one approves something other than what is deployed. These parse like `JSON.parse` and refuse a key that
 * appears twice in one object, saying where.
 */

export interface JsonProblem {
  /** 1-based line of the problem in the text. */
  line: number;
  /** 1-based column. */
  column: number;
  /** JSON path of the object holding a duplicate key (`Actions[3].Parameters`), when there is one. */
  path?: string;
  message: string;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; problem: JsonProblem };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

interface Frame {
  /** Keys seen in this object; undefined for arrays. */
  keys?: Set<string>;
  /** Segment of this container in its parent's path. */
  segment: string;
  /** Arrays: index of the current element. Objects: whether the next string is a key. */
  index: number;
  expectKey: boolean;
  /** Objects: the key whose value is being read (the path segment of a child container). */
  key?: string;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function pathOf(stack: readonly Frame[]): string {
  return stack
    .slice(1)
    .map((f) => f.segment)
    .join('')
    .replace(/^\./, '');
}

function segmentFor(parent: Frame | undefined): string {
  if (!parent) return '';
  if (parent.keys) {
    const key = parent.key ?? '';
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return `[${parent.index}]`;
}

/**
 * The first key that appears twice in one object of `text` (which must already be valid JSON), with its place.
 * One pass over the characters, no values built: cheap enough for every line of a large data file.
 */
export function findDuplicateKey(text: string): JsonProblem | undefined {
  const stack: Frame[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let escaped = false;
      i++;
      for (; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) {
          escaped = true;
          i++;
        } else if (d === QUOTE) break;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(start + 1, i);
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : raw;
        if (top.keys.has(key)) {
          const where = position(text, start);
          const path = pathOf(stack);
          return {
            ...where,
            ...(path ? { path } : {}),
            message: `key ${JSON.stringify(key)} appears twice${path ? ` in ${path}` : ''}; JSON keeps only the last one, so remove or rename one of them`,
          };
        }
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const parent = stack[stack.length - 1];
      stack.push({
        ...(c === OPEN_BRACE ? { keys: new Set<string>() } : {}),
        segment: segmentFor(parent),
        index: 0,
        expectKey: c === OPEN_BRACE,
      });
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    } else if (c === COLON) {
      // the value of the current key follows
    }
  }
  return undefined;
}

function syntaxProblem(text: string, error: Error): JsonProblem {
  const message = error.message.replace(/^JSON\.parse: /, '');
  const at = /position (\d+)/.exec(message)?.[1];
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const where =
    at !== undefined
      ? position(text, Number(at))
      : lineColumn
        ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
        : text.trim() === ''
          ? { line: 1, column: 1 }
          : position(text, text.length);
  const cleaned = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '');
  return { ...where, message: `invalid JSON: ${text.trim() === '' ? 'the file is empty' : cleaned}` };
}

/** `JSON.parse`, but a duplicate key is an error; never throws. */
export function parseJsonStrict(text: string): JsonParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: syntaxProblem(text, error as Error) };
  }
  // Only objects can hold duplicate keys; a quick test spares scanning scalars and arrays of scalars.
  if (value !== null && typeof value === 'object' && text.includes('{')) {
    const duplicate = findDuplicateKey(text);
    if (duplicate) return { ok: false, problem: duplicate };
  }
  return { ok: true, value };
}
