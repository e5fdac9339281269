import { describe, expect, it } from 'vitest';
import { expandValuePlaceholders } from '../src/items/placeholders.js';
import { mapStrings, toSdkItem } from '../src/items/transform.js';
import type { Item } from '../src/items/types.js';

const values = { Environment: 'qa', AccountNumber: '640079793484', Region: 'us-east-1' };

describe('toSdkItem', () => {
  it('turns base64 into bytes at every depth and leaves everything else as it is', () => {
    const item: Item = {
      b: { B: 'AQI=' },
      m: { M: { bs: { BS: ['AA==', 'AQ=='] }, l: { L: [{ B: '/w==' }, { S: 'AQI=' }] } } },
      s: { S: 'AQI=' },
    };
    const sdk = toSdkItem(item) as unknown as Record<string, Record<string, unknown>>;
    expect(sdk.b!.B).toEqual(Buffer.from([1, 2]));
    const m = sdk.m!.M as Record<string, Record<string, unknown>>;
    expect(m.bs!.BS).toEqual([Buffer.from([0]), Buffer.from([1])]);
    expect((m.l!.L as Record<string, unknown>[])[0]!.B).toEqual(Buffer.from([255]));
    expect((m.l!.L as Record<string, unknown>[])[1]).toEqual({ S: 'AQI=' });
    expect(sdk.s).toBe(item.s);
  });

  it('returns the very same item when there is no binary to convert', () => {
    const item: Item = { a: { S: 'x' }, m: { M: { n: { N: '1' } } } };
    expect(toSdkItem(item)).toBe(item);
  });
});

describe('mapStrings with expandValuePlaceholders', () => {
  it('expands the three placeholders in strings, string sets, maps and lists', () => {
    const item: Item = {
      arn: { S: 'arn:aws:lambda:${Region}:${AccountNumber}:function:edd-${Environment}' },
      ss: { SS: ['${Environment}-a', 'b'] },
      m: { M: { l: { L: [{ S: 'q-${Environment}' }] } } },
      n: { N: '1' },
    };
    expect(mapStrings(item, (s) => expandValuePlaceholders(s, values))).toEqual({
      arn: { S: 'arn:aws:lambda:us-east-1:640079793484:function:edd-qa' },
      ss: { SS: ['qa-a', 'b'] },
      m: { M: { l: { L: [{ S: 'q-qa' }] } } },
      n: { N: '1' },
    });
  });

  it('leaves other ${...} text as written and reports it', () => {
    const unknown: string[] = [];
    expect(expandValuePlaceholders('Hello ${customerName} in ${Environment}', values, (n) => unknown.push(n))).toBe(
      'Hello ${customerName} in qa',
    );
    expect(unknown).toEqual(['${customerName}']);
  });

  it('keeps attribute names, even ones that look like placeholders', () => {
    const item = JSON.parse('{"${Environment}":{"S":"${Environment}"},"__proto__":{"S":"${Region}"}}') as Item;
    const out = mapStrings(item, (s) => expandValuePlaceholders(s, values));
    expect(JSON.stringify(out)).toBe('{"${Environment}":{"S":"qa"},"__proto__":{"S":"us-east-1"}}');
  });
});
