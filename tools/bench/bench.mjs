#!/usr/bin/env node
// pnpm bench <name> [args]: runs tools/bench/<name>.mjs after building what it measures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '../..');
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'bench.mjs' && !f.startsWith('_'))
  .map((f) => f.replace(/\.mjs$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !benches.includes(name)) {
  console.error(`usage: pnpm bench <name> [args]; benchmarks: ${benches.join(', ')}`);
  process.exit(2);
}
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NX_NO_CLOUD: 'true' };
const built = spawnSync('pnpm', ['exec', 'nx', 'run-many', '-t', 'build', '--output-style=static'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env,
});
if (built.status !== 0) process.exit(built.status ?? 1);
if (!existsSync(join(here, `${name}.mjs`))) process.exit(2);
const run = spawnSync(process.execPath, ['--expose-gc', join(here, `${name}.mjs`), ...args], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
