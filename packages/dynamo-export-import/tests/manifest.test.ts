import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@edd/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest } from '../src/manifest.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manifest-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function manifest(content: unknown): Promise<string> {
  const file = join(dir, 'tables.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('readManifest', () => {
  it('resolves files against the manifest directory and keeps per-table options', async () => {
    const file = await manifest({
      tables: [
        { file: 'data/queues.jsonl', table: 'edd-queues-${Environment}', prune: true },
        { file: 'hours.jsonl', table: 'edd-hours', concurrency: 2 },
      ],
    });
    expect((await readManifest(file)).entries).toEqual([
      { file: join(dir, 'data/queues.jsonl'), table: 'edd-queues-${Environment}', prune: true },
      { file: join(dir, 'hours.jsonl'), table: 'edd-hours', concurrency: 2 },
    ]);
  });

  it('lists every mistake at once, including misspelt options', async () => {
    const file = await manifest({ tables: [{ file: 'a.jsonl', table: 't1', prnue: true }, { table: 't2' }] });
    const error = await readManifest(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/tables\.0: Unrecognized key: "prnue"/);
    expect((error as Error).message).toMatch(/tables\.1\.file: /);
  });

  it('refuses a manifest that is not JSON or lists no tables', async () => {
    await expect(readManifest(await manifest('{"tables":'))).rejects.toThrow(/is not valid JSON/);
    await expect(readManifest(await manifest({ tables: [] }))).rejects.toThrow(/lists no tables/);
    await expect(readManifest(join(dir, 'missing.json'))).rejects.toThrow(/cannot read manifest/);
  });
});
