import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Emulator } from '../src/emulator.js';

// The README says, for every operation of Connect and Lex V2, whether local-aws models its behaviour by hand or the
// generic engine stores and echoes what it is given. This keeps that table true; UPDATE_README=1 rewrites it.

const README = join(import.meta.dirname, '..', 'README.md');

function table(operations: string[], generic: ReadonlySet<string>): string {
  const rows = operations
    .sort()
    .map((operation) => [`\`${operation}\``, generic.has(operation) ? 'generic store' : 'modelled behaviour']);
  const header = ['operation', 'answered by'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

describe('README operation tables', () => {
  it('list each Connect and Lex V2 operation as modelled behaviour or generic store', async () => {
    const emulator = new Emulator({
      seed: 1,
      faults: [],
      callLogSize: 10,
      timeScale: 1,
      quotas: true,
      consistencyDelayMs: 0,
    });
    let readme = readFileSync(README, 'utf8');
    const expected = readme;
    for (const name of ['connect', 'lex']) {
      const implementation = emulator.registry.forSigningName(name)!.implementation;
      const rendered = table(Object.keys(implementation.model.operations), new Set(implementation.genericOperations));
      const start = `<!-- operations:${name} -->\n`;
      const end = `\n<!-- /operations:${name} -->`;
      const from = readme.indexOf(start);
      const to = readme.indexOf(end);
      expect(from, `README.md has no ${start.trim()} ... ${end.trim()} section`).toBeGreaterThan(0);
      readme = `${readme.slice(0, from + start.length)}\n${rendered}\n${readme.slice(to)}`;
    }
    await emulator.close();
    if (process.env.UPDATE_README === '1') writeFileSync(README, readme);

    expect(readme).toBe(expected);
  });
});
