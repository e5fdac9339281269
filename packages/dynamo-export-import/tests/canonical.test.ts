import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/items/canonical.js';
import type { Item, KeySchema } from '../src/items/types.js';

const schema: KeySchema = { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' } };

describe('canonicalJson', () => {
  it('puts the key first, then every attribute and map member by name', () => {
    const item: Item = {
      z: { N: '1' },
      sk: { N: '2' },
      a: { M: { y: { BOOL: true }, b: { NULL: true } } },
      pk: { S: 'p' },
    };
    expect(canonicalJson(item, schema)).toBe(
      '{"pk":{"S":"p"},"sk":{"N":"2"},"a":{"M":{"b":{"NULL":true},"y":{"BOOL":true}}},"z":{"N":"1"}}',
    );
  });

  it('sorts sets: strings by UTF-8 bytes, numbers by value, binary by bytes', () => {
    const item: Item = {
      ss: { SS: ['b', '\u{1F600}', 'a', '\uE000'] },
      ns: { NS: ['10', '9.50', '-1'] },
      bs: { BS: [new Uint8Array([2]), Buffer.from([1, 255]).toString('base64')] },
    };
    expect(JSON.parse(canonicalJson(item))).toEqual({
      bs: { BS: ['Af8=', 'Ag=='] },
      ns: { NS: ['-1', '9.5', '10'] },
      ss: { SS: ['a', 'b', '\uE000', '\u{1F600}'] },
    });
  });

  it('gives one text for equal items, whatever their attribute, member and set order', () => {
    const a: Item = { pk: { S: 'x' }, sk: { N: '1.0' }, m: { M: { q: { SS: ['2', '1'] }, p: { L: [{ N: '01' }] } } } };
    const b: Item = { m: { M: { p: { L: [{ N: '1' }] }, q: { SS: ['1', '2'] } } }, sk: { N: '1' }, pk: { S: 'x' } };
    expect(canonicalJson(a, schema)).toBe(canonicalJson(b, schema));
  });

  it('writes binary as base64 whether it arrives as bytes or as base64, at any depth', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const fromSdk: Item = { m: { M: { l: { L: [{ B: bytes }] } } } };
    const fromFile: Item = { m: { M: { l: { L: [{ B: Buffer.from(bytes).toString('base64') }] } } } };
    expect(canonicalJson(fromSdk)).toBe('{"m":{"M":{"l":{"L":[{"B":"AAEC+v8="}]}}}}');
    expect(canonicalJson(fromFile)).toBe(canonicalJson(fromSdk));
  });

  it('escapes strings exactly as JSON.stringify does', () => {
    for (const text of [
      'plain',
      'quote " and \\ backslash',
      'tab\tnew\nline\u0001',
      'unicode é 日本 \u{1F600}',
      '\u2028',
      'lone \ud800',
    ]) {
      const line = canonicalJson({ [text]: { S: text } });
      expect(line).toBe(JSON.stringify({ [text]: { S: text } }));
      expect(JSON.parse(line)).toEqual({ [text]: { S: text } });
    }
  });

  it('keeps empty maps, empty lists, empty strings and empty binary', () => {
    const item: Item = { m: { M: {} }, l: { L: [] }, s: { S: '' }, b: { B: new Uint8Array() } };
    expect(canonicalJson(item)).toBe('{"b":{"B":""},"l":{"L":[]},"m":{"M":{}},"s":{"S":""}}');
  });

  it('keeps an attribute named __proto__ as an attribute', () => {
    const item = JSON.parse('{"__proto__":{"S":"x"},"a":{"M":{"__proto__":{"N":"1"}}}}') as Item;
    expect(canonicalJson(item)).toBe('{"__proto__":{"S":"x"},"a":{"M":{"__proto__":{"N":"1"}}}}');
  });

  it('refuses a value with an unknown type instead of dropping it', () => {
    expect(() => canonicalJson({ a: { X: 1 } as never })).toThrow(/unsupported attribute value/);
  });
});
