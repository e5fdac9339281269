/**
 * JSON as an untrusted input. `JSON.parse` keeps the last of two equal keys without a word, so a reviewer who reads
 * the first one approves something other than what is deployed; and its error messages quote the text they choke
 * on, which for a file linked to `/proc/self/environ` would be the process's secrets. These parse like `JSON.parse`,
 * refuse a key given twice, and describe a syntax error by line, column and kind, never by content.
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

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

interface Frame {
  keys?: Set<string>;
  segment: string;
  index: number;
  expectKey: boolean;
  key?: string;
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

/** The object keys written in `text`: each string that a `:` follows. One pass, nothing allocated. */
function writtenKeys(text: string): number {
  let keys = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    if (text.charCodeAt(i) !== 34) continue;
    for (i++; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) break;
    }
    let j = i + 1;
    while (
      j < length &&
      (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)
    )
      j++;
    if (text.charCodeAt(j) === 58) keys++;
  }
  return keys;
}

/** The keys of every object in a parsed value: fewer than were written when JSON.parse dropped a repeated one. */
function parsedKeys(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + parsedKeys(v), 0);
  let keys = 0;
  for (const v of Object.values(value)) keys += 1 + parsedKeys(v);
  return keys;
}

/**
 * The first key that appears twice in one object of `text` (which must already be valid JSON), with its place.
 * Cheap enough for every line of a large data file: counting the keys written against those JSON.parse kept answers
 * almost every line, and only a line that repeats a key is walked again to say where.
 */
export function findDuplicateKey(text: string, parsed?: { value: unknown }): JsonProblem | undefined {
  try {
    // A caller that parsed the text already passes the value: a large file is then never parsed twice.
    if (writtenKeys(text) === parsedKeys(parsed ? parsed.value : JSON.parse(text))) return undefined;
  } catch {
    // Not JSON after all: the walk below reports what it finds.
  }
  return locateDuplicateKey(text);
}

function locateDuplicateKey(text: string): JsonProblem | undefined {
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
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (top.keys.has(key)) {
          const path = pathOf(stack);
          return {
            ...position(text, start),
            ...(path ? { path } : {}),
            message: `key ${JSON.stringify(key)} appears twice${path ? ` in ${path}` : ''}; JSON keeps only the last one, so remove or rename one of them`,
          };
        }
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      stack.push({
        ...(c === OPEN_BRACE ? { keys: new Set<string>() } : {}),
        segment: segmentFor(stack[stack.length - 1]),
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

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** Where and why `text` is not JSON (RFC 8259), without quoting it; undefined when it is. */
export function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++;
  };
  const fail = (reason: string) => ({ offset: i, reason });
  // Each open container: 'o' object, 'a' array; with what must come next.
  const stack: ('o' | 'a')[] = [];
  type Expect = 'value' | 'key' | 'colon' | 'after-value';
  let expect: Expect = 'value';
  let firstInContainer = false;
  skip();
  if (i >= text.length) return fail('the text is empty');
  for (;;) {
    skip();
    if (i >= text.length) {
      if (stack.length === 0 && expect === 'after-value') return undefined;
      return fail('the text ends in the middle of a value');
    }
    const c = text.charCodeAt(i);
    if (expect === 'value' || expect === 'key') {
      if (expect === 'key' && c !== QUOTE) {
        if (c === CLOSE_BRACE && firstInContainer) {
          stack.pop();
          i++;
          expect = 'after-value';
          continue;
        }
        return fail('a property name in double quotes was expected');
      }
      if (c === QUOTE) {
        i++;
        for (;;) {
          if (i >= text.length) return fail('a string is not closed');
          const d = text.charCodeAt(i);
          if (d === QUOTE) break;
          if (d < 0x20) return fail('a string holds a control character (a raw line break or tab)');
          if (d === BACKSLASH) {
            const e = text[i + 1];
            if (e === 'u') {
              if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a \\u escape needs four hex digits');
              i += 6;
              continue;
            }
            if (e === undefined || !'"\\/bfnrt'.includes(e)) return fail('a string holds an unknown escape');
            i += 2;
            continue;
          }
          i++;
        }
        i++;
        expect = expect === 'key' ? 'colon' : 'after-value';
        firstInContainer = false;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        stack.push(c === OPEN_BRACE ? 'o' : 'a');
        i++;
        expect = c === OPEN_BRACE ? 'key' : 'value';
        firstInContainer = true;
        continue;
      }
      if (c === CLOSE_BRACKET && firstInContainer && stack[stack.length - 1] === 'a') {
        stack.pop();
        i++;
        expect = 'after-value';
        firstInContainer = false;
        continue;
      }
      NUMBER.lastIndex = i;
      LITERAL.lastIndex = i;
      const number = NUMBER.exec(text);
      const literal = number ? undefined : LITERAL.exec(text);
      const token = number?.[0] ?? literal?.[0];
      if (!token) return fail('a value was expected (a string, number, object, array, true, false or null)');
      i += token.length;
      expect = 'after-value';
      firstInContainer = false;
      continue;
    }
    if (expect === 'colon') {
      if (c !== COLON) return fail('a colon was expected after a property name');
      i++;
      expect = 'value';
      continue;
    }
    // after a value
    const top = stack[stack.length - 1];
    if (!top) return fail('there is more text after the end of the value');
    if (c === COMMA) {
      i++;
      expect = top === 'o' ? 'key' : 'value';
      firstInContainer = false;
      continue;
    }
    if ((top === 'o' && c === CLOSE_BRACE) || (top === 'a' && c === CLOSE_BRACKET)) {
      stack.pop();
      i++;
      continue;
    }
    return fail(top === 'o' ? 'a comma or a closing brace was expected' : 'a comma or a closing bracket was expected');
  }
}

/** `JSON.parse`, but a duplicate key is an error, and the error says where without quoting the text; never throws. */
export function parseJsonStrict(text: string): JsonParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const error = jsonSyntaxError(text) ?? { offset: text.length, reason: 'it cannot be parsed' };
    const message = error.reason === 'the text is empty' ? 'the file is empty' : error.reason;
    return { ok: false, problem: { ...position(text, error.offset), message: `invalid JSON: ${message}` } };
  }
  // Only objects can hold duplicate keys; a quick test spares scanning scalars and arrays of scalars.
  if (value !== null && typeof value === 'object' && text.includes('{')) {
    const duplicate = findDuplicateKey(text, { value });
    if (duplicate) return { ok: false, problem: duplicate };
  }
  return { ok: true, value };
}
