import { formatField } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/items/canonical.js';
import { diffItems } from '../src/items/diff.js';
import { describeAttribute, displayKey } from '../src/items/display.js';
import type { Item, KeySchema } from '../src/items/types.js';

const schema: KeySchema = { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' } };

/** The canonical form the plan compares, as the import computes it from a file line or a scanned item. */
const canonical = (item: Item): Item => JSON.parse(canonicalJson(item, schema)) as Item;

/** The lines a plan prints for the fields of an item. */
const lines = (before: Item | undefined, after: Item): string[] =>
  diffItems(before && canonical(before), canonical(after), schema).map((f) => formatField(f, describeAttribute));

const key = { pk: { S: 'queue#billing' }, sk: { N: '1' } };

describe('diffItems', () => {
  it('shows changed, added and removed attributes old -> new, and leaves the key out', () => {
    expect(
      lines(
        { ...key, name: { S: 'Billing' }, max: { N: '10' }, old: { BOOL: true } },
        { ...key, name: { S: 'Billing queue' }, max: { N: '1.2E1' }, extra: { NULL: true } },
      ),
    ).toEqual(['+ extra: null', 'max: 10 -> 12', 'name: "Billing" -> "Billing queue"', '- old: true']);
  });

  it('goes into maps member by member and into lists element by element', () => {
    expect(
      lines(
        {
          ...key,
          hours: { M: { open: { S: '08:00' }, close: { S: '18:00' } } },
          steps: { L: [{ S: 'a' }, { S: 'b' }] },
        },
        {
          ...key,
          hours: { M: { open: { S: '09:00' }, close: { S: '18:00' }, zone: { S: 'UTC' } } },
          steps: { L: [{ S: 'a' }, { S: 'c' }, { N: '3' }] },
        },
      ),
    ).toEqual(['hours.open: "08:00" -> "09:00"', '+ hours.zone: "UTC"', 'steps[1]: "b" -> "c"', '+ steps[2]: 3']);
  });

  it('shows a set as a whole, in its sorted order, and a type change with both types readable', () => {
    expect(
      lines(
        { ...key, skills: { SS: ['spanish', 'billing'] }, code: { S: '7' } },
        { ...key, skills: { SS: ['billing', 'french'] }, code: { N: '7' } },
      ),
    ).toEqual(['code: "7" -> 7', 'skills: ["billing", "spanish"] -> ["billing", "french"]']);
  });

  it('sees no change where only the spelling differs (set order, number form)', () => {
    expect(
      lines(
        { ...key, n: { NS: ['2', '1.50'] }, x: { N: '100' } },
        { ...key, n: { NS: ['1.5', '2'] }, x: { N: '1E2' } },
      ),
    ).toEqual([]);
  });

  it('lists every attribute of a created item', () => {
    expect(lines(undefined, { ...key, name: { S: 'Billing' }, flags: { BS: ['AAE='] } })).toEqual([
      '+ flags: [b64:AAE=]',
      '+ name: "Billing"',
    ]);
  });

  it('never shows the value of a secret: by attribute name, by map member name, or by its look', () => {
    const fields = diffItems(
      canonical({ ...key, apiKey: { S: 'k-1' }, db: { M: { host: { S: 'h' }, password: { S: 'p-1' } } } }),
      canonical({
        ...key,
        apiKey: { S: 'k-2' },
        db: { M: { host: { S: 'h' }, password: { S: 'p-2' } } },
        clientSecret: { S: 'anything' },
        note: { S: 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
        config: { M: { token: { S: 't' } } },
      }),
      schema,
    );
    expect(fields.map((f) => formatField(f, describeAttribute))).toEqual([
      'apiKey: (secret) -> (changed)',
      '+ clientSecret: (secret)',
      '+ config: (secret)',
      'db.password: (secret) -> (changed)',
      '+ note: (secret)',
    ]);
    expect(JSON.stringify(fields)).not.toMatch(/k-1|k-2|p-1|p-2|anything|wJalr|"t"/);
  });
});

describe('displayKey', () => {
  it('names an item by its key attributes, quoting only text that would read ambiguously', () => {
    expect(displayKey({ pk: { S: 'queue#billing' }, sk: { N: '1.50' } }, schema)).toBe('pk=queue#billing, sk=1.5');
    expect(displayKey({ pk: { S: 'a, sk=2' }, sk: { N: '1' } }, schema)).toBe('pk="a, sk=2", sk=1');
    expect(displayKey({ pk: { S: '' }, sk: { N: '-0' } }, schema)).toBe('pk="", sk=0');
    expect(displayKey({ id: { B: 'AAE=' } }, { partitionKey: { name: 'id', type: 'B' } })).toBe('id=b64:AAE=');
  });
});

describe('describeAttribute', () => {
  it('reads typed values plainly and cuts long ones in the middle', () => {
    expect(describeAttribute({ M: { b: { BOOL: false }, a: { L: [{ N: '1' }, { NULL: true }] } } })).toBe(
      '{"b": false, "a": [1, null]}',
    );
    const long = describeAttribute({ S: 'x'.repeat(300) })!;
    expect(long).toHaveLength(80);
    expect(long).toMatch(/^"x+\.\.\.x+"$/);
    expect(describeAttribute('not typed')).toBeUndefined();
  });
});
