#!/usr/bin/env node
// Runs `nx <args>` and shows what a reader needs: on success one line per project with tests (its test summary) and
// one closing line; on failure the full output of each failed task and Nx's summary. `pnpm demo` and `pnpm test`
// use it so that a newcomer sees results instead of pages of bundler and compiler logs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const nx = createRequire(import.meta.url).resolve('nx/bin/nx.js');
const child = spawn(process.execPath, [nx, ...process.argv.slice(2), '--output-style=static'], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, NX_TUI: 'false' },
});

// Static output prints each task's output when it ends, under `> nx run <project>:<target>`, then Nx's summary.
const tasks = [];
const summary = [];
let current;
let pending = '';
let announced = false;

function finish(task) {
  if (!task || task.target !== 'test') return;
  const counts = task.lines
    .filter((l) => /^\s*(Test Files|Tests)\s+\d/.test(l))
    .map((l) => l.trim().replace(/\s+/g, ' '));
  if (counts.length > 0) console.log(`tested ${task.project}: ${counts.join(', ')}`);
}

function onLine(raw) {
  // eslint-disable-next-line no-control-regex -- test runners colour their summaries even through a pipe
  const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
  const header = /^> nx run (\S+?):(\S+)/.exec(line);
  if (header) {
    finish(current);
    tasks.push((current = { project: header[1], target: header[2], lines: [line] }));
  } else if (/^ NX {3}/.test(line)) {
    finish(current);
    current = undefined;
    summary.push(line);
    const start = /^ NX {3}(Running targets? .*?):?$/.exec(line);
    if (start && !announced) console.log(`${start[1]} (the output of a task is shown if it fails)`);
    announced = true;
  } else if (current) current.lines.push(line);
  else summary.push(line);
}

function onData(chunk) {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) onLine(line);
}
child.stdout.on('data', onData);
child.stderr.on('data', onData);

const code = await new Promise((resolve) => child.on('close', resolve));
if (pending) onLine(pending);
finish(current);

if (code !== 0) {
  const failed = new Set(
    summary
      .join('\n')
      .match(/^\s*- (\S+:\S+)/gm)
      ?.map((l) => l.trim().slice(2)) ?? [],
  );
  const shown = tasks.filter((t) => failed.size === 0 || failed.has(`${t.project}:${t.target}`));
  for (const task of shown) console.log(task.lines.join('\n'));
  console.log(summary.join('\n').trim());
  process.exit(code ?? 1);
}
const line = summary.find((l) => /Successfully ran/.test(l));
console.log(line ? line.replace(/^\s*NX\s+/, '') : `nx ${process.argv.slice(2).join(' ')}: done`);
