import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, UsageError, exitCodeOf } from '@edd/core';
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

  it('refuses a file outside the manifest folder (exit 3) and a key given twice (exit 2)', async () => {
    for (const bad of ['../../../x.jsonl', '/etc/passwd', 'data/../../x.jsonl']) {
      const error = await readManifest(await manifest({ tables: [{ file: bad, table: 't1' }] })).catch(
        (e: unknown) => e,
      );
      expect(exitCodeOf(error), bad).toBe(ExitCode.Validation);
      expect((error as Error).message).toContain('tables[0].file');
    }
    const twice = await manifest('{"tables": [{"file": "a.jsonl", "table": "t1",\n "table": "t2"}]}');
    const error = await readManifest(twice).catch((e: unknown) => e);
    expect(exitCodeOf(error)).toBe(ExitCode.Usage);
    expect((error as Error).message).toMatch(/tables\.json:2: key "table" appears twice in tables\[0\]/);
  });

  it('refuses a manifest that is not JSON or lists no tables', async () => {
    await expect(readManifest(await manifest('{"tables":'))).rejects.toThrow(/tables\.json:1: invalid JSON/);
    await expect(readManifest(await manifest({ tables: [] }))).rejects.toThrow(/lists no tables/);
    await expect(readManifest(join(dir, 'missing.json'))).rejects.toThrow(/--manifest .*missing\.json does not exist/);
  });
});
