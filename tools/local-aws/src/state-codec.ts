// The services' snapshots are plain data, but plain data in JavaScript includes Maps, Sets, Dates and bytes, which
// JSON cannot tell from objects, strings and number arrays. These are written as tagged objects,
// `{"$": "map", "v": [[key, value], ...]}`, and an object that happens to have a `$` member of its own (a template's
// Metadata, a Lex file) is wrapped as `{"$": "object", "v": {...}}`, so that decoding is never ambiguous. Anything
// else (class instances, functions) is refused: a service must rebuild its objects in its restore, never rely on
// the file to bring them back.

const TAG = '$';

type Tagged = { [TAG]: 'map' | 'set' | 'date' | 'bytes' | 'object'; v: unknown };

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A JSON-ready copy of `value`; throws, naming where, on what JSON and the tags cannot hold. */
export function encodeState(value: unknown, path = 'state'): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}, which JSON cannot hold`);
    return value;
  }
  if (typeof value !== 'object') throw new Error(`${path} is a ${typeof value}, which is not data`);
  if (Array.isArray(value)) return value.map((item, index) => encodeState(item, `${path}[${index}]`));
  if (value instanceof Map) {
    return tagged(
      'map',
      [...value].map(([key, item], index) => [
        encodeState(key, `${path} key ${index}`),
        encodeState(item, `${path}.get(${String(key)})`),
      ]),
    );
  }
  if (value instanceof Set) {
    return tagged(
      'set',
      [...value].map((item, index) => encodeState(item, `${path}[${index}]`)),
    );
  }
  if (value instanceof Date) return tagged('date', value.toISOString());
  if (value instanceof Uint8Array) return tagged('bytes', Buffer.from(value).toString('base64'));
  if (!isPlainObject(value)) throw new Error(`${path} is a ${value.constructor.name}, which is not plain data`);
  // fromEntries, not assignment, so that a member named __proto__ stays a member.
  const encoded = Object.fromEntries(
    Object.entries(value).flatMap(([key, member]) =>
      member === undefined ? [] : [[key, encodeState(member, `${path}.${key}`)]],
    ),
  );
  return TAG in encoded ? tagged('object', encoded) : encoded;
}

function tagged(tag: Tagged[typeof TAG], v: unknown): Tagged {
  return { [TAG]: tag, v };
}

/** Reverses `encodeState` on parsed JSON; throws on a tag it does not know. */
export function decodeState(value: unknown, path = 'state'): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, index) => decodeState(item, `${path}[${index}]`));
  const record = value as Record<string, unknown>;
  if (!(TAG in record)) return decodeMembers(record, path);
  const { v } = record;
  switch (record[TAG]) {
    case 'map':
      return new Map(
        list(v, path).map((entry, index) => {
          const [key, item] = list(entry, `${path} entry ${index}`);
          return [decodeState(key, path), decodeState(item, `${path}.get(${String(key)})`)];
        }),
      );
    case 'set':
      return new Set(list(v, path).map((item, index) => decodeState(item, `${path}[${index}]`)));
    case 'date': {
      const date = new Date(String(v));
      if (typeof v !== 'string' || Number.isNaN(date.getTime())) throw new Error(`${path} is not a valid date`);
      return date;
    }
    case 'bytes':
      if (typeof v !== 'string') throw new Error(`${path} is not base64 bytes`);
      return Buffer.from(v, 'base64');
    case 'object':
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${path} is not an object`);
      return decodeMembers(v as Record<string, unknown>, path);
    default:
      throw new Error(`${path} has the unknown tag ${JSON.stringify(record[TAG])}`);
  }
}

function decodeMembers(record: Record<string, unknown>, path: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, member]) => [key, decodeState(member, `${path}.${key}`)]),
  );
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${path} is not a list`);
  return value;
}
