import { describe, expect, it } from 'vitest';
import {
  compareDecimals,
  decimalProblem,
  decimalSize,
  formatDecimal,
  normalizeNumber,
  parseDecimal,
} from '../src/items/number.js';

describe('normalizeNumber', () => {
  it.each([
    ['12.50', '12.5'],
    ['0012', '12'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1E+2', '100'],
    ['1.5e-3', '0.0015'],
    ['-12345678901234567890123456789012345678', '-12345678901234567890123456789012345678'],
    ['1e125', `1${'0'.repeat(125)}`],
    ['1E-130', `0.${'0'.repeat(129)}1`],
  ])('writes %s as %s', (input, expected) => {
    expect(normalizeNumber(input)).toBe(expected);
  });

  it('keeps all 38 digits of a number no JS number can hold', () => {
    const text = '9007199254740993.1234567890123456789012';
    expect(normalizeNumber(text)).toBe(text);
    expect(String(Number(text))).not.toBe(text);
  });

  it('refuses text that is not a number', () => {
    for (const text of ['', 'abc', '1e', '+-1', '1.2.3', 'NaN', 'Infinity', ' 1', '0x10']) {
      expect(parseDecimal(text), text).toBeUndefined();
    }
  });
});

describe('decimalProblem', () => {
  it('accepts what DynamoDB stores', () => {
    for (const text of ['0', '-1.5', '1E-130', `9.${'9'.repeat(37)}E+125`])
      expect(decimalProblem(text), text).toBeUndefined();
  });

  it('names the limit a number breaks', () => {
    expect(decimalProblem('1'.repeat(39))).toMatch(/39 significant digits/);
    expect(decimalProblem('1E+126')).toMatch(/too large/);
    expect(decimalProblem('1E-131')).toMatch(/too small/);
    expect(decimalProblem('twelve')).toMatch(/not a number/);
  });
});

describe('compareDecimals', () => {
  it('orders numbers by exact value, beyond double precision', () => {
    const texts = [
      '10',
      '-1',
      '9.99',
      '0',
      '-10.5',
      '1E-130',
      '100000000000000000000000000000000000001',
      '100000000000000000000000000000000000000',
    ];
    const sorted = [...texts].sort((a, b) => compareDecimals(parseDecimal(a)!, parseDecimal(b)!));
    expect(sorted).toEqual([
      '-10.5',
      '-1',
      '0',
      '1E-130',
      '9.99',
      '10',
      '100000000000000000000000000000000000000',
      '100000000000000000000000000000000000001',
    ]);
  });

  it('treats different spellings of one value as equal', () => {
    expect(compareDecimals(parseDecimal('1.50')!, parseDecimal('15e-1')!)).toBe(0);
    expect(compareDecimals(parseDecimal('-0')!, parseDecimal('0.0')!)).toBe(0);
  });
});

describe('decimalSize', () => {
  it.each([
    ['0', 1],
    ['1', 2],
    ['15', 2],
    ['1.5', 3],
    ['123', 3],
    ['-1', 3],
    ['12345678901234567890123456789012345678', 20],
  ])('counts %s as %i bytes', (text, bytes) => {
    expect(decimalSize(parseDecimal(text)!)).toBe(bytes);
  });
});

describe('formatDecimal', () => {
  it('round-trips through parseDecimal', () => {
    for (const text of ['0.001', '123.456', '-7', '1000']) expect(formatDecimal(parseDecimal(text)!)).toBe(text);
  });
});
