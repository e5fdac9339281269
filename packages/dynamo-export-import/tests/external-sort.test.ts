import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalSorter, writeLines } from '../src/files/external-sort.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sort-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const compare = (a: number, b: number) => a - b;
const keyOfLine = (line: string) => Number(line.split(':')[0]);

async function sortAll(keys: number[], memoryBytes: number) {
  const sorter = new ExternalSorter<number>({ compare, keyOfLine, memoryBytes, tempDir: dir });
  await Promise.all(keys.map((key) => sorter.add({ key, line: `${key}:${'v'.repeat(key % 7)}` })));
  const out: number[] = [];
  for await (const record of await sorter.sorted()) out.push(record.key);
  const runs = sorter.runCount;
  const filesBeforeDispose = (await readdir(dir)).length;
  await sorter.dispose();
  return { out, runs, filesBeforeDispose, filesAfter: (await readdir(dir)).length };
}

describe('ExternalSorter', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5003);

  it('sorts in memory when everything fits, touching no file', async () => {
    const result = await sortAll(keys, 64 * 1024 * 1024);
    expect(result.out).toEqual([...keys].sort(compare));
    expect(result.runs).toBe(0);
    expect(result.filesBeforeDispose).toBe(0);
  });

  it('spills sorted runs and merges them into the same order when memory is short', async () => {
    const result = await sortAll(keys, 20_000);
    expect(result.out).toEqual([...keys].sort(compare));
    expect(result.runs).toBeGreaterThan(10);
    expect(result.filesBeforeDispose).toBe(1);
    expect(result.filesAfter).toBe(0);
  });
});

describe('writeLines', () => {
  it('writes each line with a newline and returns the byte count', async () => {
    const file = join(dir, 'out.jsonl');
    const bytes = await writeLines(file, ['a', 'é', '']);
    expect(await readFile(file, 'utf8')).toBe('a\né\n\n');
    expect(bytes).toBe(6);
  });
});
