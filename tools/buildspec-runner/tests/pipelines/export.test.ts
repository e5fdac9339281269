import * as connect from '@aws-sdk/client-connect';
import {
  LexModelsV2Client,
  ListBotsCommand,
  UpdateBotCommand,
  DescribeBotCommand,
} from '@aws-sdk/client-lex-models-v2';
import { credentialsFor, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/index.js';
import {
  DEV,
  QA,
  REGION,
  buildReport,
  checkout,
  git,
  prepareAccount,
  runPipeline,
  startPipelineAws,
  stepsBuilt,
} from './support.js';

let localAws: LocalAws;
let repo: { dir: string; origin: string };
let console: { connect: connect.ConnectClient; lex: LexModelsV2Client; instanceId: string };

/** What people do in the dev consoles between two exports. */
async function consoleClients(): Promise<typeof console> {
  const keys = await credentialsFor(localAws.url, DEV.AccountNumber);
  const config = {
    endpoint: localAws.url,
    region: REGION,
    credentials: {
      accessKeyId: keys.AWS_ACCESS_KEY_ID,
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: keys.AWS_SESSION_TOKEN,
    },
  };
  const client = new connect.ConnectClient(config);
  const instances = await client.send(new connect.ListInstancesCommand({}));
  const instanceId = instances.InstanceSummaryList!.find((i) => i.InstanceAlias === 'edd-dev')!.Id!;
  return { connect: client, lex: new LexModelsV2Client(config), instanceId };
}

async function exportDev(): Promise<BuildResult> {
  const result = await runPipeline(localAws, { kind: 'export', target: DEV, sourceDir: repo.dir });
  expect(result.succeeded, result.log).toBe(true);
  return result;
}

const devHead = async () => (await git(repo.origin, 'rev-parse', 'refs/heads/dev')).trim();

describe.skipIf(!stepsBuilt('connect-deploy', 'lex-deploy'))('export.yml', () => {
  beforeAll(async () => {
    localAws = await startPipelineAws();
    await prepareAccount(localAws, DEV);
    repo = await checkout('dev');
    // dev as the sample app describes it: the instance, then the bots and the Connect content.
    for (const kind of ['connect', 'frontend-common']) {
      const built = await runPipeline(localAws, {
        kind,
        target: DEV,
        sourceDir: repo.dir,
        variables: { DEPLOYMENT_TYPE: 'full' },
      });
      expect(built.succeeded, built.log).toBe(true);
    }
    console = await consoleClients();
  });
  afterAll(() => localAws?.close());

  it('commits nothing when dev holds exactly what the dev branch has', async () => {
    const before = await devHead();
    const result = await exportDev();
    expect(result.log).toContain('edd-dev matches the dev branch: nothing to commit');
    expect(result.exportedVariables).toEqual({ EDD_EXPORT_COMMIT: '' });
    expect(await devHead()).toBe(before);
    expect(await git(repo.dir, 'status', '--porcelain', '--', 'connect', 'lex')).toBe('');
  });

  it('commits what changed in the consoles to dev, naming each resource, and pushes it', async () => {
    const before = await devHead();
    await console.connect.send(
      new connect.CreateQueueCommand({
        InstanceId: console.instanceId,
        Name: 'EDD Appeals',
        Description: 'Appeals of claim decisions',
        HoursOfOperationId: (
          await console.connect.send(new connect.ListHoursOfOperationsCommand({ InstanceId: console.instanceId }))
        ).HoursOfOperationSummaryList!.find((h) => h.Name === 'EDD Business Hours')!.Id!,
      }),
    );
    const flows = await console.connect.send(new connect.ListContactFlowsCommand({ InstanceId: console.instanceId }));
    const waiting = flows.ContactFlowSummaryList!.find((f) => f.Name === 'EDD Customer Queue')!;
    await console.connect.send(
      new connect.UpdateContactFlowMetadataCommand({
        InstanceId: console.instanceId,
        ContactFlowId: waiting.Id!,
        Description: 'Hold message while callers wait',
      }),
    );
    const botId = (await console.lex.send(new ListBotsCommand({}))).botSummaries!.find(
      (b) => b.botName === 'EDDBot-dev',
    )!.botId!;
    const bot = await console.lex.send(new DescribeBotCommand({ botId }));
    await console.lex.send(
      new UpdateBotCommand({
        botId,
        botName: bot.botName!,
        description: 'Answers callers of the EDD line, in English',
        roleArn: bot.roleArn!,
        dataPrivacy: bot.dataPrivacy!,
        idleSessionTTLInSeconds: bot.idleSessionTTLInSeconds!,
      }),
    );

    const result = await exportDev();
    const commit = result.exportedVariables.EDD_EXPORT_COMMIT!;
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await devHead()).toBe(commit);
    expect(await git(repo.origin, 'rev-parse', `${commit}~1`)).toBe(`${before}\n`);
    const message = await git(repo.origin, 'log', '-1', '--format=%B', commit);
    const lines = message.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual([
      'Export of edd-dev: 3 changed',
      '',
      'Connect flow "EDD Customer Queue": changed',
      'Connect queue "EDD Appeals": added',
      'Lex bot EDDBot: changed',
      '',
    ]);
    expect(lines.at(-1)).toMatch(/^Exported from dev \(658456346551\) by build edd-sample-export-dev:[0-9a-f-]{36}$/);
    // The lines are the steps' own, as their reports in the build's artifact hold them.
    const changes = buildReport(result)
      .steps.filter((step) => step.verb === 'changes')
      .map((step) => [step.step, (step as { changeCounts?: unknown }).changeCounts]);
    expect(changes).toEqual([
      ['connect-deploy', { added: 1, changed: 1, removed: 0 }],
      ['lex-deploy', { added: 0, changed: 1, removed: 0 }],
    ]);
    const files = await git(repo.origin, 'show', '--name-only', '--format=', commit);
    expect(files.trim().split('\n').sort()).toEqual([
      'connect/flows/EDD+Customer+Queue.json',
      'connect/queues/EDD+Appeals.json',
      'lex/EDDBot/EDDBot/Bot.json',
    ]);
    expect(await git(repo.origin, 'log', '-1', '--format=%an <%ae>', commit)).toBe(
      'EDD export pipeline <export-pipeline@edd.invalid>\n',
    );
  });

  it('names a resource deleted in the console by the name it had, then finds nothing more to commit', async () => {
    const queues = await console.connect.send(new connect.ListQueuesCommand({ InstanceId: console.instanceId }));
    const appeals = queues.QueueSummaryList!.find((q) => q.Name === 'EDD Appeals')!;
    await console.connect.send(
      new connect.DeleteQueueCommand({ InstanceId: console.instanceId, QueueId: appeals.Id! }),
    );

    const removed = await exportDev();
    const message = await git(repo.origin, 'log', '-1', '--format=%B', removed.exportedVariables.EDD_EXPORT_COMMIT!);
    expect(message).toMatch(/^Export of edd-dev: 1 changed\n\nConnect queue "EDD Appeals": removed\n/);

    const head = await devHead();
    const again = await exportDev();
    expect(again.exportedVariables.EDD_EXPORT_COMMIT).toBe('');
    expect(await devHead()).toBe(head);
  });

  it('refuses to run for another environment than the source: it would overwrite dev with it', async () => {
    const since = localAws.calls().at(-1)!.seq;
    const result = await runPipeline(localAws, { kind: 'export', target: QA, sourceDir: repo.dir });
    expect(result.succeeded).toBe(false);
    expect(result.log).toContain('the export pipeline reads the dev environment into the dev branch');
    expect(localAws.calls({ since })).toEqual([]);
  });
});
