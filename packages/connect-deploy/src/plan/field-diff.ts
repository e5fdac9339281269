import { formatValue, type FieldChange } from '@edd/core';
import { forEachRef } from '../references/rewrite.js';
import { describeRef, isRefObject, type SymbolicRef } from '../references/types.js';
import { deepEqual } from './diff.js';

/**
 * Field-level differences as a reviewer reads them: the deepest field that differs, references by name, and list
 * entries by what they are (`QueueConfigs[EDD Billing/VOICE].Priority`) rather than by position.
 */

/** The key of a list entry, given the list's path without keys (`QueueConfigs`, `Transitions.Errors`). */
export type ListKey = (listPath: string, entry: unknown) => string | undefined;

/** Fields that name an entry of a list by themselves, when every entry has one and no two share it. */
const NAMING_FIELDS = ['Identifier', 'Name', 'ReferenceName', 'ErrorType', 'Day', 'Channel', 'id', 'Id'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isRefObject(value);
}

/** A reference in one line: `queue "EDD Billing"`. */
export function describeValue(value: unknown): string | undefined {
  return isRefObject(value) ? describeRef(value as unknown as SymbolicRef) : undefined;
}

function holdsRef(value: unknown): boolean {
  let found = false;
  forEachRef(value, () => (found = true));
  return found;
}

/** A change with `display` where a side holds references, so any renderer shows them by name. */
export function fieldChange(path: string, before: unknown, after: unknown): FieldChange {
  const change: FieldChange = {
    path,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
  if (holdsRef(before) || holdsRef(after)) {
    change.display = {
      ...(before !== undefined ? { before: formatValue(before, describeValue) } : {}),
      ...(after !== undefined ? { after: formatValue(after, describeValue) } : {}),
    };
  }
  return change;
}

/** Every leaf of a value with its path: `StartTime.Hours`, `QueueReference.QueueId`. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, join(path, k)));
  return [[path, value]];
}

/**
 * A list entry that joins or leaves, named by its key: what the key already says is left out, so the line reads
 * `QueueConfigs[EDD Billing/VOICE]: {Priority: 2, Delay: 0}` and not a cut JSON object.
 */
function entryChange(path: string, key: string, before: unknown, after: unknown): FieldChange {
  const change = fieldChange(path, before, after);
  const entry = before ?? after;
  if (!isPlainObject(entry)) return change;
  const inKey = (v: unknown) => {
    const name = isRefObject(v) ? v.name : v;
    return typeof name === 'string' && name !== '' && key.includes(name);
  };
  const rest = leaves(entry).filter(([, v]) => !inKey(v));
  if (rest.length === 0) return change;
  const text = `{${rest.map(([p, v]) => `${p}: ${formatValue(v, describeValue)}`).join(', ')}}`;
  return { ...change, display: before !== undefined ? { before: text } : { after: text } };
}

function genericKey(entries: readonly unknown[]): ((entry: unknown) => string) | undefined {
  if (!entries.every(isPlainObject)) return undefined;
  const objects = entries as Record<string, unknown>[];
  const field = NAMING_FIELDS.find((f) => objects.every((e) => typeof e[f] === 'string' && e[f] !== ''));
  return field ? (entry) => (entry as Record<string, string>)[field]! : undefined;
}

function uniqueKeys(entries: readonly unknown[], key: (entry: unknown) => string | undefined): string[] | undefined {
  const keys = entries.map(key);
  if (keys.some((k) => k === undefined)) return undefined;
  return new Set(keys).size === keys.length ? (keys as string[]) : undefined;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function diffLists(
  before: readonly unknown[],
  after: readonly unknown[],
  path: string,
  listPath: string,
  listKey: ListKey | undefined,
  out: FieldChange[],
): void {
  // Lists of references (a queue's quick connects) are sets: what joined and what left.
  const asSet = [...before, ...after].every(isRefObject);
  if (!asSet) {
    const declared = (entry: unknown) => listKey?.(listPath, entry);
    const all = [...before, ...after];
    const keyOf = all.every((e) => declared(e) !== undefined) ? declared : genericKey(all);
    const beforeKeys = keyOf && uniqueKeys(before, keyOf);
    const afterKeys = keyOf && uniqueKeys(after, keyOf);
    if (beforeKeys && afterKeys) {
      const was = new Map(beforeKeys.map((k, i) => [k, before[i]]));
      const now = new Map(afterKeys.map((k, i) => [k, after[i]]));
      for (const [k, v] of was) if (!now.has(k)) out.push(entryChange(`${path}[${k}]`, k, v, undefined));
      for (const [k, v] of now) {
        if (!was.has(k)) out.push(entryChange(`${path}[${k}]`, k, undefined, v));
        else diffInto(was.get(k), v, `${path}[${k}]`, listPath, listKey, out);
      }
      return;
    }
    if (before.length === after.length) {
      before.forEach((v, i) => diffInto(v, after[i], `${path}[${i}]`, listPath, listKey, out));
      return;
    }
  }
  for (const v of before) if (!after.some((a) => deepEqual(a, v))) out.push(fieldChange(path, v, undefined));
  for (const v of after) if (!before.some((b) => deepEqual(b, v))) out.push(fieldChange(path, undefined, v));
}

function diffInto(
  before: unknown,
  after: unknown,
  path: string,
  listPath: string,
  listKey: ListKey | undefined,
  out: FieldChange[],
): void {
  if (deepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) diffInto(before[k], after[k], join(path, k), join(listPath, k), listKey, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    diffLists(before, after, path, listPath, listKey, out);
    return;
  }
  out.push(fieldChange(path, before, after));
}

/**
 * The fields that differ between `before` (the target, in export terms) and `after` (the export). `listKey` names the
 * entries of lists the generic rules cannot (entries without a naming field of their own).
 */
export function fieldChanges(
  before: unknown,
  after: unknown,
  { path = '', listKey }: { path?: string; listKey?: ListKey } = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  diffInto(before, after, path, path, listKey, out);
  return out;
}

/** The same shape with nothing in it: objects keep their keys' structure, lists are empty, values absent. */
function skeleton(value: unknown): unknown {
  if (Array.isArray(value)) return [];
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, skeleton(v)]));
  return undefined;
}

/** What a new resource is created with, one line per value: nested settings by path, lists entry by entry. */
export function createdFields(body: unknown, { listKey }: { listKey?: ListKey } = {}): FieldChange[] {
  return fieldChanges(skeleton(body), body, listKey ? { listKey } : {});
}
