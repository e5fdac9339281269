import { redact, type FieldChange } from '@edd/core';
import { cutMiddle, plainText } from './display.js';
import { compareStrings } from './order.js';
import { typeOf, type AttributeValue, type Item, type KeySchema } from './types.js';

/**
 * Attribute names whose values are secret whatever they look like. The log redaction masks values shaped like AWS
 * keys and tokens and `password=...` text; a plan also meets secrets by name (`apiKey`, `clientSecret`), whose
 * values look like any other string.
 */
export const SECRET_ATTRIBUTE =
  /secret|passw(or)?d|passphrase|pwd|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|signing[-_]?key/i;

const SECRET = '(secret)';
const CHANGED = '(changed)';

/** True when a value holds something secret: a map member named like one, or text the log redaction would mask. */
function holdsSecret(value: AttributeValue): boolean {
  const text = plainText(value);
  if (redact(text) !== text) return true;
  if ('M' in value)
    return Object.entries(value.M).some(([name, inner]) => SECRET_ATTRIBUTE.test(name) || holdsSecret(inner));
  if ('L' in value) return value.L.some(holdsSecret);
  return false;
}

function secretField(path: string, before: AttributeValue | undefined, after: AttributeValue | undefined): boolean {
  return (
    path.split(/[.[\]]/).some((segment) => segment !== '' && SECRET_ATTRIBUTE.test(segment)) ||
    (before !== undefined && holdsSecret(before)) ||
    (after !== undefined && holdsSecret(after))
  );
}

/**
 * One attribute that differs, with both typed values and how a plan line shows each (`display`), so that a report
 * reads it without knowing DynamoDB JSON. A secret keeps only placeholders: `(secret)` when it comes or goes,
 * `(secret)` -> `(changed)` when its value changes.
 */
function field(path: string, before: AttributeValue | undefined, after: AttributeValue | undefined): FieldChange {
  if (secretField(path, before, after)) {
    const shown = {
      ...(before !== undefined ? { before: SECRET } : {}),
      ...(after !== undefined ? { after: before !== undefined ? CHANGED : SECRET } : {}),
    };
    return { path, ...shown, display: shown };
  }
  const display = {
    ...(before !== undefined ? { before: cutMiddle(plainText(before)) } : {}),
    ...(after !== undefined ? { after: cutMiddle(plainText(after)) } : {}),
  };
  return { path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), display };
}

const same = (a: AttributeValue, b: AttributeValue): boolean => JSON.stringify(a) === JSON.stringify(b);

function diffValue(path: string, before: AttributeValue, after: AttributeValue, out: FieldChange[]): void {
  if (same(before, after)) return;
  const type = typeOf(before);
  if (type === 'M' && typeOf(after) === 'M') {
    diffMembers(path, (before as { M: Item }).M, (after as { M: Item }).M, out);
    return;
  }
  if (type === 'L' && typeOf(after) === 'L') {
    const [a, b] = [(before as { L: AttributeValue[] }).L, (after as { L: AttributeValue[] }).L];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const [x, y] = [a[i], b[i]];
      if (x !== undefined && y !== undefined) diffValue(`${path}[${i}]`, x, y, out);
      else out.push(field(`${path}[${i}]`, x, y));
    }
    return;
  }
  out.push(field(path, before, after));
}

function diffMembers(prefix: string, before: Item, after: Item, out: FieldChange[]): void {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareStrings);
  for (const name of names) {
    const path = prefix ? `${prefix}.${name}` : name;
    const [a, b] = [before[name], after[name]];
    if (a !== undefined && b !== undefined) diffValue(path, a, b, out);
    else out.push(field(path, a, b));
  }
}

function withoutKey(item: Item, schema: KeySchema): Item {
  const rest = { ...item };
  delete rest[schema.partitionKey.name];
  if (schema.sortKey) delete rest[schema.sortKey.name];
  return rest;
}

/**
 * What differs between two versions of one item, attribute by attribute: maps member by member (`hours.open`),
 * lists element by element (`steps[2]`), anything else (sets included) as a whole value, old -> new. The key
 * attributes are the item's name and are left out. A created item (no `before`) lists every attribute it gets.
 * Secret values never appear: their fields say only `(secret)` or `(changed)`.
 *
 * Both items are expected in canonical form (sorted map members and sets, plain numbers, base64 binary), so that
 * equal values are equal text.
 */
export function diffItems(before: Item | undefined, after: Item, schema: KeySchema): FieldChange[] {
  const out: FieldChange[] = [];
  diffMembers('', before ? withoutKey(before, schema) : {}, withoutKey(after, schema), out);
  return out;
}
