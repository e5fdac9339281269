// pnpm bench help: start-up time of every step executable's --help against `node -e 0`, measured in the same run
// (median of many runs each). Target: at most 1.5x.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const runs = Number(process.env.BENCH_RUNS ?? 31);

function median(args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const baseline = median(['-e', '0']);
console.log(`node -e 0: ${baseline.toFixed(1)} ms (median of ${runs})`);
let worst = 0;
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  for (const [name, rel] of Object.entries(pkg.bin ?? {})) {
    const ms = median([join(root, 'packages', dir, rel), '--help']);
    const ratio = ms / baseline;
    worst = Math.max(worst, ratio);
    console.log(`${name} --help: ${ms.toFixed(1)} ms, ratio ${ratio.toFixed(2)} (target <= 1.5)`);
  }
}
console.log(`worst ratio ${worst.toFixed(2)}: ${worst <= 1.5 ? 'within' : 'OVER'} the 1.5x target`);
process.exit(worst <= 1.5 ? 0 : 1);
