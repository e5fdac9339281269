import { describe, expect, it } from 'vitest';
import { itemSize, MAX_ITEM_BYTES } from '../src/items/size.js';

describe('itemSize', () => {
  it('counts names and strings in UTF-8 bytes', () => {
    expect(itemSize({ ab: { S: 'é' } })).toBe(2 + 2);
  });

  it('counts numbers in base-100 digits, binary in raw bytes, booleans and null as one byte', () => {
    expect(itemSize({ n: { N: '123' }, b: { B: 'AAEC' }, t: { BOOL: true }, z: { NULL: true } })).toBe(
      1 + 3 + 1 + 3 + 1 + 1 + 1 + 1,
    );
  });

  it('adds 3 bytes per map or list and 1 per element', () => {
    expect(itemSize({ m: { M: {} } })).toBe(1 + 3);
    expect(itemSize({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemSize({ l: { L: [{ S: 'ab' }, { NULL: true }] } })).toBe(1 + 3 + 1 + 2 + 1 + 1);
  });

  it('sums set members', () => {
    expect(itemSize({ s: { SS: ['ab', 'c'] }, n: { NS: ['1', '22'] }, b: { BS: [new Uint8Array(5)] } })).toBe(
      1 + 3 + 1 + 4 + 1 + 5,
    );
  });

  it('puts an item of 400 KB of text just over the limit', () => {
    expect(itemSize({ a: { S: 'x'.repeat(MAX_ITEM_BYTES - 1) } })).toBe(MAX_ITEM_BYTES);
    expect(itemSize({ a: { S: 'x'.repeat(MAX_ITEM_BYTES) } })).toBeGreaterThan(MAX_ITEM_BYTES);
  });
});
