import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLines, type Line } from '../src/files/lines.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lines-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function linesOf(content: string | Buffer, options?: { maxLineBytes?: number }): Promise<Line[]> {
  const file = join(dir, 'f.jsonl');
  await writeFile(file, content);
  const out: Line[] = [];
  for await (const line of readLines(file, options)) out.push(line);
  return out;
}

describe('readLines', () => {
  it('numbers lines and accepts a missing final newline, CRLF endings and a byte order mark', async () => {
    expect(await linesOf('\uFEFFa\r\nb\n\nc')).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'b' },
      { number: 3, text: '' },
      { number: 4, text: 'c' },
    ]);
  });

  it('keeps multi-byte characters split across reads', async () => {
    const line = '日本語 \u{1F600} '.repeat(20_000);
    const lines = await linesOf(`${line}\n${line}\n`);
    expect(lines.map((l) => l.text)).toEqual([line, line]);
  });

  it('reports the line whose bytes are not UTF-8 and goes on with the next', async () => {
    const content = Buffer.concat([Buffer.from('ok\nalso ok\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\nfine')]);
    expect(await linesOf(content)).toEqual([
      { number: 1, text: 'ok' },
      { number: 2, text: 'also ok' },
      { number: 3, problem: 'not-utf8' },
      { number: 4, text: 'fine' },
    ]);
  });

  it('reports an over-long line without its text and goes on with the next', async () => {
    const lines = await linesOf(`short\n${'x'.repeat(200_000)}\nafter\n${'y'.repeat(100_001)}`, {
      maxLineBytes: 100_000,
    });
    expect(lines).toEqual([
      { number: 1, text: 'short' },
      { number: 2, problem: 'too-long' },
      { number: 3, text: 'after' },
      { number: 4, problem: 'too-long' },
    ]);
  });
});
