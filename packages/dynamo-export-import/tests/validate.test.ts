import { describe, expect, it } from 'vitest';
import { formatKey, keyProblems } from '../src/items/keys.js';
import { checkItem } from '../src/items/validate.js';
import type { Item, KeySchema } from '../src/items/types.js';

const messages = (value: unknown) => checkItem(value).problems.map((p) => `${p.path ?? ''}: ${p.message}`);

describe('checkItem', () => {
  it('accepts every DynamoDB type', () => {
    const item = {
      s: { S: '' },
      n: { N: '-1.5E3' },
      b: { B: 'AAE=' },
      ss: { SS: ['a'] },
      ns: { NS: ['1', '2'] },
      bs: { BS: ['AA=='] },
      m: { M: { nested: { L: [{ NULL: true }, { BOOL: false }, { M: {} }, { L: [] }] } } },
    };
    expect(checkItem(item)).toEqual({ item, problems: [] });
  });

  it('reports every problem with its attribute path', () => {
    expect(
      messages({
        count: { N: 12 },
        price: { N: '1.2.3' },
        raw: { B: 'not base64!' },
        tags: { SS: [] },
        nums: { NS: ['1', '1.0'] },
        both: { S: 'x', N: '1' },
        odd: { X: 'y' },
        nil: { NULL: false },
        deep: { M: { list: { L: [{ S: 1 }] } } },
      }),
    ).toEqual([
      'count: N must be a string of digits, e.g. {"N":"12.5"} (never a JSON number)',
      "price: '1.2.3' is not a number",
      'raw: B must be standard base64 with padding',
      'tags: SS is empty; DynamoDB sets cannot be empty (remove the attribute instead)',
      'nums[1]: duplicate member "1.0"; DynamoDB refuses sets with duplicates',
      'both: has more than one type (S, N)',
      "odd: unknown type 'X'; use one of S, N, B, SS, NS, BS, M, L, NULL, BOOL",
      'nil: NULL must be true',
      'deep.list[0]: S must be a string',
    ]);
  });

  it('refuses base64 that Node would decode leniently into other bytes', () => {
    expect(messages({ b: { B: 'QR==' } })).toEqual(['b: B must be standard base64 with padding']);
    expect(messages({ b: { B: 'QQ' } })).toEqual(['b: B must be standard base64 with padding']);
  });

  it('refuses nesting deeper than 32 levels', () => {
    let value: unknown = { S: 'leaf' };
    for (let i = 0; i < 32; i++) value = { L: [value] };
    expect(messages({ deep: value })).toHaveLength(1);
    expect(messages({ deep: value })[0]).toMatch(/nested deeper than 32 levels/);
  });

  it('refuses a line that is not an object', () => {
    expect(messages([1, 2])).toEqual([': each line must be one item: a JSON object of typed attributes']);
  });
});

describe('keyProblems', () => {
  const schema: KeySchema = {
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'N' },
    indexKeys: [{ name: 'gsi1', type: 'S' }],
  };

  it('names a missing key, a key of the wrong type, an empty key and an index key of the wrong type', () => {
    const problems = (item: Item) => keyProblems(item, schema).map((p) => p.message);
    expect(problems({ sk: { N: '1' } })).toEqual(["missing partition key 'pk' (S)"]);
    expect(problems({ pk: { S: 'a' }, sk: { S: '1' } })).toEqual(["sort key 'sk' is S; the table's key schema says N"]);
    expect(problems({ pk: { S: '' }, sk: { N: '1' } })).toEqual([
      "partition key 'pk' is empty; DynamoDB key values cannot be empty",
    ]);
    expect(problems({ pk: { S: 'a' }, sk: { N: '1' }, gsi1: { N: '2' } })).toEqual([
      "index key 'gsi1' is N; the table's key schema says S",
    ]);
    expect(problems({ pk: { S: 'a' }, sk: { N: '1' } })).toEqual([]);
  });

  it('counts key length in UTF-8 bytes', () => {
    const pk = 'é'.repeat(1025);
    expect(keyProblems({ pk: { S: pk }, sk: { N: '1' } }, schema).map((p) => p.message)).toEqual([
      "partition key 'pk' is 2050 bytes; DynamoDB allows at most 2048 and would refuse it: ValidationException: Size of hashkey has exceeded the maximum size limit of 2048 bytes",
    ]);
  });
});

describe('formatKey', () => {
  it('shows keys as people read them, and equal keys alike', () => {
    const schema: KeySchema = { partitionKey: { name: 'pk', type: 'B' }, sortKey: { name: 'sk', type: 'N' } };
    expect(formatKey({ pk: { B: new Uint8Array([1, 2]) }, sk: { N: '1.50' } }, schema)).toBe('pk=b64:AQI= sk=1.5');
    expect(formatKey({ pk: { B: 'AQI=' }, sk: { N: '15e-1' } }, schema)).toBe('pk=b64:AQI= sk=1.5');
    expect(formatKey({ pk: { S: 'a "b"' } } as Item, { partitionKey: { name: 'pk', type: 'S' } })).toBe(
      'pk="a \\"b\\""',
    );
  });
});
