import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { normalize } from 'node:path';
import {
  refuseSourceDrift,
  ValidationError,
  fingerprint,
  fingerprintDrift,
  SAVED_PLAN_FORMAT,
  type PlanDocument,
  type PlanFingerprints,
  type Problem,
  type SavedPlan,
} from '@edd/core';
import { z } from 'zod';
import type { ImportPlan } from './import.js';

/**
 * dynamo-export-import's part of a saved plan: for every table of the run, the options that shaped its change set
 * (table, file, prune), how many items the table held, and each item the plan writes or deletes, by key, with the
 * fingerprint of the item written and of the item the table held. Values are never kept: items may hold secrets.
 *
 * Each change is one string, `<digest> <key>`, in the order of the file (deletes in the order of their keys): a
 * table of 200,000 items gives as many short strings, which cost a fraction of the memory of an object with as many
 * properties, and two change sets of the same file compare entry by entry without building a map.
 */

/** The 16-byte digest of an item's canonical form, in base64: the plan's own comparison uses the same. */
const DIGEST = '[A-Za-z0-9+/]{22}==';
const DIGEST_LENGTH = 24;
const entry = (digests: number, what: string) =>
  z.array(z.string().regex(new RegExp(`^(${DIGEST} ){${digests}}\\S`), `is not ${what}`));

const tableChangeSchema = z
  .object({
    table: z.string().min(1),
    file: z.string().min(1),
    prune: z.boolean(),
    tableItems: z.number().int().min(0),
    /** `<digest of the item written> <key>` */
    create: entry(1, '"<fingerprint of the item written> <key>"'),
    /** `<digest of the item written> <digest of the item the table held> <key>` */
    update: entry(2, '"<fingerprint of the item written> <fingerprint of the item in the table> <key>"'),
    /** `<digest of the item the table held> <key>` */
    delete: entry(1, '"<fingerprint of the item in the table> <key>"'),
  })
  .strict();

export const changeSetSchema = z.object({ tables: z.array(tableChangeSchema).min(1) }).strict();
export type ChangeSet = z.infer<typeof changeSetSchema>;
type TableChange = ChangeSet['tables'][number];

/** What the options selected: each table, the file it is filled from, and whether keys not in it are deleted. */
export type Selection = { table: string; file: string; prune: boolean }[];

export type SourceFingerprints = Pick<PlanFingerprints, 'source' | 'sourceFiles'>;

async function fileFingerprint(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>)
    hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * The source as read: the bytes of the manifest and of every file, before placeholders are expanded (their values
 * depend on the target, which the target fingerprints cover), and the options that shape the change set.
 */
export async function sourceFingerprints(selection: Selection, manifest?: string): Promise<SourceFingerprints> {
  const files: Record<string, string> = {};
  if (manifest) files[normalize(manifest)] = await fileFingerprint(manifest);
  for (const { file } of selection) files[file] = await fileFingerprint(file);
  const sourceFiles = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
  return { source: fingerprint({ sourceFiles, selection }), sourceFiles };
}

export function selectionOf(jobs: readonly { table: string; file: string; prune?: boolean }[], prune: boolean) {
  return jobs.map((job) => ({ table: job.table, file: normalize(job.file), prune: job.prune ?? prune }));
}

const tableKey = (table: string) => `table/${table}`;

function fingerprintsOf(plan: ImportPlan) {
  const fingerprints = plan.fingerprints;
  if (!fingerprints) throw new Error(`the plan of ${plan.table} was made without fingerprints`);
  return fingerprints;
}

/** The target as the plans read it, a fingerprint per table; those of single items are in the change set. */
export function targetFingerprints(plans: readonly ImportPlan[]): Record<string, string> {
  return Object.fromEntries(plans.map((plan) => [tableKey(plan.table), fingerprintsOf(plan).table]));
}

const byKeyText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function changeSetOf(plans: readonly ImportPlan[], selection: Selection): ChangeSet {
  return {
    tables: plans.map((plan, i) => {
      const { tableItems, create, update, delete: deleted } = fingerprintsOf(plan);
      return { ...selection[i]!, tableItems, create, update, delete: deleted };
    }),
  };
}

export function savedPlanOf(
  document: PlanDocument,
  plans: readonly ImportPlan[],
  selection: Selection,
  source: SourceFingerprints,
): SavedPlan<ChangeSet> {
  return {
    format: SAVED_PLAN_FORMAT,
    plan: document,
    fingerprints: { ...source, target: targetFingerprints(plans) },
    changeSet: changeSetOf(plans, selection),
  };
}

const selectionText = (selection: Selection) =>
  selection.map(({ table, file, prune }) => `${table} from ${file}${prune ? ' with --prune' : ''}`).join(', ');

/**
 * Before any AWS call: the saved plan was made with these options from these files. Refuses (exit 3) naming both
 * selections, or each file that changed.
 */
export function checkSavedSource(
  file: string,
  saved: SavedPlan<ChangeSet>,
  selection: Selection,
  source: SourceFingerprints,
): void {
  const planned: Selection = saved.changeSet.tables.map(({ table, file, prune }) => ({ table, file, prune }));
  if (JSON.stringify(planned) !== JSON.stringify(selection))
    throw new ValidationError(
      `${file} cannot be applied: it was made for ${selectionText(planned)}, and this run gives ${selectionText(selection)}; pass the same options, or make the plan again; nothing was written`,
    );
  refuseSourceDrift(file, saved.fingerprints, source);
}

type ItemAction = 'create' | 'update' | 'delete';
interface ItemChange {
  action: ItemAction;
  /** The digest of the item written (create, update). */
  write?: string;
  /** The digest of the item the table held (update, delete). */
  current?: string;
}

/** A table's change set by key: built only to name what differs, once two change sets are known to. */
function changesByKey(change: TableChange): Map<string, ItemChange> {
  const out = new Map<string, ItemChange>();
  const at = (n: number) => n * (DIGEST_LENGTH + 1);
  for (const e of change.create) out.set(e.slice(at(1)), { action: 'create', write: e.slice(0, DIGEST_LENGTH) });
  for (const e of change.update)
    out.set(e.slice(at(2)), {
      action: 'update',
      write: e.slice(0, DIGEST_LENGTH),
      current: e.slice(at(1), at(1) + DIGEST_LENGTH),
    });
  for (const e of change.delete) out.set(e.slice(at(1)), { action: 'delete', current: e.slice(0, DIGEST_LENGTH) });
  return out;
}

const sameEntries = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const PLANNED = {
  create: 'the plan creates it',
  update: 'the plan updates it',
  delete: 'the plan deletes it',
  none: 'the plan leaves it alone',
};
const NOW = {
  create: 'now it would be created',
  update: 'now it would be updated',
  delete: 'now it would be deleted',
  none: 'now it needs no change',
};

/** How one item's change moved, in words, and whether the table moved under it; undefined when nothing did. */
function itemMove(then: ItemChange | undefined, now: ItemChange | undefined) {
  if (then?.action === now?.action && then?.write === now?.write) {
    if (then?.current === now?.current) return undefined;
    return { message: 'changed since the plan', targetMoved: true };
  }
  if (then?.action === now?.action)
    return { message: `${PLANNED[then?.action ?? 'none']}, with another item than it would now`, targetMoved: false };
  return { message: `${PLANNED[then?.action ?? 'none']}; ${NOW[now?.action ?? 'none']}`, targetMoved: true };
}

/**
 * After planning again from the same files: no table the plan read moved, and the change set is the one approved.
 * Refuses (exit 3) naming every item that moved, and for a table that moved only in items the plan does not write,
 * the table and how many items it holds.
 */
export function checkSavedTarget(
  file: string,
  saved: SavedPlan<ChangeSet>,
  plans: readonly ImportPlan[],
  selection: Selection,
): void {
  const now = changeSetOf(plans, selection);
  let targetMoved = fingerprintDrift(saved.fingerprints.target, targetFingerprints(plans)).length > 0;
  const problems: Problem[] = [];
  for (const [i, then] of saved.changeSet.tables.entries()) {
    const later = now.tables[i]!;
    const table = then.table;
    const tableMoved = saved.fingerprints.target[tableKey(table)] !== fingerprintsOf(plans[i]!).table;
    let named = 0;
    if (!(['create', 'update', 'delete'] as const).every((action) => sameEntries(then[action], later[action]))) {
      const before = changesByKey(then);
      const after = changesByKey(later);
      for (const key of [...new Set([...before.keys(), ...after.keys()])].sort(byKeyText)) {
        const moved = itemMove(before.get(key), after.get(key));
        if (!moved) continue;
        named++;
        targetMoved ||= moved.targetMoved;
        problems.push({ resource: `${table} item ${key}`, message: moved.message });
      }
    }
    if (tableMoved && named === 0)
      problems.push({
        resource: `table ${table}`,
        message: `changed since the plan in items it does not write (${then.tableItems} items then, ${later.tableItems} now)`,
      });
  }
  if (problems.length === 0) return;
  throw new ValidationError(
    targetMoved
      ? `${file} cannot be applied: the target changed since the plan was made; make the plan again and have it approved; nothing was written`
      : `${file} cannot be applied: the change it holds is not the change these files make in these tables; make the plan again; nothing was written`,
    problems,
  );
}
