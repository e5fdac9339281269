import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { startLocalAws, stepEnvironment, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRichInstance, prepareTarget } from './rich-instance.js';
import { DEV, EXE, connectDeploy, prepareEnvironment, readTree, type Environment } from './support.js';

const FAST = ['--rate', '200', '--burst', '200', '--concurrency', '16'];
const TIME_SCALE = 10;
const ENVIRONMENTS = {
  sandbox1: { Environment: 'sandbox1', AccountNumber: '559450564007' },
  sandbox2: { Environment: 'sandbox2', AccountNumber: '123372620210' },
  sandbox3: { Environment: 'sandbox3', AccountNumber: '990703426931' },
  dibt: { Environment: 'dibt', AccountNumber: '414275752728' },
};
const NUMBERS: Record<string, [string, string]> = {
  dev: ['+18005550100', '+18005550101'],
  sandbox1: ['+18005550300', '+18005550301'],
  sandbox2: ['+18005550400', '+18005550401'],
  sandbox3: ['+18005550500', '+18005550501'],
  dibt: ['+18005550600', '+18005550601'],
};
const CONFIG = {
  instanceAlias: 'edd-${Environment}',
  lambdaFunctionName: '${name}-${Environment}',
  lexBotName: '${name}-${Environment}',
  phoneNumbers: {
    'main-line': Object.fromEntries(Object.entries(NUMBERS).map(([env, n]) => [env, n[0]])),
    'callback-line': Object.fromEntries(Object.entries(NUMBERS).map(([env, n]) => [env, n[1]])),
  },
  promptBucket: 'edd-connect-prompts-${AccountNumber}',
  deploySettings: ['authentication-profiles'],
};

let localAws: LocalAws;
let source: string;
const work = mkdtempSync(join(tmpdir(), 'edd-deploy-'));
const targets: Record<string, Environment> = {};

function freshDir(name: string): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'connect-deploy.json'), `${JSON.stringify(CONFIG, null, 2)}\n`);
  return dir;
}

/** A copy of the source export to break in one way. */
function variant(name: string, change: (dir: string) => void): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(source, dir, { recursive: true });
  change(dir);
  return dir;
}

function lastSeq(): number {
  return Math.max(0, ...localAws.calls().map((c) => c.seq));
}

async function exportOf(
  env: { Environment: string; AccountNumber: string },
  name: string,
): Promise<Map<string, string>> {
  const dir = freshDir(name);
  const r = await connectDeploy(localAws, env, ['export', '--out', dir, ...FAST]);
  expect(r.code, r.stderr).toBe(0);
  return readTree(dir);
}

beforeAll(async () => {
  // Time runs 10 times faster: Connect processes a new vocabulary in 5 s, here in half a second.
  localAws = await startLocalAws({ quotas: false, timeScale: TIME_SCALE });
  const dev = await prepareEnvironment(localAws, DEV, NUMBERS.dev!);
  await buildRichInstance(dev, DEV.AccountNumber, 'dev', NUMBERS.dev![0]);
  for (const [key, env] of Object.entries(ENVIRONMENTS)) {
    targets[key] = await prepareEnvironment(localAws, env, NUMBERS[key]!);
    await prepareTarget(targets[key]!, env.AccountNumber, key);
  }
  source = freshDir('source');
  const r = await connectDeploy(localAws, DEV, ['export', '--out', source, ...FAST]);
  expect(r.code, r.stderr).toBe(0);
}, 180_000);
afterAll(() => localAws?.close());

describe('deploy refuses bad input before the first write (exit 3)', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    [
      'a reference that resolves nowhere',
      (dir) => {
        const file = join(dir, 'flows/EDD+Main.json');
        writeFileSync(file, readFileSync(file, 'utf8').replace('"name": "EDD Billing"', '"name": "EDD Nowhere"'));
      },
      /flows\/EDD\+Main\.json flow "EDD Main" action a7 Parameters\.QueueId: queue "EDD Nowhere" is neither in the export nor in the target instance/,
    ],
    [
      'the legacy console export format',
      (dir) =>
        writeFileSync(
          join(dir, 'flows/Legacy.json'),
          JSON.stringify({ modules: [{ id: 'x' }], version: '1', start: 'x' }),
        ),
      /flows\/Legacy\.json: this is the legacy console export format/,
    ],
    [
      'invalid JSON',
      (dir) => writeFileSync(join(dir, 'queues/Broken.json'), '{\n  "Name": "Broken",\n}\n'),
      /queues\/Broken\.json:3: invalid JSON/,
    ],
    [
      'names that differ only by case',
      (dir) =>
        writeFileSync(
          join(dir, 'queues/edd+billing.json'),
          readFileSync(join(dir, 'queues/EDD+Billing.json'), 'utf8').replace('"EDD Billing"', '"edd billing"'),
        ),
      /same name as queues\/EDD\+Billing\.json \("EDD Billing"\) ignoring case/,
    ],
    [
      'content over 256,000 characters',
      (dir) => {
        const file = join(dir, 'flows/EDD+Transfer.json');
        const flow = JSON.parse(readFileSync(file, 'utf8')) as { Content: { Metadata: Record<string, unknown> } };
        flow.Content.Metadata.notes = 'x'.repeat(256_000);
        writeFileSync(file, JSON.stringify(flow));
      },
      /Content: content is \d+ characters once references are resolved; Connect's limit is 256000/,
    ],
    [
      'a literal ARN of the source account left in a flow',
      (dir) => {
        const file = join(dir, 'flows/EDD+Main.json');
        const flow = JSON.parse(readFileSync(file, 'utf8')) as {
          Content: { Actions: { Parameters: Record<string, unknown> }[] };
        };
        flow.Content.Actions[2]!.Parameters.LambdaFunctionARN =
          'arn:aws:lambda:us-east-1:658456346551:function:edd-lookup-dev';
        writeFileSync(file, JSON.stringify(flow));
      },
      /action a3 Parameters\.LambdaFunctionARN: arn:aws:lambda:us-east-1:658456346551:function:edd-lookup-dev names account 658456346551: export the source with connect-deploy export/,
    ],
    [
      'a Lambda function missing in the target account',
      (dir) => {
        const file = join(dir, 'connect-deploy.json');
        writeFileSync(
          file,
          readFileSync(file, 'utf8').replace('"${name}-${Environment}"', '"${name}-v2-${Environment}"'),
        );
      },
      /Lambda function edd-lookup resolves to edd-lookup-v2-sandbox1, which does not exist in the target account/,
    ],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}`, async () => {
      const dir = variant(what.replace(/\W+/g, '-'), change);
      const since = lastSeq();
      const r = await connectDeploy(localAws, ENVIRONMENTS.sandbox1, ['deploy', '--source', dir, ...FAST]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
    });
  }

  it("refuses to change a flow's type", async () => {
    const t = targets.sandbox1!;
    await t.clients.connect.send(
      new connect.CreateContactFlowCommand({
        InstanceId: t.instance.id,
        Name: 'EDD Customer Queue',
        Type: 'CONTACT_FLOW',
        Content: JSON.stringify({
          Version: '2019-10-30',
          StartAction: 'a',
          Actions: [{ Identifier: 'a', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
        }),
      }),
    );
    const since = lastSeq();
    const r = await connectDeploy(localAws, ENVIRONMENTS.sandbox1, ['deploy', '--source', source, ...FAST]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      "the target's flow is CONTACT_FLOW and the export's is CUSTOMER_QUEUE; a flow's type can never change",
    );
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
  });
});

describe('deploy under AWS conditions', () => {
  it('completes at the Connect quotas with 5% transient errors, with the same result as a fault-free run', async () => {
    await fetch(`${localAws.url}/_local/quotas`, {
      method: 'POST',
      body: JSON.stringify({ enabled: true, timeScale: 20 }),
    });
    localAws.setFaults([{ service: 'connect', errorRate: 0.05 }]);
    try {
      const r = await connectDeploy(localAws, ENVIRONMENTS.sandbox2, [
        'deploy',
        '--source',
        source,
        '--rate',
        '40',
        '--burst',
        '5',
      ]);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      localAws.setFaults([]);
      await fetch(`${localAws.url}/_local/quotas`, {
        method: 'POST',
        body: JSON.stringify({ enabled: false, timeScale: TIME_SCALE }),
      });
    }
    expect(await exportOf(ENVIRONMENTS.sandbox2, 'sandbox2-export')).toEqual(readTree(source));
  });

  it('names the AWS operation that kept failing, not a minified class name, with --debug stacks in the sources', async () => {
    localAws.setFaults([{ service: 'connect', operation: 'DescribePrompt', errorRate: 1 }]);
    try {
      const r = await connectDeploy(localAws, ENVIRONMENTS.sandbox2, ['plan', '--source', source, ...FAST, '--debug']);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/^error: DescribePrompt .* failed: \w+/m);
      expect(r.stderr).toMatch(/^\s+at .*connect-deploy\/src\/[\w/-]+\.ts:\d+:\d+\)?$/m);
    } finally {
      localAws.setFaults([]);
    }
  });

  it('converges without duplicates when a deploy is killed half-way and run again', async () => {
    const env = {
      ...(await stepEnvironment(localAws.url, { account: ENVIRONMENTS.sandbox3.AccountNumber })),
      ...ENVIRONMENTS.sandbox3,
    };
    const since = lastSeq();
    const child = spawn(process.execPath, [EXE, 'deploy', '--source', source, '--rate', '20', '--burst', '5'], {
      env,
      stdio: 'ignore',
    });
    for (
      let i = 0;
      i < 400 &&
      localAws.calls({ account: ENVIRONMENTS.sandbox3.AccountNumber, write: true, since: since + 1 }).length < 15;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const written = localAws.calls({
      account: ENVIRONMENTS.sandbox3.AccountNumber,
      write: true,
      since: since + 1,
    }).length;
    expect(written).toBeGreaterThanOrEqual(15);
    const again = await connectDeploy(localAws, ENVIRONMENTS.sandbox3, ['deploy', '--source', source, ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(await exportOf(ENVIRONMENTS.sandbox3, 'sandbox3-export')).toEqual(readTree(source));
    const flows = await targets.sandbox3!.clients.connect.send(
      new connect.ListContactFlowsCommand({ InstanceId: targets.sandbox3!.instance.id, MaxResults: 1000 }),
    );
    const names = flows.ContactFlowSummaryList!.map((f) => f.Name);
    expect(names.length).toBe(new Set(names).size);
  });
});

describe('prune and backup', () => {
  it('deletes only what is absent from the export and named with the prefix, and backs it up first', async () => {
    const t = targets.dibt!;
    const deployed = await connectDeploy(localAws, ENVIRONMENTS.dibt, ['deploy', '--source', source, ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    const hours = await t.clients.connect.send(new connect.ListHoursOfOperationsCommand({ InstanceId: t.instance.id }));
    const hoursId = hours.HoursOfOperationSummaryList!.find((h) => h.Name === 'Basic Hours')!.Id!;
    for (const Name of ['EDD Retired Queue', 'Other Team Queue']) {
      await t.clients.connect.send(
        new connect.CreateQueueCommand({ InstanceId: t.instance.id, Name, HoursOfOperationId: hoursId }),
      );
    }
    const queues = await t.clients.connect.send(
      new connect.ListQueuesCommand({ InstanceId: t.instance.id, MaxResults: 1000 }),
    );
    const billing = queues.QueueSummaryList!.find((q) => q.Name === 'EDD Billing')!.Id!;
    await t.clients.connect.send(
      new connect.UpdateQueueMaxContactsCommand({ InstanceId: t.instance.id, QueueId: billing, MaxContacts: 3 }),
    );

    const refused = await connectDeploy(localAws, ENVIRONMENTS.dibt, [
      'deploy',
      '--source',
      source,
      '--prune',
      ...FAST,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--prune needs --prune-prefix');

    const backup = join(work, 'dibt-backup');
    const pruned = await connectDeploy(localAws, ENVIRONMENTS.dibt, [
      'deploy',
      '--source',
      source,
      '--prune',
      '--prune-prefix',
      'EDD ',
      '--backup-dir',
      backup,
      ...FAST,
    ]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stderr).toMatch(/^- queue "EDD Retired Queue" {2}\(\d+ ms\)$/m);
    const after = await t.clients.connect.send(
      new connect.ListQueuesCommand({ InstanceId: t.instance.id, MaxResults: 1000 }),
    );
    const names = after.QueueSummaryList!.map((q) => q.Name);
    expect(names).not.toContain('EDD Retired Queue');
    expect(names).toContain('Other Team Queue');
    expect(JSON.parse(readFileSync(join(backup, 'queues/EDD+Billing.json'), 'utf8'))).toMatchObject({ MaxContacts: 3 });
    expect(JSON.parse(readFileSync(join(backup, 'queues/EDD+Retired+Queue.json'), 'utf8'))).toMatchObject({
      Name: 'EDD Retired Queue',
    });

    // Deploying the backup rolls the change back.
    const rolledBack = await connectDeploy(localAws, ENVIRONMENTS.dibt, ['deploy', '--source', backup, ...FAST]);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    const restored = await t.clients.connect.send(
      new connect.DescribeQueueCommand({ InstanceId: t.instance.id, QueueId: billing }),
    );
    expect(restored.Queue?.MaxContacts).toBe(3);
  });
});

describe('flows kept SAVED', () => {
  it('saves a draft next to the published flow, and a second deploy writes nothing', async () => {
    const t = targets.dibt!;
    const dir = variant('saved-draft', (d) => {
      const file = join(d, 'flows/EDD+Transfer.json');
      const flow = JSON.parse(readFileSync(file, 'utf8')) as {
        Status: string;
        Content: { Metadata: Record<string, unknown> };
      };
      flow.Status = 'SAVED';
      flow.Content.Metadata.draftNote = 'work in progress';
      writeFileSync(file, JSON.stringify(flow));
    });
    const first = await connectDeploy(localAws, ENVIRONMENTS.dibt, ['deploy', '--source', dir, ...FAST]);
    expect(first.code, first.stderr).toBe(0);
    const flows = await t.clients.connect.send(
      new connect.ListContactFlowsCommand({ InstanceId: t.instance.id, MaxResults: 1000 }),
    );
    const id = flows.ContactFlowSummaryList!.find((f) => f.Name === 'EDD Transfer')!.Id!;
    const draft = await t.clients.connect.send(
      new connect.DescribeContactFlowCommand({ InstanceId: t.instance.id, ContactFlowId: `${id}:$SAVED` }),
    );
    const published = await t.clients.connect.send(
      new connect.DescribeContactFlowCommand({ InstanceId: t.instance.id, ContactFlowId: id }),
    );
    expect(draft.ContactFlow?.Content).toContain('work in progress');
    expect(published.ContactFlow?.Content).not.toContain('work in progress');

    const since = lastSeq();
    const again = await connectDeploy(localAws, ENVIRONMENTS.dibt, ['deploy', '--source', dir, ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(localAws.calls({ account: ENVIRONMENTS.dibt.AccountNumber, write: true, since: since + 1 })).toEqual([]);
  });
});
