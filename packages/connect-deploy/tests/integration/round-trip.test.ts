import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRichInstance, createAgentUser } from './rich-instance.js';
import { DEV, QA, connectDeploy, prepareEnvironment, readTree, type Environment } from './support.js';

const FAST = ['--rate', '200', '--burst', '200', '--concurrency', '16'];
const CONFIG = {
  instanceAlias: 'edd-${Environment}',
  lambdaFunctionName: '${name}-${Environment}',
  lexBotName: '${name}-${Environment}',
  phoneNumbers: {
    'main-line': { dev: '+18005550100', qa: '+18005550200' },
    'callback-line': { dev: '+18005550101', qa: '+18005550201' },
  },
  promptBucket: 'edd-connect-prompts-${AccountNumber}',
};

let localAws: LocalAws;
let dev: Environment;
let qa: Environment;
const work = mkdtempSync(join(tmpdir(), 'edd-connect-'));
const exportA = join(work, 'a');
const exportB = join(work, 'b');

/** A fresh export directory holding only the application's rules, as the repository would. */
function withConfig(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'connect-deploy.json'), `${JSON.stringify(CONFIG, null, 2)}\n`);
  return dir;
}

beforeAll(async () => {
  localAws = await startLocalAws({ quotas: false });
  dev = await prepareEnvironment(localAws, DEV, ['+18005550100', '+18005550101']);
  qa = await prepareEnvironment(localAws, QA, ['+18005550200', '+18005550201']);
  await createAgentUser(qa, QA.AccountNumber);
  await buildRichInstance(dev, DEV.AccountNumber, 'dev', '+18005550100');
}, 120_000);
afterAll(() => localAws?.close());

describe('export -> deploy into another account -> export', () => {
  it('gives byte-identical exports and a second deploy writes nothing', async () => {
    withConfig(exportA);
    const exported = await connectDeploy(localAws, DEV, ['export', '--out', exportA, ...FAST]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).not.toContain('warning');
    const main = JSON.parse(readFileSync(join(exportA, 'flows/EDD+Main.json'), 'utf8')) as {
      Content: { Actions: { Parameters: unknown }[]; Metadata: unknown };
    };
    expect(main.Content.Actions[6]!.Parameters).toEqual({
      QueueId: { $ref: 'queue', name: 'EDD Billing', form: 'id' },
    });
    expect(JSON.stringify(main.Content.Metadata)).toContain('{"$ref":"prompt","name":"EDD Welcome"}');
    expect(main.Content.Actions[2]!.Parameters).toMatchObject({
      LambdaFunctionARN: { $ref: 'lambda', function: 'edd-lookup' },
    });

    const deployed = await connectDeploy(localAws, QA, ['deploy', '--source', exportA, ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);

    const since = Math.max(0, ...localAws.calls().map((c) => c.seq));
    const again = await connectDeploy(localAws, QA, ['deploy', '--source', exportA, ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('nothing to do');
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);

    withConfig(exportB);
    const reexported = await connectDeploy(localAws, QA, ['export', '--out', exportB, ...FAST]);
    expect(reexported.code, reexported.stderr).toBe(0);
    expect(readTree(exportB)).toEqual(readTree(exportA));
  });

  it('plans with zero writes and shows the differences by name', async () => {
    const before = Math.max(0, ...localAws.calls().map((c) => c.seq));
    const queue = (
      await qa.clients.connect.send(new connect.ListQueuesCommand({ InstanceId: qa.instance.id, MaxResults: 1000 }))
    ).QueueSummaryList!.find((q) => q.Name === 'EDD Billing')!;
    await qa.clients.connect.send(
      new connect.UpdateQueueMaxContactsCommand({ InstanceId: qa.instance.id, QueueId: queue.Id!, MaxContacts: 7 }),
    );
    const plan = await connectDeploy(localAws, QA, ['plan', '--source', exportA, ...FAST]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toMatch(/update\s+queue\s+EDD Billing/);
    expect(plan.stderr).toContain('MaxContacts: 7 -> 50');
    expect(
      localAws.calls({ account: QA.AccountNumber, write: true, since: before + 1 }).map((c) => c.operation),
    ).toEqual(['UpdateQueueMaxContacts']);
  });
});
