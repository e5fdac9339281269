import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeOf, type PlanDocument, type SavedPlan } from '@edd/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPlan } from '../src/import.js';
import {
  changeSetSchema,
  checkSavedSource,
  checkSavedTarget,
  savedPlanOf,
  selectionOf,
  sourceFingerprints,
  type ChangeSet,
} from '../src/saved-plan.js';

const D1 = 'AAAAAAAAAAAAAAAAAAAAAA==';
const D2 = 'BBBBBBBBBBBBBBBBBBBBBA==';
const D3 = 'CCCCCCCCCCCCCCCCCCCCCA==';

/** The part of a plan a saved plan is made of: its table and fingerprints. */
function planOf(
  table: string,
  fingerprints: { table: string; tableItems: number; create: string[]; update: string[]; delete: string[] },
): ImportPlan {
  return { table, fingerprints } as unknown as ImportPlan;
}

const approved = () =>
  planOf('edd-a-qa', {
    table: 'sha256:t1',
    tableItems: 3,
    create: [`${D1} id="new"`],
    update: [`${D2} ${D3} id="old"`],
    delete: [`${D1} id="gone"`],
  });
const selection = selectionOf([{ table: 'edd-a-qa', file: './data/a.jsonl' }], true);
const source = { source: 'sha256:s', sourceFiles: { 'data/a.jsonl': 'sha256:f' } };

function saved(from: ImportPlan): SavedPlan<ChangeSet> {
  return savedPlanOf({} as PlanDocument, [from], selection, source);
}

function refusal(check: () => void): string {
  try {
    check();
  } catch (error) {
    expect(exitCodeOf(error)).toBe(3);
    return (error as { explain(): string[] }).explain().join('\n');
  }
  throw new Error('accepted');
}

describe('the saved change set', () => {
  it('holds each key by action with the digest of the item written, and the target fingerprints', () => {
    const plan = saved(approved());
    expect(plan.changeSet).toEqual({
      tables: [
        {
          table: 'edd-a-qa',
          file: 'data/a.jsonl',
          prune: true,
          tableItems: 3,
          create: [`${D1} id="new"`],
          update: [`${D2} ${D3} id="old"`],
          delete: [`${D1} id="gone"`],
        },
      ],
    });
    expect(plan.fingerprints.target).toEqual({ 'table/edd-a-qa': 'sha256:t1' });
    expect(changeSetSchema.safeParse(plan.changeSet).success).toBe(true);
  });

  it('refuses a change set whose fingerprint is not one', () => {
    const plan = saved(approved());
    plan.changeSet.tables[0]!.create[0] = 'id="new" {"id":{"S":"new"}}';
    expect(changeSetSchema.safeParse(plan.changeSet).success).toBe(false);
  });
});

describe('checkSavedSource', () => {
  it('accepts the same options and files', () => {
    expect(() => checkSavedSource('plan.json', saved(approved()), selection, source)).not.toThrow();
  });

  it('refuses other options, naming both', () => {
    const other = selectionOf([{ table: 'edd-a-qa', file: 'data/a.jsonl' }], false);
    expect(refusal(() => checkSavedSource('plan.json', saved(approved()), other, source))).toContain(
      'it was made for edd-a-qa from data/a.jsonl with --prune, and this run gives edd-a-qa from data/a.jsonl; pass the same options',
    );
  });

  it('refuses a file that changed, naming it', () => {
    const changed = { source: 'sha256:s2', sourceFiles: { 'data/a.jsonl': 'sha256:g' } };
    expect(refusal(() => checkSavedSource('plan.json', saved(approved()), selection, changed))).toBe(
      'plan.json cannot be applied: the source changed since the plan was made; make the plan again and have it approved; nothing was written: data/a.jsonl: changed since the plan',
    );
  });
});

describe('checkSavedTarget', () => {
  it('accepts the same tables and change set', () => {
    expect(() => checkSavedTarget('plan.json', saved(approved()), [approved()], selection)).not.toThrow();
  });

  it('names an item the plan updates that changed, and one it deletes that is gone', () => {
    const now = planOf('edd-a-qa', {
      table: 'sha256:t2',
      tableItems: 2,
      create: [`${D1} id="new"`],
      update: [`${D2} ${D1} id="old"`],
      delete: [],
    });
    const text = refusal(() => checkSavedTarget('plan.json', saved(approved()), [now], selection));
    expect(text).toContain('the target changed since the plan was made');
    expect(text).toContain('edd-a-qa item id="old": changed since the plan');
    expect(text).toContain('edd-a-qa item id="gone": the plan deletes it; now it needs no change');
  });

  it('names the table, with its counts, when it moved only in items the plan does not write', () => {
    const now = planOf('edd-a-qa', { ...approved().fingerprints!, table: 'sha256:t2', tableItems: 4 });
    expect(refusal(() => checkSavedTarget('plan.json', saved(approved()), [now], selection))).toContain(
      'table edd-a-qa: changed since the plan in items it does not write (3 items then, 4 now)',
    );
  });

  it('names an item written differently when no fingerprint moved', () => {
    const now = planOf('edd-a-qa', { ...approved().fingerprints!, create: [`${D3} id="new"`] });
    expect(refusal(() => checkSavedTarget('plan.json', saved(approved()), [now], selection))).toBe(
      'plan.json cannot be applied: the change it holds is not the change these files make in these tables; make the plan again; nothing was written: edd-a-qa item id="new": the plan creates it, with another item than it would now',
    );
  });
});

describe('sourceFingerprints', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saved-plan-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fingerprints the bytes of each file and of the manifest, and moves when a byte or an option does', async () => {
    const file = join(dir, 'a.jsonl');
    const manifest = join(dir, 'tables.json');
    await writeFile(file, '{"id":{"S":"a"}}\n');
    await writeFile(manifest, '{"tables":[]}');
    const options = selectionOf([{ table: 'edd-a-qa', file }], false);
    const first = await sourceFingerprints(options, manifest);
    expect(Object.keys(first.sourceFiles).sort()).toEqual([file, manifest].sort());
    expect(await sourceFingerprints(options, manifest)).toEqual(first);

    const pruned = await sourceFingerprints(selectionOf([{ table: 'edd-a-qa', file }], true), manifest);
    expect(pruned.sourceFiles).toEqual(first.sourceFiles);
    expect(pruned.source).not.toBe(first.source);

    await writeFile(file, '{"id":{"S":"a"}}\r\n');
    const respelled = await sourceFingerprints(options, manifest);
    expect(respelled.sourceFiles[file]).not.toBe(first.sourceFiles[file]);
    expect(respelled.sourceFiles[manifest]).toBe(first.sourceFiles[manifest]);
  });
});
