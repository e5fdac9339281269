#!/usr/bin/env node
// pnpm demo: the deployment process end to end on the embedded local-aws emulator. Each step runs the built
// executable exactly as a CodeBuild buildspec would, with $Environment and $AccountNumber of its pipeline.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startLocalAws, stepEnvironment } from '../local-aws/dist/index.js';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const exe = (name) => join(root, 'packages', name, 'dist', `${name}.js`);
const SOURCE = { Environment: 'dev', AccountNumber: '658456346551' };
const TARGET = { Environment: 'qa', AccountNumber: '640079793484' };

function banner(text) {
  console.log(`\n=== ${text} ===`);
}

/** Runs a command, streaming its output indented; resolves to its exit code and stdout. */
function run(command, args, env, { show = true } = {}) {
  const printable = [command === process.execPath ? 'node' : command, ...args.map((a) => a.replace(root, '.'))].join(
    ' ',
  );
  console.log(`$ ${printable}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env });
    let stdout = '';
    const indent = (chunk) => chunk.toString().replace(/^(?=.)/gm, '    ');
    child.stdout.on('data', (d) => {
      stdout += d;
      if (show) process.stdout.write(indent(d));
    });
    child.stderr.on('data', (d) => process.stdout.write(indent(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

function expectCode(result, code, what) {
  if (result.code !== code) throw new Error(`${what}: expected exit ${code}, got ${result.code}`);
}

const localAws = await startLocalAws();
console.log(`local-aws listening on ${localAws.url}`);
try {
  const base = await stepEnvironment(localAws.url);

  banner("assume-role: the pipeline in the Shared account takes the target account's role");
  const assumed = await run(
    process.execPath,
    [exe('assume-role'), '--format', 'json'],
    { ...base, ...TARGET },
    { show: false },
  );
  expectCode(assumed, 0, 'assume-role');
  console.log(
    `    (credentials for ${TARGET.Environment}/${TARGET.AccountNumber} handed over on stdout; the secret never reaches the log)`,
  );
  const guard = await run(
    process.execPath,
    [
      exe('assume-role'),
      '--',
      process.execPath,
      '-e',
      "console.log('running with', process.env.AWS_ACCESS_KEY_ID.slice(0, 4) + '...')",
    ],
    { ...base, ...TARGET },
  );
  expectCode(guard, 0, 'assume-role -- command');

  banner('the guard: a pipeline whose environment and account disagree stops before any call (exit 2)');
  expectCode(
    await run(process.execPath, [exe('assume-role')], {
      ...base,
      Environment: 'qa',
      AccountNumber: SOURCE.AccountNumber,
    }),
    2,
    'mismatch',
  );
  banner("the registry: RND's account number is unconfirmed, so RND cannot be used (exit 2)");
  expectCode(await run(process.execPath, [exe('assume-role')], { ...base, Environment: 'rnd' }), 2, 'rnd');

  banner('done');
  console.log(
    `local-aws saw ${localAws.calls().length} calls, ${localAws.calls({ write: true }).length} of them writes`,
  );
} finally {
  await localAws.close();
}
