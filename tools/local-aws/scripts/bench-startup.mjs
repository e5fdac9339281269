#!/usr/bin/env node
// Start-up of local-aws's executable: `--help`, and the time until it listens, against `node -e 0`; median of
// RUNS runs (default 31). Given several executables (an earlier build first), it runs them in turns, so that a busy
// machine slows them alike and the ratios still compare.
//
//   node tools/local-aws/scripts/bench-startup.mjs [<earlier local-aws.js>] [tools/local-aws/dist/local-aws.js]
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [join(dirname(fileURLToPath(import.meta.url)), '../dist/local-aws.js')];
const runs = Number(process.env.RUNS ?? 31);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function listening(file) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let took;
    child.stderr.on('data', (data) => {
      if (took === undefined && String(data).includes('listening')) {
        took = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.on('exit', () => (took === undefined ? reject(new Error(`${file} did not start`)) : resolve(took)));
  });
}

const baseline = [];
const results = new Map(files.map((file) => [file, { help: [], start: [] }]));
for (let run = 0; run < runs; run += 1) {
  let started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  baseline.push(performance.now() - started);
  for (const file of files) {
    started = performance.now();
    spawnSync(process.execPath, [file, '--help']);
    results.get(file).help.push(performance.now() - started);
    results.get(file).start.push(await listening(file));
  }
}
const base = median(baseline);
console.log(`node -e 0: ${base.toFixed(1)} ms (median of ${runs})`);
for (const [file, { help, start }] of results) {
  console.log(
    `${file}: --help ${median(help).toFixed(1)} ms (${(median(help) / base).toFixed(2)}x), ` +
      `listening after ${median(start).toFixed(1)} ms (${(median(start) / base).toFixed(2)}x)`,
  );
}
