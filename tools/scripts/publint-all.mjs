#!/usr/bin/env node
// Every publishable package must pass publint (what npm consumers would trip over: exports, types, files).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('../..', import.meta.url).pathname;
let problems = 0;
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  const { messages } = await publint({ pkgDir, level: 'suggestion', strict: true });
  for (const message of messages) {
    problems++;
    console.error(`${pkg.name}: ${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
  }
  if (messages.length === 0) console.log(`publint: ${pkg.name} ok`);
}
if (problems > 0) process.exit(1);
