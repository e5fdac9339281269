#!/usr/bin/env node
// pnpm demo: the EDD deployment process end to end on the embedded local-aws emulator. Every pipeline runs its
// standard buildspec (buildspecs/<kind>.yml) the way CodeBuild would, in one shell, with the $Environment and
// $AccountNumber of its TargetAccount, and with the built executables installed as the buildspec pins them.
//
//   1. dev, where people build in the consoles, is brought up from the sample application
//   2. the export pipeline reads dev back into the repository: nothing to commit, then a console change
//   3. qa gets every pipeline in order: connect, backend-common, dynamodb-export-data, frontend-common, callback
//   4. the same pipelines again: nothing changed, so the steps write nothing
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { runBuild } from '../buildspec-runner/dist/index.js';
import { credentialsFor, startLocalAws, stepEnvironment } from '../local-aws/dist/index.js';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const DEV = { Environment: 'dev', AccountNumber: '658456346551' };
const QA = { Environment: 'qa', AccountNumber: '640079793484' };
const REGION = 'us-east-1';
const NUMBERS = { dev: '+18005550101', qa: '+18005550201' };
// Emulated time runs this much faster: CloudFormation stacks, Lex builds, instance creation, and the quotas
// (Connect's 2 requests/s, burst 5, per API), so the story takes a minute. The AWS CLI's stack waiter sleeps 30 s
// whenever a deployment is still running at its first look: at this scale it never is.
const TIME_SCALE = 2000;
const exec = promisify(execFile);
const verbose = process.argv.includes('--verbose');

const banner = (text) => console.log(`\n=== ${text} ===`);
const note = (text) => console.log(`    ${text}`);

async function git(cwd, ...args) {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=EDD developer', '-c', 'user.email=developer@edd.invalid', ...args],
    { cwd },
  );
  return stdout;
}

/** The application repository: the sample app committed on dev, cloned from a bare origin standing in for CodeCommit. */
async function repository() {
  const work = mkdtempSync(join(tmpdir(), 'edd-demo-'));
  const seed = join(work, 'seed');
  cpSync(join(root, 'examples/sample-app'), seed, { recursive: true });
  // The callback repository holds virtual-callback-deploy's example: its spec, flows and stack.
  cpSync(join(root, 'packages/virtual-callback-deploy/examples/scheduled-callback'), join(seed, 'callback'), {
    recursive: true,
  });
  await git(seed, 'init', '--quiet', '--initial-branch', 'dev');
  await git(seed, 'add', '-A');
  await git(seed, 'commit', '--quiet', '-m', 'Sample application');
  const origin = join(work, 'origin.git');
  await git(work, 'clone', '--quiet', '--bare', seed, origin);
  const dir = join(work, 'checkout');
  await git(work, 'clone', '--quiet', '--branch', 'dev', origin, dir);
  return { dir, origin };
}

/** The lines of a build log worth showing: what each step planned and did, not the shell's bookkeeping. */
function interesting(line) {
  if (verbose) return true;
  // The plan grammar: its heading and summary, one line per resource (not the fields under it), the apply lines.
  if (/^(Plan for |Plan: |Blocked: |Applying$|Applied: |[+~=-] )/.test(line)) return true;
  return /^(plan|create|create-stub|update|delete|associate|publish|import|export|build|built|deployed|nothing to do|callback setup|verified:|config table|edd-\w+ matches|error:|warning:)\s/.test(
    line.trim(),
  );
}

let localAws;
async function pipeline(kind, target, sourceDir, variables = {}) {
  const since = localAws.calls().at(-1)?.seq ?? 0;
  const started = Date.now();
  console.log(
    `\n--- ${kind} pipeline -> ${target.Environment}/${target.AccountNumber}${variables.DEPLOYMENT_TYPE ? ` (DEPLOYMENT_TYPE=${variables.DEPLOYMENT_TYPE})` : ''}`,
  );
  let pending = '';
  const result = await runBuild({
    buildspecFile: join(root, 'buildspecs', `${kind}.yml`),
    sourceDir,
    workspaceRoot: root,
    localAwsUrl: localAws.url,
    region: REGION,
    projectName: `edd-demo-${kind}-${target.Environment}`,
    projectVariables: {
      ...target,
      EDD_CONNECT_RATE: String(Math.min(1000, 2 * TIME_SCALE)),
      EDD_CONNECT_BURST: '5',
      LEX_POLL_INTERVAL: '50',
      ...variables,
    },
    timeoutMs: 300_000,
    onOutput: (text) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) if (interesting(line)) console.log(`    ${line}`);
    },
  });
  if (!result.succeeded) throw new Error(`${kind} pipeline for ${target.Environment} failed; its log:\n${result.log}`);
  const calls = localAws.calls({ since: since + 1, account: target.AccountNumber });
  const writes = calls.filter((c) => c.write && !c.invokedBy);
  const byCloudFormation = writes.filter((c) => c.service === 'cloudformation');
  note(
    `${((Date.now() - started) / 1000).toFixed(1)} s, ${calls.length} AWS calls, ${writes.length - byCloudFormation.length} writes by the steps${byCloudFormation.length ? ` (+ ${byCloudFormation.length} CloudFormation change set calls)` : ''}`,
  );
  return { writes: writes.length - byCloudFormation.length, result };
}

/** The review pages (reports/*.html) the steps of these builds wrote, saved where a browser opens them. */
function saveReviewPages(runs) {
  const pages = runs.flatMap(({ kind, result }) =>
    result.artifacts.filter((a) => /^reports\/[^/]+\.html$/.test(a.path)).map((artifact) => ({ kind, artifact })),
  );
  if (pages.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'edd-demo-review-'));
  return pages.map(({ kind, artifact }) => {
    const file = join(dir, `${kind}-${basename(artifact.path)}`);
    writeFileSync(file, artifact.content);
    return file;
  });
}

async function claimNumber(target) {
  const keys = await credentialsFor(localAws.url, target.AccountNumber);
  const { ConnectClient, ListInstancesCommand } = await import('@aws-sdk/client-connect');
  const client = new ConnectClient({
    endpoint: localAws.url,
    region: REGION,
    credentials: {
      accessKeyId: keys.AWS_ACCESS_KEY_ID,
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: keys.AWS_SESSION_TOKEN,
    },
  });
  const instances = await client.send(new ListInstancesCommand({}));
  const instanceId = instances.InstanceSummaryList.find((i) => i.InstanceAlias === `edd-${target.Environment}`).Id;
  await fetch(`${localAws.url}/_local/connect/phone-numbers`, {
    method: 'POST',
    body: JSON.stringify({
      account: target.AccountNumber,
      region: REGION,
      instanceId,
      phoneNumber: NUMBERS[target.Environment],
      type: 'TOLL_FREE',
    }),
  });
  note(
    `claimed ${NUMBERS[target.Environment]} in edd-${target.Environment} (numbers are claimed by hand in each environment's console)`,
  );
  return { client, instanceId };
}

const ORDER = [
  ['connect', {}],
  ['backend-common', {}],
  ['dynamodb-export-data', {}],
  ['frontend-common', { DEPLOYMENT_TYPE: 'full' }],
  ['virtual-callback-queue', {}],
];

localAws = await startLocalAws({ timeScale: TIME_SCALE });
console.log(`local-aws listening on ${localAws.url}: STS, DynamoDB, Connect, Lex V2, Lambda, S3, CloudFormation`);
console.log(
  `Connect and Lex quotas as in AWS (2 requests/s, burst 5, per API), with emulated time ${TIME_SCALE}x faster`,
);
try {
  const repo = await repository();

  banner('1. dev: the environment where people build in the consoles');
  note('brought up here from the sample application (examples/sample-app), as its pipelines would');
  await pipeline('connect', DEV, repo.dir);
  const dev = await claimNumber(DEV);
  for (const [kind, variables] of ORDER.slice(1)) await pipeline(kind, DEV, repo.dir, variables);

  banner('2. export pipeline: dev read back into the repository, committed to dev only when something changed');
  await pipeline('export', DEV, repo.dir);
  const { CreateQueueCommand, ListHoursOfOperationsCommand } = await import('@aws-sdk/client-connect');
  const hours = await dev.client.send(new ListHoursOfOperationsCommand({ InstanceId: dev.instanceId }));
  await dev.client.send(
    new CreateQueueCommand({
      InstanceId: dev.instanceId,
      Name: 'EDD Appeals',
      Description: 'Appeals of claim decisions',
      HoursOfOperationId: hours.HoursOfOperationSummaryList.find((h) => h.Name === 'EDD Business Hours').Id,
    }),
  );
  note('someone adds the queue "EDD Appeals" in the dev console');
  await pipeline('export', DEV, repo.dir);
  note('the dev branch now ends with this commit:');
  for (const line of (await git(repo.origin, 'log', '-1', '--format=%B', 'dev')).trim().split('\n'))
    note(`  | ${line}`);
  await git(repo.dir, 'pull', '--quiet', 'origin', 'dev');

  banner('3. qa: every pipeline of the process, in order, from the repository');
  const qaCheckout = join(repo.dir, '..', 'qa');
  await git(join(repo.dir, '..'), 'clone', '--quiet', '--branch', 'dev', repo.origin, qaCheckout);
  const qaRuns = [{ kind: 'connect', ...(await pipeline('connect', QA, qaCheckout)) }];
  await claimNumber(QA);
  for (const [kind, variables] of ORDER.slice(1))
    qaRuns.push({ kind, ...(await pipeline(kind, QA, qaCheckout, variables)) });
  const pages = saveReviewPages(qaRuns);
  note(
    pages.length > 0
      ? 'the review pages of the qa deploy (open them in a browser):'
      : 'review pages of the qa deploy: none (a step writes one with --report reports/<step>.html)',
  );
  for (const page of pages) note(`  ${page}`);

  banner('3b. qa configuration tables exported back to files, and those files imported again: nothing to change');
  {
    const data = mkdtempSync(join(tmpdir(), 'edd-demo-data-'));
    cpSync(join(qaCheckout, 'data/manifest.json'), join(data, 'manifest.json'));
    const inQa = { ...(await stepEnvironment(localAws.url, { account: QA.AccountNumber })), ...QA };
    const tool = join(root, 'packages/dynamo-export-import/dist/dynamo-export-import.js');
    for (const args of [
      ['export', '--manifest', join(data, 'manifest.json'), '--templatize'],
      ['import', '--manifest', join(data, 'manifest.json'), '--dry-run'],
    ]) {
      note(`$ dynamo-export-import ${args.join(' ').replaceAll(data, '<dir>')}`);
      const { stderr } = await exec(process.execPath, [tool, ...args], { env: inQa });
      for (const line of stderr.trim().split('\n')) if (!line.startsWith('target ')) note(`  ${line}`);
    }
  }

  banner('4. qa again: nothing changed, so the steps write nothing');
  let writes = 0;
  for (const [kind, variables] of ORDER) writes += (await pipeline(kind, QA, qaCheckout, variables)).writes;
  note(writes === 0 ? 'zero writes by the steps on the second run' : `UNEXPECTED: ${writes} writes on the second run`);

  banner('what the guards refuse');
  const base = await stepEnvironment(localAws.url);
  const assumeRole = join(root, 'packages/assume-role/dist/assume-role.js');
  for (const [what, env] of [
    ['a pipeline whose environment and account disagree', { Environment: 'qa', AccountNumber: DEV.AccountNumber }],
    ['RND, whose account number in the registry is unconfirmed', { Environment: 'rnd' }],
  ]) {
    const r = await exec(process.execPath, [assumeRole], { env: { ...base, ...env } }).catch((e) => e);
    note(`${what}: exit ${r.code ?? 0}`);
    note(`  ${(r.stderr ?? '').trim()}`);
  }
  if (writes !== 0) process.exitCode = 1;
  banner('done');
  note('every buildspec of buildspecs/ ran; read any of them to see exactly what a CodeBuild project runs');
} finally {
  await localAws.close();
}
