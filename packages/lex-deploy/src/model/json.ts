export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `$.intent.slots[2].name`: where a value sits inside a document, for messages. */
export function jsonPath(segments: readonly (string | number)[]): string {
  return segments
    .map((segment) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : /^[A-Za-z_$][\w$]*$/.test(segment)
          ? `.${segment}`
          : `[${JSON.stringify(segment)}]`,
    )
    .reduce((path, part) => path + part, '$');
}

/**
 * Where a JSON text stops being JSON. Only called after JSON.parse failed: Node 20's messages do not always say
 * where (`Unexpected token '}', ..."b": }" is not valid JSON`).
 */
function errorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const members = (close: string, member: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') fail();
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{')
      return members('}', () => {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    if (c === '[') return members(']', value);
    if (c === '"') return string();
    const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!literal) fail();
    i += literal![0].length;
  };
  try {
    value();
    space();
    return i;
  } catch (error) {
    if (error instanceof RangeError) return Number(error.message);
    throw error;
  }
}

/** Parses JSON text; on a syntax error, the 1-based line of the error as well as the message. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string; line: number } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position === undefined ? errorOffset(text) : Number(position);
    const line = text.slice(0, offset).split('\n').length;
    return { ok: false, message: message.replace(/\s*\(line \d+ column \d+\)$/, ''), line };
  }
}

/**
 * Calls `visit` for every string in a JSON value with its path, and rebuilds the value with what it returns.
 * Object keys are left alone: in LexJson they are field names and locale ids, never environment-specific.
 */
export function mapStrings(
  value: unknown,
  visit: (text: string, path: readonly (string | number)[]) => string,
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, visit, [...path, index]));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, visit, [...path, key])]),
    );
  }
  return value;
}

/**
 * The canonical form of a document: object members sorted by key (the order files are written in), and members
 * whose value is null dropped, since Lex writes unset settings as null and adds new ones over time.
 */
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => value[key] !== null)
        .map((key) => [key, canonicalJson(value[key])]),
    );
  }
  return value;
}

/** The value with object members sorted by key, and nothing else changed. */
export function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedJson(value[key])]),
    );
  }
  return value;
}
