import { stableStringify, type FieldChange, type PlanAction, type PlannedResource } from '@edd/core';
import type { BotContent, LocaleContent } from '../model/content.js';
import { isObject, type JsonObject } from '../model/json.js';

const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b);

function change(path: string, before: unknown, after: unknown): FieldChange {
  return { path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
}

/** `slotTypeValues["savings"]`: a member of a keyed list, named by its key. */
const keyed = (path: string, key: string) => `${path}[${JSON.stringify(key)}]`;

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

const utterancesOf = (list: unknown[]): string[] =>
  list.map((entry) =>
    isObject(entry) && typeof entry.utterance === 'string' ? entry.utterance : stableStringify(entry),
  );

const sampleValueOf = (entry: unknown): string =>
  isObject(entry) && isObject(entry.sampleValue) && typeof entry.sampleValue.value === 'string'
    ? entry.sampleValue.value
    : stableStringify(entry);

const slotNamesOf = (list: unknown[]): unknown[] =>
  list.map((entry) => (isObject(entry) && entry.slotName !== undefined ? entry.slotName : entry));

/**
 * The lists whose order means nothing to people reading a plan, or whose members have names: sample utterances
 * are a set of sentences, slot type values are named by their sample value, slot priorities read as the ordered
 * slot names.
 */
function diffList(key: string, path: string, before: unknown[], after: unknown[], out: FieldChange[]): boolean {
  if (key === 'sampleUtterances') {
    const [was, is] = [utterancesOf(before), utterancesOf(after)];
    for (const text of was) if (!is.includes(text)) out.push(change(path, text, undefined));
    for (const text of is) if (!was.includes(text)) out.push(change(path, undefined, text));
    return true;
  }
  if (key === 'slotTypeValues') {
    const was = new Map(before.map((entry) => [sampleValueOf(entry), entry]));
    const is = new Map(after.map((entry) => [sampleValueOf(entry), entry]));
    for (const [value, entry] of was) {
      const next = is.get(value);
      if (next === undefined) out.push(change(path, value, undefined));
      else diffValue(keyed(path, value), entry, next, out);
    }
    for (const value of is.keys()) if (!was.has(value)) out.push(change(path, undefined, value));
    return true;
  }
  if (key === 'slotPriorities') {
    const [was, is] = [slotNamesOf(before), slotNamesOf(after)];
    if (!same(was, is)) out.push(change(path, was, is));
    return true;
  }
  return false;
}

function diffValue(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (same(before, after)) return;
  if (before === undefined || after === undefined) {
    const list = before ?? after;
    const key = path.split(/[.[]/).at(-1)!;
    if (Array.isArray(list) && diffList(key, path, (before as unknown[]) ?? [], (after as unknown[]) ?? [], out))
      return;
    out.push(change(path, before, after));
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort())
      diffValue(join(path, key), before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (diffList(path.split(/[.[]/).at(-1)!, path, before, after, out)) return;
    for (let i = 0; i < Math.max(before.length, after.length); i++) diffValue(join(path, i), before[i], after[i], out);
    return;
  }
  out.push(change(path, before, after));
}

/** The fields that differ between two versions of a document, each with its path in the file's words. */
export function diffDocuments(before: JsonObject, after: JsonObject): FieldChange[] {
  const out: FieldChange[] = [];
  diffValue('', before, after, out);
  return out;
}

/** What a created resource of each kind shows: the members worth reading at a glance. */
const CREATED_SUMMARY: Record<string, readonly string[]> = {
  bot: ['dataPrivacy', 'idleSessionTTLInSeconds', 'roleArn'],
  locale: ['description', 'nluConfidenceThreshold', 'voiceSettings'],
  intent: ['description', 'parentIntentSignature', 'sampleUtterances'],
  slot: ['description', 'slotTypeName'],
  'slot type': ['description', 'parentSlotTypeSignature', 'slotTypeValues'],
};

function resource(
  kind: string,
  name: string,
  group: string | undefined,
  before: JsonObject | undefined,
  after: JsonObject | undefined,
): PlannedResource {
  const where = group ? { group } : {};
  if (after === undefined) return { kind, name, action: 'delete', ...where };
  if (before === undefined) {
    const shown: JsonObject = {};
    for (const member of CREATED_SUMMARY[kind] ?? []) if (after[member] !== undefined) shown[member] = after[member];
    const fields = diffDocuments({}, shown);
    return { kind, name, action: 'create', ...where, ...(fields.length > 0 ? { fields } : {}) };
  }
  const fields = diffDocuments(before, after);
  const action: PlanAction = fields.length > 0 ? 'update' : 'unchanged';
  return { kind, name, action, ...where, ...(fields.length > 0 ? { fields } : {}) };
}

const sorted = <T>(a: Map<string, T> | undefined, b: Map<string, T> | undefined): string[] =>
  [...new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])].sort();

function localeResources(id: string, before: LocaleContent | undefined, after: LocaleContent | undefined) {
  const out: PlannedResource[] = [resource('locale', id, undefined, before?.settings, after?.settings)];
  for (const name of sorted(before?.slotTypes, after?.slotTypes))
    out.push(resource('slot type', name, id, before?.slotTypes.get(name), after?.slotTypes.get(name)));
  for (const name of sorted(before?.intents, after?.intents)) {
    const [was, is] = [before?.intents.get(name), after?.intents.get(name)];
    out.push(resource('intent', name, id, was?.intent, is?.intent));
    for (const slot of sorted(was?.slots, is?.slots))
      out.push(resource('slot', slot, `${id}/${name}`, was?.slots.get(slot), is?.slots.get(slot)));
  }
  return out;
}

/**
 * The bot's content as plan resources: the bot's settings, then per locale its settings, its slot types, and its
 * intents each followed by its slots (`slot "AccountType" [en_US/CheckBalance]`). Without `before` (a new bot)
 * everything is created.
 */
export function contentResources(
  botName: string,
  before: BotContent | undefined,
  after: BotContent,
): PlannedResource[] {
  const out = [resource('bot', botName, undefined, before?.settings, after.settings)];
  for (const id of sorted(before?.locales, after.locales))
    out.push(...localeResources(id, before?.locales.get(id), after.locales.get(id)));
  return out;
}
