#!/usr/bin/env node
// `npm` as a buildspec sees it in a local build. `npm install --global @edd/<pkg>@<version> ...` is served from
// the workspace's built packages instead of the team registry, and only when the pinned version is the package's
// version (a buildspec pinned to another version has drifted from the code under test). Anything else goes to the
// real npm.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const { EDD_WORKSPACE_ROOT: root, EDD_GLOBAL_BIN: globalBin, EDD_REAL_NPM: realNpm } = process.env;
const args = process.argv.slice(2);

function forward() {
  const result = spawnSync(realNpm, args, { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

function fail(message) {
  process.stderr.write(`npm ERR! ${message}\n`);
  process.exit(1);
}

const positional = args.slice(1).filter((arg) => !arg.startsWith('-'));
const isGlobalInstall = ['install', 'i', 'add'].includes(args[0]) && (args.includes('--global') || args.includes('-g'));
const specs = positional.map((arg) => /^@edd\/([a-z0-9-]+)@(\S+)$/.exec(arg));
if (!root || !globalBin || !isGlobalInstall || specs.length === 0 || specs.some((spec) => spec === null)) forward();

mkdirSync(globalBin, { recursive: true });
for (const [, name, pinned] of specs) {
  const dir = join(root, 'packages', name);
  if (!existsSync(join(dir, 'package.json'))) fail(`404 Not Found: @edd/${name} is not a package of this workspace`);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.version !== pinned) {
    fail(
      `@edd/${name}@${pinned} is pinned but the workspace has @edd/${name}@${pkg.version}: update the buildspec's pin`,
    );
  }
  for (const [command, file] of Object.entries(pkg.bin ?? {})) {
    const target = join(dir, file);
    if (!existsSync(target)) fail(`@edd/${name} is not built (${target} is missing): build it first`);
    const launcher = join(globalBin, command);
    writeFileSync(launcher, `#!/bin/sh\nexec node '${target}' "$@"\n`);
    chmodSync(launcher, 0o755);
  }
}
process.stdout.write(`\nadded ${specs.length} package${specs.length === 1 ? '' : 's'} from the workspace\n`);
