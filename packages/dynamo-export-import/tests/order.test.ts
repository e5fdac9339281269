import { describe, expect, it } from 'vitest';
import { compareStrings, keyComparator, keyPartsOf } from '../src/items/order.js';
import type { Item, KeySchema } from '../src/items/types.js';

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('compareStrings', () => {
  it('orders by UTF-8 bytes, as DynamoDB does, where UTF-16 code units would not', () => {
    const astral = '\u{1F600}';
    const privateUse = '\uE000';
    expect(astral < privateUse).toBe(true);
    expect(compareStrings(astral, privateUse)).toBeGreaterThan(0);
    expect(utf8Order(astral, privateUse)).toBeGreaterThan(0);
  });

  it('agrees with a byte comparison on a mix of scripts', () => {
    const words = ['z', 'a', 'é', 'Z', '', 'aa', '\u{1F600}', '\uFFFD', '日本', 'ab\u0000', 'ab'];
    expect([...words].sort(compareStrings)).toEqual([...words].sort(utf8Order));
  });
});

describe('keyComparator', () => {
  const schema: KeySchema = { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' } };
  const item = (pk: string, sk: string): Item => ({ pk: { S: pk }, sk: { N: sk } });

  it('orders by partition key, then by the sort key as a number', () => {
    const items = [item('b', '1'), item('a', '10'), item('a', '9'), item('a', '-2.5')];
    const compare = keyComparator(schema);
    const sorted = items.sort((x, y) => compare(keyPartsOf(x, schema), keyPartsOf(y, schema)));
    expect(sorted.map((i) => `${(i.pk as { S: string }).S}/${(i.sk as { N: string }).N}`)).toEqual([
      'a/-2.5',
      'a/9',
      'a/10',
      'b/1',
    ]);
  });

  it('orders binary keys by bytes whether they come as base64 or as bytes', () => {
    const binary: KeySchema = { partitionKey: { name: 'id', type: 'B' } };
    const compare = keyComparator(binary);
    const a = keyPartsOf({ id: { B: Buffer.from([0x01, 0xff]).toString('base64') } }, binary);
    const b = keyPartsOf({ id: { B: new Uint8Array([0x02]) } }, binary);
    expect(compare(a, b)).toBeLessThan(0);
    expect(compare(a, keyPartsOf({ id: { B: new Uint8Array([0x01, 0xff]) } }, binary))).toBe(0);
  });
});
