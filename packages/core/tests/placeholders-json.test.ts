import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeStableJsonAtomic } from '../src/json.js';
import { UsageError, expandDeep, expandPlaceholders, stableStringify, templatize } from '../src/index.js';

const values = { Environment: 'qa', AccountNumber: '640079793484', Region: 'us-east-1' };

describe('placeholders', () => {
  it('expands the three known placeholders', () => {
    expect(expandPlaceholders('edd-${Environment}-${AccountNumber}-${Region}', values)).toBe(
      'edd-qa-640079793484-us-east-1',
    );
  });

  it('refuses an unknown placeholder, naming where it was', () => {
    expect(() => expandPlaceholders('edd-${Env}', values, 'tables[0].table')).toThrow(UsageError);
    expect(() => expandPlaceholders('edd-${Env}', values, 'tables[0].table')).toThrow(
      /tables\[0\]\.table: unknown placeholder \$\{Env\}/,
    );
  });

  it('expands inside nested structures but not in keys', () => {
    expect(expandDeep({ '${Environment}': ['a-${Environment}', { b: '${Region}' }], n: 1 }, values)).toEqual({
      '${Environment}': ['a-qa', { b: 'us-east-1' }],
      n: 1,
    });
  });

  it('templatizes whole account numbers only', () => {
    expect(templatize('arn:aws:lambda:us-east-1:640079793484:function:x 16400797934840', values)).toBe(
      'arn:aws:lambda:us-east-1:${AccountNumber}:function:x 16400797934840',
    );
  });
});

describe('stableStringify', () => {
  it('sorts keys at every depth, indents by two and ends with a newline', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});

describe('writeStableJsonAtomic', () => {
  it("writes stableStringify's text, piece by piece, and leaves no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edd-stable-'));
    const values: unknown[] = [
      { b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } },
      { empty: {}, none: [], list: [undefined, null, () => 1, 'x'], n: NaN, s: 'a"\\\u2028' },
      { lines: Array.from({ length: 30_000 }, (_, i) => `sha256:${i.toString(16).padStart(32, '0')} id="${i}"`) },
      [],
      'text',
      null,
    ];
    for (const [i, value] of values.entries()) {
      const file = join(dir, `${i}.json`);
      await writeStableJsonAtomic(file, value);
      expect(readFileSync(file, 'utf8'), `value ${i}`).toBe(stableStringify(value));
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
