import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsFlow, mainFlow, transferFlow } from '../fixtures/flows.js';
import { QA, connectDeploy, prepareEnvironment, wav, type Environment, type Outcome } from './support.js';

const FAST = ['--rate', '200', '--burst', '200', '--concurrency', '16'];
const SANDBOX = { Environment: 'sandbox1', AccountNumber: '559450564007' };
const CONFIG = {
  instanceAlias: 'edd-${Environment}',
  lambdaFunctionName: '${name}-${Environment}',
  phoneNumbers: {},
  promptBucket: 'edd-connect-prompts-${AccountNumber}',
};

type Json = Record<string, unknown>;
type Version = 'before' | 'after';

let localAws: LocalAws;
let qa: Environment;
let sandbox: Environment;
const work = mkdtempSync(join(tmpdir(), 'edd-plan-'));

function write(dir: string, file: string, content: Json | Buffer): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), Buffer.isBuffer(content) ? content : `${JSON.stringify(content, null, 2)}\n`);
}

const hours = { $ref: 'hours-of-operation', name: 'EDD Business Hours', form: 'id' };
const queueRef = (name: string) => ({ $ref: 'queue', name, form: 'id' });

/**
 * The application's export in two versions: what the target holds (before) and what the repository now says (after):
 * flows with added, removed, moved and changed blocks, a flow only moved around, a new flow that invokes a Lambda
 * function, a queue changed, a queue added, a routing profile's priority changed.
 */
function exportDir(name: string, version: Version): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  const after = version === 'after';
  write(dir, 'connect-deploy.json', CONFIG);
  write(dir, 'hours-of-operation/EDD+Business+Hours.json', {
    Name: 'EDD Business Hours',
    TimeZone: 'America/Los_Angeles',
    Config: ['MONDAY', 'FRIDAY'].map((Day) => ({
      Day,
      StartTime: { Hours: 8, Minutes: 0 },
      EndTime: { Hours: 17, Minutes: 0 },
    })),
  });
  write(dir, 'prompts/EDD+Welcome.json', { Name: 'EDD Welcome', File: 'EDD+Welcome.wav' });
  write(dir, 'prompts/EDD+Welcome.wav', wav(1));
  const queues: [string, Json][] = [
    ['EDD Billing', { MaxContacts: after ? 50 : 20 }],
    ['EDD Appeals', {}],
    ['EDD Claims', {}],
    ...(after ? ([['EDD Escalations', { Description: 'Escalated calls' }]] as [string, Json][]) : []),
  ];
  for (const [queue, extra] of queues)
    write(dir, `queues/${queue.replace(/ /g, '+')}.json`, {
      Name: queue,
      HoursOfOperationId: hours,
      Status: 'ENABLED',
      ...extra,
    });
  write(dir, 'flows/EDD+Main.json', mainFlow(version));
  write(dir, 'flows/EDD+Transfer.json', transferFlow(version));
  if (after) {
    const claims = claimsFlow();
    const content = claims.Content as { StartAction: string; Actions: Json[] };
    content.Actions.unshift({
      Identifier: 'Look up caller',
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: { $ref: 'lambda', function: 'edd-lookup' },
        InvocationTimeLimitSeconds: '3',
      },
      Transitions: {
        NextAction: content.StartAction,
        Errors: [{ NextAction: 'claims-end', ErrorType: 'NoMatchingError' }],
      },
    });
    content.StartAction = 'Look up caller';
    write(dir, 'flows/EDD+Claims.json', claims);
  }
  write(dir, 'routing-profiles/EDD+Agents.json', {
    Name: 'EDD Agents',
    Description: 'Agents of every EDD queue',
    DefaultOutboundQueueId: queueRef('EDD Billing'),
    AgentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
    MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
    QueueConfigs: [
      { QueueReference: { QueueId: queueRef('EDD Appeals'), Channel: 'VOICE' }, Priority: 2, Delay: 0 },
      { QueueReference: { QueueId: queueRef('EDD Billing'), Channel: 'VOICE' }, Priority: 1, Delay: 0 },
      { QueueReference: { QueueId: queueRef('EDD Claims'), Channel: 'VOICE' }, Priority: after ? 3 : 1, Delay: 0 },
    ],
  });
  return dir;
}

/** A copy of an export changed in one way. */
function variant(from: string, name: string, change: (dir: string) => void): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(from, dir, { recursive: true });
  change(dir);
  return dir;
}

/** The id of a queue or hours of operation of an environment's instance, by name. */
async function idOf(e: Environment, type: 'queue' | 'hours', name: string): Promise<string> {
  const InstanceId = e.instance.id;
  const list =
    type === 'queue'
      ? (await e.clients.connect.send(new connect.ListQueuesCommand({ InstanceId, MaxResults: 1000 }))).QueueSummaryList
      : (await e.clients.connect.send(new connect.ListHoursOfOperationsCommand({ InstanceId, MaxResults: 1000 })))
          .HoursOfOperationSummaryList;
  const found = list?.find((s) => s.Name === name)?.Id;
  if (!found) throw new Error(`${type} ${name} not found`);
  return found;
}

function lastSeq(): number {
  return Math.max(0, ...localAws.calls().map((c) => c.seq));
}

function writesSince(since: number, account: string) {
  return localAws.calls({ account, write: true, since: since + 1 }).map((c) => c.operation);
}

/** The plan's lines of a run's log: from its heading to its summary and blockers. */
function planLines(outcome: Outcome): string {
  const lines = outcome.stderr.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Plan for '));
  const end = lines.findIndex((l) => l.startsWith('Plan: '));
  let last = end;
  if (lines[end + 1]?.startsWith('Blocked: ')) for (last = end + 1; lines[last + 1]?.startsWith('    ');) last++;
  return `${lines.slice(start, last + 1).join('\n')}\n`;
}

/** The blocks of a flow's picture in an HTML report, by `Identifier`, with how the picture marks each. */
function pictureBlocks(html: string, flow: string): Record<string, string> {
  const start = html.indexOf(`<figure class="flow-picture" data-flow="${flow}">`);
  if (start < 0) return {};
  const figure = html.slice(start, html.indexOf('</figure>', start));
  const blocks: Record<string, string> = {};
  for (const [, id, status] of figure.matchAll(/<g class="block" data-block-id="([^"]*)" data-status="([^"]*)"/g))
    blocks[id!] = status!;
  return blocks;
}

/** The Mermaid diagram under a resource's heading in a Markdown report, and its nodes' classes. */
function mermaidNodes(markdown: string, heading: string): { diagram: string; classes: string[] } {
  const section = markdown.slice(markdown.indexOf(heading));
  const fence = /```mermaid\n([\s\S]*?)\n```/.exec(section.slice(0, section.indexOf('\n### ', 1)));
  const diagram = fence?.[1] ?? '';
  return { diagram, classes: [...diagram.matchAll(/^ {2}n\d+\[".*"\]:::(\w+)$/gm)].map((m) => m[1]!).sort() };
}

/** What the export's changes do to the main flow's blocks, by `Identifier` (see mainFlow). */
const MAIN_BLOCKS = {
  Welcome: 'unchanged',
  'menu-1': 'changed',
  'set-queue-1': 'changed',
  'Claims queue': 'added',
  'goodbye-1': 'removed',
  'transfer-1': 'unchanged',
  'end-1': 'unchanged',
};

async function deployBefore(env: { Environment: string; AccountNumber: string }, e: Environment): Promise<void> {
  const deployed = await connectDeploy(localAws, env, [
    'deploy',
    '--source',
    exportDir(`${env.Environment}-before`, 'before'),
    ...FAST,
  ]);
  expect(deployed.code, deployed.stderr).toBe(0);
  const hoursId = await idOf(e, 'hours', 'EDD Business Hours');
  await e.clients.connect.send(
    new connect.CreateQueueCommand({ InstanceId: e.instance.id, Name: 'EDD Retired', HoursOfOperationId: hoursId }),
  );
}

beforeAll(async () => {
  localAws = await startLocalAws({ quotas: false });
  qa = await prepareEnvironment(localAws, QA, ['+18005550200', '+18005550201']);
  sandbox = await prepareEnvironment(localAws, SANDBOX, ['+18005550300', '+18005550301']);
  await deployBefore(QA, qa);
  await deployBefore(SANDBOX, sandbox);
}, 180_000);
afterAll(() => localAws?.close());

describe('plan', () => {
  it('prints the shared grammar: flows block by block, moves folded into layout only, unchanged counted', async () => {
    const since = lastSeq();
    const r = await connectDeploy(localAws, QA, [
      'plan',
      '--source',
      exportDir('qa-after', 'after'),
      '--prune',
      '--prune-prefix',
      'EDD ',
      ...FAST,
    ]);
    expect(r.code, r.stderr).toBe(0);
    await expect(planLines(r)).toMatchFileSnapshot('../golden/plan-executable.txt');
    expect(writesSince(since, QA.AccountNumber)).toEqual([]);
  });

  it('carries the same diff in the --json report, before and after per field', async () => {
    const r = await connectDeploy(localAws, QA, [
      'plan',
      '--source',
      exportDir('qa-after', 'after'),
      '--json',
      ...FAST,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { exitCode: number; plan: Json };
    expect(report.exitCode).toBe(0);
    const plan = report.plan as { format: string; counts: Json; resources: Json[]; blockers: unknown[] };
    expect(plan.format).toBe('edd-plan/1');
    expect(plan.counts).toEqual({ create: 3, update: 4, delete: 0, unchanged: 4 });
    expect(plan.blockers).toEqual([]);
    const billing = plan.resources.find((x) => x.kind === 'queue' && x.name === 'EDD Billing');
    expect(billing).toMatchObject({ action: 'update', fields: [{ path: 'MaxContacts', before: 20, after: 50 }] });
    const main = plan.resources.find((x) => x.name === 'EDD Main') as { blocks: Json[]; graph: { nodes: Json[] } };
    expect(main.blocks).toContainEqual({
      id: 'set-queue-1',
      type: 'UpdateContactTargetQueue',
      change: 'changed',
      fields: [
        {
          path: 'Parameters.QueueId',
          before: queueRef('EDD Billing'),
          after: queueRef('EDD Appeals'),
          display: { before: 'queue "EDD Billing"', after: 'queue "EDD Appeals"' },
        },
      ],
    });
    expect(main.graph.nodes).toContainEqual({ id: 'goodbye-1', type: 'MessageParticipant', status: 'removed' });
    expect(plan.resources.find((x) => x.name === 'EDD Transfer')).toMatchObject({ layoutOnly: true });
  });

  it('--report writes the plan as a page with the changed flows drawn, or as Markdown with Mermaid; no write', async () => {
    const dir = exportDir('qa-after', 'after');
    const pages = mkdtempSync(join(tmpdir(), 'edd-report-'));
    const since = lastSeq();
    const html = await connectDeploy(localAws, QA, [
      'plan',
      '--source',
      dir,
      '--report',
      `${pages}/plan.html`,
      ...FAST,
    ]);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stderr).toContain(`review page: ${pages}/plan.html (HTML)`);
    const page = readFileSync(join(pages, 'plan.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<body data-report="plan">');
    expect(page).toContain('Plan: 3 to create, 4 to update, 0 to delete, 4 unchanged.');
    expect(pictureBlocks(page, 'EDD Main')).toEqual(MAIN_BLOCKS);
    // A new flow is drawn with every block added.
    const claims = Object.values(pictureBlocks(page, 'EDD Claims'));
    expect(claims.length).toBeGreaterThan(1);
    expect(new Set(claims)).toEqual(new Set(['added']));
    // A flow whose blocks only moved in the designer is drawn with none marked; the page loads nothing.
    const moved = Object.values(pictureBlocks(page, 'EDD Transfer'));
    expect(moved.length).toBeGreaterThan(1);
    expect(new Set(moved)).toEqual(new Set(['unchanged']));
    expect(page).not.toMatch(/<script|https?:/i);

    const md = await connectDeploy(localAws, QA, [
      'deploy',
      '--dry-run',
      '--source',
      dir,
      '--report',
      `${pages}/plan.md`,
      ...FAST,
    ]);
    expect(md.code, md.stderr).toBe(0);
    const markdown = readFileSync(join(pages, 'plan.md'), 'utf8');
    expect(markdown).toMatch(/^# Plan for instance edd-qa in qa\n/);
    const main = mermaidNodes(markdown, '### `~` flow **EDD Main**');
    expect(main.diagram).toMatch(/^flowchart LR\n/);
    expect(main.classes).toEqual(['added', 'changed', 'changed', 'removed', 'unchanged', 'unchanged', 'unchanged']);
    expect(writesSince(since, QA.AccountNumber)).toEqual([]);
    expect(readdirSync(pages).sort()).toEqual(['plan.html', 'plan.md']);
  });

  it('--report refuses a name that is not .html or .md, or a folder, with one line before any call', async () => {
    const since = lastSeq();
    const r = await connectDeploy(localAws, QA, [
      'plan',
      '--source',
      exportDir('qa-after', 'after'),
      '--report',
      join(work, 'plan.txt'),
      ...FAST,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'error: --report must name an .html file (a page for a browser) or an .md file (Markdown for a pull request)',
    );
    mkdirSync(join(work, 'pages.html'), { recursive: true });
    const folder = await connectDeploy(localAws, QA, [
      'plan',
      '--source',
      exportDir('qa-after', 'after'),
      '--report',
      join(work, 'pages.html'),
      ...FAST,
    ]);
    expect(folder.code).toBe(2);
    expect(folder.stderr.trim()).toMatch(/^error: .*'.*pages\.html' is a directory, not a file that can be written$/);
    expect(localAws.calls({ account: QA.AccountNumber, since: since + 1 })).toEqual([]);
  });

  it('prints the plan, then what blocks it, and exits 3 without a write', async () => {
    const dir = variant(exportDir('qa-after', 'after'), 'qa-blocked', (d) => {
      const file = join(d, 'flows/EDD+Claims.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"name": "EDD Claims"', '"name": "EDD Nowhere"'));
      write(d, 'connect-deploy.json', { ...CONFIG, promptBucket: 'edd-missing-${AccountNumber}' });
      write(d, 'prompts/EDD+Welcome.wav', wav(3));
    });
    const since = lastSeq();
    const r = await connectDeploy(localAws, QA, ['plan', '--source', dir, '--detailed-exitcode', ...FAST]);
    expect(r.code, r.stderr).toBe(3);
    const lines = planLines(r).trimEnd().split('\n');
    expect(lines.slice(-3)).toEqual([
      'Blocked: 2 problems must be fixed before this plan can be applied:',
      '    connect-deploy.json promptBucket: prompt bucket edd-missing-640079793484 does not exist in the target account; create it (it is part of the backend stack) or fix promptBucket in connect-deploy.json',
      '    flows/EDD+Claims.json flow "EDD Claims" action claims-queue Parameters.QueueId: queue "EDD Nowhere" is neither in the export nor in the target instance',
    ]);
    expect(lines).toContain('+ flow "EDD Claims"  (flows/EDD+Claims.json)');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'error: the plan is blocked by 2 problems (listed above); nothing was written',
    );
    expect(writesSince(since, QA.AccountNumber)).toEqual([]);

    const deploy = await connectDeploy(localAws, QA, ['deploy', '--source', dir, ...FAST]);
    expect(deploy.code, deploy.stderr).toBe(3);
    expect(planLines(deploy)).toBe(planLines(r));
    expect(writesSince(since, QA.AccountNumber)).toEqual([]);
  });

  it('--detailed-exitcode: 6 while changes are pending, 0 once the target matches the export', async () => {
    const dir = exportDir('qa-after', 'after');
    const pending = await connectDeploy(localAws, QA, ['plan', '--source', dir, '--detailed-exitcode', ...FAST]);
    expect(pending.code, pending.stderr).toBe(6);
    const plain = await connectDeploy(localAws, QA, ['plan', '--source', dir, ...FAST]);
    expect(plain.code, plain.stderr).toBe(0);
    const deployed = await connectDeploy(localAws, QA, ['deploy', '--source', dir, ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toMatch(/^Applying\n/m);
    expect(deployed.stderr).toMatch(/^Applied: 3 created, 4 updated, 0 deleted in \d+\.\d s\.$/m);
    const inSync = await connectDeploy(localAws, QA, ['plan', '--source', dir, '--detailed-exitcode', ...FAST]);
    expect(inSync.code, inSync.stderr).toBe(0);
    expect(inSync.stderr).toContain('Plan: 0 to create, 0 to update, 0 to delete, 11 unchanged.');
  });

  it('deploy --report writes what the deploy did, with the Applied line', async () => {
    const dir = variant(exportDir('qa-after', 'after'), 'qa-again', (d) => {
      const file = join(d, 'flows/EDD+Main.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('2 for claims', '2 for claims, 3 to hear it again'));
    });
    const file = join(work, 'deployed', 'deploy.html');
    mkdirSync(join(work, 'deployed'));
    const r = await connectDeploy(localAws, QA, ['deploy', '--source', dir, '--report', file, ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<body data-report="deploy">');
    expect(page).toContain('Deployed: 0 created, 1 updated, 0 deleted, 10 unchanged.');
    expect(page).toMatch(/<p class="outcome">Applied: 0 created, 1 updated, 0 deleted in \d+\.\d s\.<\/p>/);
    const unchanged = Object.keys(MAIN_BLOCKS).filter((id) => id !== 'goodbye-1' && id !== 'menu-1');
    expect(pictureBlocks(page, 'EDD Main')).toEqual({
      ...Object.fromEntries(unchanged.map((id) => [id, 'unchanged'])),
      'menu-1': 'changed',
    });
  });

  it('a deploy that stops partway writes a page saying what it had done and why it stopped, and exits 4', async () => {
    const base = exportDir('qa-after', 'after');
    const synced = await connectDeploy(localAws, QA, ['deploy', '--source', base, ...FAST]);
    expect(synced.code, synced.stderr).toBe(0);
    const dir = variant(base, 'qa-stopped', (d) => {
      const flow = join(d, 'flows/EDD+Main.json');
      writeFileSync(flow, readFileSync(flow, 'utf8').replace('2 for claims', '2 for claims, 4 for the hours'));
      const queue = join(d, 'queues/EDD+Appeals.json');
      const body = JSON.parse(readFileSync(queue, 'utf8')) as Json;
      writeFileSync(queue, JSON.stringify({ ...body, Description: 'Appeals of decisions' }));
    });
    const file = join(work, 'deployed', 'stopped.html');
    mkdirSync(join(work, 'deployed'), { recursive: true });
    localAws.setFaults([{ service: 'connect', operation: 'UpdateContactFlowContent', errorRate: 1 }]);
    let r: Outcome;
    try {
      r = await connectDeploy(localAws, QA, ['deploy', '--source', dir, '--report', file, ...FAST]);
    } finally {
      localAws.setFaults([]);
    }
    expect(r.code, r.stderr).toBe(4);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<body data-report="stopped">');
    expect(page).toContain('<h1>Deploy stopped:');
    expect(page).toMatch(
      /<p class="outcome">Stopped after 0 created, 1 updated, 0 deleted in \d+\.\d s: [^<]*UpdateContactFlowContent[^<]*\. Deploy again to apply the rest\.<\/p>/,
    );
    expect(page).toContain('data-action="update" data-kind="flow" data-name="EDD Main"');
    // What it had done is done, and the next deploy applies the rest.
    const again = await connectDeploy(localAws, QA, ['deploy', '--source', dir, ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^Applied: 0 created, 1 updated, 0 deleted in /m);
  });
});

describe('saved plans', () => {
  const plans = join(work, 'plans');
  mkdirSync(plans, { recursive: true });

  it('refuses, naming what moved, when the target changed after the plan was made, and writes nothing', async () => {
    const dir = exportDir('sandbox-after', 'after');
    const file = join(plans, 'drift.json');
    const planned = await connectDeploy(localAws, SANDBOX, ['plan', '--source', dir, '--out', file, ...FAST]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain(`saved the plan to ${file}`);

    // Someone changes a queue the plan updates, and creates the queue the plan would create.
    const billing = await idOf(sandbox, 'queue', 'EDD Billing');
    await sandbox.clients.connect.send(
      new connect.UpdateQueueMaxContactsCommand({
        InstanceId: sandbox.instance.id,
        QueueId: billing,
        MaxContacts: 9,
      }),
    );
    const hoursId = await idOf(sandbox, 'hours', 'EDD Business Hours');
    const created = await sandbox.clients.connect.send(
      new connect.CreateQueueCommand({
        InstanceId: sandbox.instance.id,
        Name: 'EDD Escalations',
        HoursOfOperationId: hoursId,
      }),
    );

    const since = lastSeq();
    const r = await connectDeploy(localAws, SANDBOX, ['deploy', '--source', dir, '--plan', file, ...FAST]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`error: ${file} cannot be applied: the target changed since the plan was made`);
    expect(r.stderr).toContain('  queue "EDD Billing": changed since the plan');
    expect(r.stderr).toContain('  queue "EDD Escalations": created since the plan');
    expect(writesSince(since, SANDBOX.AccountNumber)).toEqual([]);

    await sandbox.clients.connect.send(
      new connect.DeleteQueueCommand({ InstanceId: sandbox.instance.id, QueueId: created.QueueId! }),
    );
  });

  it('refuses a plan whose source changed, or made for another account, before any write', async () => {
    const dir = exportDir('sandbox-source', 'after');
    const file = join(plans, 'source.json');
    const planned = await connectDeploy(localAws, SANDBOX, [
      'plan',
      '--source',
      dir,
      '--out',
      file,
      '--include',
      '^(flows|queues)/',
      ...FAST,
    ]);
    expect(planned.code, planned.stderr).toBe(0);
    const since = lastSeq();
    const other = await connectDeploy(localAws, SANDBOX, ['deploy', '--source', dir, '--plan', file, ...FAST]);
    expect(other.code, other.stderr).toBe(3);
    expect(other.stderr).toContain('it was made for --include ^(flows|queues)/, and this run selects the whole export');
    const edited = join(dir, 'flows/EDD+Transfer.json');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('"EDD Billing"', '"EDD Claims"'));
    const changed = await connectDeploy(localAws, SANDBOX, [
      'deploy',
      '--source',
      dir,
      '--plan',
      file,
      '--include',
      '^(flows|queues)/',
      ...FAST,
    ]);
    expect(changed.code, changed.stderr).toBe(3);
    expect(changed.stderr).toContain('the source changed since the plan was made');
    expect(changed.stderr).toContain('nothing was written: flows/EDD+Transfer.json: changed since the plan');
    const elsewhere = await connectDeploy(localAws, QA, ['deploy', '--source', dir, '--plan', file, ...FAST]);
    expect(elsewhere.code, elsewhere.stderr).toBe(3);
    expect(elsewhere.stderr).toContain(
      'it is a plan for sandbox1/559450564007 (us-east-1), not for qa/640079793484 (us-east-1)',
    );
    writeFileSync(
      join(plans, 'tampered.json'),
      readFileSync(file, 'utf8').replace('"action": "update"', '"action": "replace"'),
    );
    const tampered = await connectDeploy(localAws, SANDBOX, [
      'deploy',
      '--source',
      dir,
      '--plan',
      join(plans, 'tampered.json'),
      ...FAST,
    ]);
    expect(tampered.code, tampered.stderr).toBe(3);
    expect(tampered.stderr).toContain('it is not a saved plan of this format');
    expect(localAws.calls({ account: SANDBOX.AccountNumber, write: true, since: since + 1 })).toEqual([]);
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since: since + 1 })).toEqual([]);
  });

  it('applies exactly the saved plan: the planned calls and no others, and nothing is left to do', async () => {
    const dir = exportDir('sandbox-apply', 'after');
    const file = join(plans, 'apply.json');
    const planned = await connectDeploy(localAws, SANDBOX, ['plan', '--source', dir, '--out', file, ...FAST]);
    expect(planned.code, planned.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      plan: { resources: { kind: string; name: string; action: string }[] };
      changeSet: { changes: { resource: string; action: string; fields: string[] }[] };
    };
    const changes = saved.plan.resources
      .filter((x) => x.action !== 'unchanged')
      .map((x) => `${x.action} ${x.kind} ${x.name}`);
    expect(changes.sort()).toEqual([
      'create Lambda association edd-lookup-sandbox1',
      'create flow EDD Claims',
      'create queue EDD Escalations',
      'update flow EDD Main',
      'update flow EDD Transfer',
      'update queue EDD Billing',
      'update routing profile EDD Agents',
    ]);

    const since = lastSeq();
    const r = await connectDeploy(localAws, SANDBOX, ['deploy', '--source', dir, '--plan', file, ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`applying the saved plan ${file}: neither the source nor the target moved since`);
    // Each planned change is the calls of its fields, nothing else: the routing profile's priority, the queue's
    // maximum, both flows' content, the new flow and queue, and the association the new flow's Lambda block needs.
    expect(writesSince(since, SANDBOX.AccountNumber).sort()).toEqual(
      [
        'AssociateLambdaFunction',
        'CreateContactFlow',
        'CreateQueue',
        'UpdateContactFlowContent',
        'UpdateContactFlowContent',
        'UpdateQueueMaxContacts',
        'UpdateRoutingProfileQueues',
      ].sort(),
    );
    const again = await connectDeploy(localAws, SANDBOX, ['plan', '--source', dir, '--detailed-exitcode', ...FAST]);
    expect(again.code, again.stderr).toBe(0);

    // Applied once, the plan is spent: the target it describes no longer exists.
    const twice = await connectDeploy(localAws, SANDBOX, ['deploy', '--source', dir, '--plan', file, ...FAST]);
    expect(twice.code, twice.stderr).toBe(3);
    expect(twice.stderr).toContain('the target changed since the plan was made');
  });
});
