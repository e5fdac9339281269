import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { normalize } from 'node:path';
import {
  ValidationError,
  describeDrift,
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
 * fingerprint of the item written. Values are never kept: items may hold secrets, and the file stays small.
 */

/** The 16-byte digest of an item's canonical form, in base64: the plan's own comparison uses the same. */
const itemDigest = z.string().regex(/^[A-Za-z0-9+/]{22}==$/, 'is not an item fingerprint');

const tableChangeSchema = z
  .object({
    table: z.string().min(1),
    file: z.string().min(1),
    prune: z.boolean(),
    tableItems: z.number().int().min(0),
    create: z.record(z.string(), itemDigest),
    update: z.record(z.string(), itemDigest),
    delete: z.array(z.string()),
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
const itemKey = (table: string, key: string) => `item/${table}/${key}`;

function fingerprintsOf(plan: ImportPlan) {
  const fingerprints = plan.fingerprints;
  if (!fingerprints) throw new Error(`the plan of ${plan.table} was made without fingerprints`);
  return fingerprints;
}

/** The target as the plans read it: each table as a whole, and each item they update or delete. */
export function targetFingerprints(plans: readonly ImportPlan[]): Record<string, string> {
  const target: Record<string, string> = {};
  for (const plan of plans) {
    const { table, current } = fingerprintsOf(plan);
    target[tableKey(plan.table)] = table;
    for (const [key, digest] of current) target[itemKey(plan.table, key)] = digest;
  }
  return target;
}

export function changeSetOf(plans: readonly ImportPlan[], selection: Selection): ChangeSet {
  return {
    tables: plans.map((plan, i) => {
      const { writes, current, tableItems } = fingerprintsOf(plan);
      const create: Record<string, string> = {};
      const update: Record<string, string> = {};
      for (const [key, digest] of writes) (current.has(key) ? update : create)[key] = digest;
      return {
        ...selection[i]!,
        tableItems,
        create,
        update,
        delete: [...current.keys()].filter((key) => !writes.has(key)).sort(),
      };
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
  if (saved.fingerprints.source === source.source) return;
  const problems: Problem[] = fingerprintDrift(saved.fingerprints.sourceFiles, source.sourceFiles).map((d) => ({
    file: d.key,
    message:
      d.before === undefined
        ? 'added to the source since the plan'
        : d.after === undefined
          ? 'removed from the source since the plan'
          : 'changed since the plan',
  }));
  throw new ValidationError(
    `${file} cannot be applied: the source changed since the plan was made; make the plan again and have it approved; nothing was written`,
    problems,
  );
}

type ItemAction = 'create' | 'update' | 'delete';

function actionOf(change: TableChange, key: string): { action?: ItemAction; digest?: string } {
  if (Object.hasOwn(change.create, key)) return { action: 'create', digest: change.create[key] };
  if (Object.hasOwn(change.update, key)) return { action: 'update', digest: change.update[key] };
  return { action: undefined };
}

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

/** How one item's change moved, in words; undefined when it did not. */
function itemMove(saved: TableChange, now: TableChange, deletedThen: Set<string>, deletedNow: Set<string>) {
  return (key: string): string | undefined => {
    const then = deletedThen.has(key) ? { action: 'delete' as const } : actionOf(saved, key);
    const later = deletedNow.has(key) ? { action: 'delete' as const } : actionOf(now, key);
    if (then.action === later.action && then.digest === later.digest) return undefined;
    if (then.action === later.action) return `${PLANNED[then.action ?? 'none']}, with another item than it would now`;
    return `${PLANNED[then.action ?? 'none']}; ${NOW[later.action ?? 'none']}`;
  };
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
  const drift = fingerprintDrift(saved.fingerprints.target, targetFingerprints(plans));
  const problems: Problem[] = [];
  for (const [i, then] of saved.changeSet.tables.entries()) {
    const later = now.tables[i]!;
    const table = then.table;
    const named = new Map<string, string>();
    const deletedThen = new Set(then.delete);
    const deletedNow = new Set(later.delete);
    const move = itemMove(then, later, deletedThen, deletedNow);
    const keys = new Set([
      ...Object.keys(then.create),
      ...Object.keys(then.update),
      ...then.delete,
      ...Object.keys(later.create),
      ...Object.keys(later.update),
      ...later.delete,
    ]);
    for (const key of keys) {
      const message = move(key);
      if (message) named.set(key, message);
    }
    const prefix = `item/${table}/`;
    for (const d of drift)
      if (d.key.startsWith(prefix) && !named.has(d.key.slice(prefix.length)))
        named.set(d.key.slice(prefix.length), describeDrift(d));
    for (const [key, message] of [...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      problems.push({ resource: `${table} item ${key}`, message });
    const tableMoved = drift.some((d) => d.key === tableKey(table));
    if (tableMoved && named.size === 0)
      problems.push({
        resource: `table ${table}`,
        message: `changed since the plan in items it does not write (${then.tableItems} items then, ${later.tableItems} now)`,
      });
  }
  if (problems.length === 0) return;
  const targetMoved = drift.length > 0;
  throw new ValidationError(
    targetMoved
      ? `${file} cannot be applied: the target changed since the plan was made; make the plan again and have it approved; nothing was written`
      : `${file} cannot be applied: the change it holds is not the change these files make in these tables; make the plan again; nothing was written`,
    problems,
  );
}
