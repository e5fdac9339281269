import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTable, QA, scanAll, startTestBed, type TestBed } from './support.js';

const item = (id: string, value: string) =>
  `{"id":{"S":"${id}"},"value":{"S":"${value}"},"tags":{"SS":["b","a"]},"n":{"N":"1.5"}}`;

interface TableReport {
  items: number;
  added: number;
  changed: number;
  deleted: number;
  unchanged: number;
  notInFile: number;
  written: number;
  keys: { added: string[]; changed: string[]; deleted: string[] };
}

let bed: TestBed;
let qa: DynamoDBClient;

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
  await createTable(qa, 'edd-settings-qa', { partition: ['id', 'S'] });
  await writeFile(
    join(bed.dir, 'settings.jsonl'),
    `${['a', 'b', 'c', 'd'].map((id) => item(id, `v-${id}`)).join('\n')}\n`,
  );
  const first = await bed.run(['import', '--table', 'edd-settings-qa', '--in', 'settings.jsonl']);
  if (first.code !== 0) throw new Error(first.stderr);
});
afterAll(() => bed.close());
beforeEach(() => bed.markCalls());

async function importJson(file: string, ...flags: string[]) {
  const r = await bed.run(['import', '--table', 'edd-settings-${Environment}', '--in', file, '--json', ...flags]);
  return { ...r, table: (JSON.parse(r.stdout) as { tables?: TableReport[] }).tables?.[0] };
}

describe('import of a file the table already holds', () => {
  it('reports everything unchanged in a dry run', async () => {
    const r = await importJson('settings.jsonl', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.table).toMatchObject({ items: 4, added: 0, changed: 0, deleted: 0, unchanged: 4, written: 0 });
    expect(r.stderr).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete, 4 unchanged\.$/m);
    expect(r.stderr).not.toMatch(/^Applying/m);
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('makes zero write calls when run for real', async () => {
    const r = await importJson('settings.jsonl');
    expect(r.code, r.stderr).toBe(0);
    expect(r.table).toMatchObject({ unchanged: 4, written: 0 });
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('sees through a different spelling of the same items: attribute order, set order, number form', async () => {
    await writeFile(
      join(bed.dir, 'respelled.jsonl'),
      `${['d', 'c', 'b', 'a'].map((id) => `{"n":{"N":"15E-1"},"tags":{"SS":["a","b"]},"value":{"S":"v-${id}"},"id":{"S":"${id}"}}`).join('\n')}\n`,
    );
    const r = await importJson('respelled.jsonl');
    expect(r.table).toMatchObject({ unchanged: 4, written: 0 });
    expect(bed.writesSinceMark()).toEqual([]);
  });
});

describe('a dry run of changes', () => {
  it('lists what would be added, changed and deleted, by key, and writes nothing', async () => {
    await writeFile(
      join(bed.dir, 'changed.jsonl'),
      `${[item('a', 'v-a'), item('b', 'new'), item('e', 'v-e')].join('\n')}\n`,
    );
    const r = await importJson('changed.jsonl', '--prune', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.table).toMatchObject({ added: 1, changed: 1, deleted: 2, unchanged: 1, notInFile: 2, written: 0 });
    expect(r.table!.keys).toEqual({
      added: ['id="e"'],
      changed: ['id="b"'],
      deleted: expect.arrayContaining(['id="c"', 'id="d"']) as string[],
    });
    expect(r.stderr).toMatch(/^\+ item "id=e"\n {4}\+ n: 1\.5\n {4}\+ tags: \["a", "b"\]\n {4}\+ value: "v-e"$/m);
    expect(r.stderr).toMatch(/^~ item "id=b"\n {4}value: "v-b" -> "new"$/m);
    expect(r.stderr).toMatch(/^- item "id=c"$/m);
    expect(r.stderr).toMatch(/^Plan: 1 to create, 1 to update, 2 to delete, 1 unchanged\.$/m);
    expect(r.stderr).not.toMatch(/^Applying/m);
    expect(bed.writesSinceMark()).toEqual([]);
    expect((await scanAll(qa, 'edd-settings-qa')).length).toBe(4);
  });
});

describe('--prune', () => {
  it('without it, keys missing from the file stay and are counted', async () => {
    await writeFile(join(bed.dir, 'fewer.jsonl'), `${item('a', 'v-a')}\n`);
    const r = await importJson('fewer.jsonl');
    expect(r.table).toMatchObject({ deleted: 0, notInFile: 3, written: 0 });
    expect(r.stderr).toMatch(/^edd-settings-qa: 3 items not in fewer\.jsonl kept \(--prune deletes them\)$/m);
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('deletes exactly the keys that are not in the file, and writes what changed', async () => {
    await createTable(qa, 'edd-prune-qa', { partition: ['id', 'S'] });
    await writeFile(
      join(bed.dir, 'all.jsonl'),
      `${['k1', 'k2', 'k3', 'k4', 'k5'].map((id) => item(id, 'x')).join('\n')}\n`,
    );
    expect((await bed.run(['import', '--table', 'edd-prune-qa', '--in', 'all.jsonl'])).code).toBe(0);
    await writeFile(join(bed.dir, 'kept.jsonl'), `${[item('k2', 'x'), item('k4', 'changed')].join('\n')}\n`);
    bed.markCalls();
    const r = await bed.run(['import', '--table', 'edd-prune-qa', '--in', 'kept.jsonl', '--prune']);
    expect(r.code, r.stderr).toBe(0);
    const ids = (await scanAll(qa, 'edd-prune-qa')).map((i) => `${i.id?.S}=${i.value?.S}`).sort();
    expect(ids).toEqual(['k2=x', 'k4=changed']);
    expect(bed.writesSinceMark()).toEqual(['BatchWriteItem']);

    bed.markCalls();
    const again = await bed.run(['import', '--table', 'edd-prune-qa', '--in', 'kept.jsonl', '--prune']);
    expect(again.code, again.stderr).toBe(0);
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('refuses to empty a table from an empty file', async () => {
    await writeFile(join(bed.dir, 'empty.jsonl'), '');
    const r = await importJson('empty.jsonl', '--prune');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the file has no items; with --prune it would empty edd-settings-qa/);
    expect(bed.writesSinceMark()).toEqual([]);
  });
});
