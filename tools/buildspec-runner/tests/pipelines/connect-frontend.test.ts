import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { clientConfig, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QA,
  REGION,
  artifactText,
  buildReport,
  checkout,
  prepareAccount,
  runPipeline,
  startPipelineAws,
  stepsBuilt,
} from './support.js';

let localAws: LocalAws;
let sourceDir: string;

beforeAll(async () => {
  localAws = await startPipelineAws();
  await prepareAccount(localAws, QA);
  sourceDir = (await checkout('qa')).dir;
});
afterAll(() => localAws?.close());

describe('connect.yml', () => {
  it('creates the instance of a new environment from connect/instance.json, then finds nothing to do', async () => {
    const first = await runPipeline(localAws, { kind: 'connect', target: QA, sourceDir });
    expect(first.succeeded, first.log).toBe(true);
    expect(first.log).toContain('assumed-role/codebuild-connect/');
    const report = buildReport(first);
    expect(report).toMatchObject({
      pipeline: 'connect',
      environment: 'qa',
      account: QA.AccountNumber,
      succeeded: true,
    });
    expect(report.steps).toMatchObject([{ step: 'connect-deploy', verb: 'instance', exitCode: 0 }]);
    expect(localAws.calls({ account: QA.AccountNumber, operation: 'CreateInstance' })).toHaveLength(1);

    const since = localAws.calls().at(-1)!.seq;
    const second = await runPipeline(localAws, { kind: 'connect', target: QA, sourceDir });
    expect(second.succeeded, second.log).toBe(true);
    expect(localAws.calls({ since, write: true, service: 'connect' })).toEqual([]);
  });

  it('stops before any AWS call when the pipeline targets an account the registry does not give that name', async () => {
    const since = localAws.calls().at(-1)!.seq;
    const result = await runPipeline(localAws, {
      kind: 'connect',
      target: { Environment: 'qa', AccountNumber: '559550955475' },
      sourceDir,
    });
    expect(result.succeeded).toBe(false);
    expect(result.phases.map((p) => [p.name, p.status])).toEqual([
      ['install', 'SUCCEEDED'],
      ['pre_build', 'FAILED'],
    ]);
    expect(result.log).toMatch(/Environment 'qa' and AccountNumber 559550955475 disagree/);
    expect(localAws.calls({ since, service: 'connect' })).toEqual([]);
  });
});

describe('frontend-common.yml', () => {
  it.each([[''], ['Full'], ['lex-only']])(
    "refuses DEPLOYMENT_TYPE '%s' with a message saying what the values mean, before any AWS call",
    async (value) => {
      const since = localAws.calls().at(-1)!.seq;
      const result = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: value },
      });
      expect(result.succeeded).toBe(false);
      expect(result.log).toContain(
        `DEPLOYMENT_TYPE must be 'full' (Lex bots, then Connect content) or 'partial' (Connect content only), not '${value}'`,
      );
      expect(localAws.calls({ since })).toEqual([]);
    },
  );

  it('partial: stops before any write when the flows use a bot the environment does not have yet', async () => {
    const since = localAws.calls().at(-1)!.seq;
    const result = await runPipeline(localAws, {
      kind: 'frontend-common',
      target: QA,
      sourceDir,
      variables: { DEPLOYMENT_TYPE: 'partial' },
    });
    expect(result.succeeded).toBe(false);
    expect(result.log).toMatch(/EDDBot/);
    expect(buildReport(result).steps).toMatchObject([{ step: 'connect-deploy', verb: 'deploy', exitCode: 3 }]);
    expect(localAws.calls({ since, write: true })).toEqual([]);
    // The review page of a blocked deploy is the plan, with what blocks it.
    const page = artifactText(result, 'reports/connect-deploy.html');
    expect(page).toContain('<body data-report="plan">');
    expect(page).toMatch(/<div class="blockers">[\s\S]*EDDBot/);
  });

  describe.skipIf(!stepsBuilt('lex-deploy'))('with lex-deploy built', () => {
    it('full: deploys the Lex bots of lex/, then the Connect content that uses them; again, writes nothing', async () => {
      const first = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'full' },
      });
      expect(first.succeeded, first.log).toBe(true);
      const steps = buildReport(first).steps;
      expect(steps.map((s) => `${s.step} ${s.verb} ${s.exitCode}`)).toEqual([
        'connect-deploy deploy 0',
        'lex-deploy deploy 0',
      ]);
      expect(steps.find((s) => s.step === 'connect-deploy')!.summary).toMatchObject({ create: 9 });
      const lexFirst = localAws.calls({ account: QA.AccountNumber, operation: 'StartImport' });
      const connectFirst = localAws.calls({ account: QA.AccountNumber, operation: 'CreateContactFlow' });
      expect(lexFirst).toHaveLength(1);
      expect(lexFirst[0]!.seq).toBeLessThan(connectFirst[0]!.seq);

      const since = localAws.calls().at(-1)!.seq;
      const again = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'full' },
      });
      expect(again.succeeded, again.log).toBe(true);
      expect(localAws.calls({ since, write: true })).toEqual([]);
      // Each bot's review page: what its deploy did, here nothing.
      const lexPages = again.artifacts.map((a) => a.path).filter((path) => path.startsWith('reports/lex-deploy-'));
      expect(lexPages).toEqual(['reports/lex-deploy-EDDBot.html']);
      const lexPage = artifactText(again, lexPages[0]!);
      expect(lexPage).toContain('<body data-report="deploy">');
      expect(lexPage).toContain('Nothing to do: the target already matched the export.');
    });

    it('partial: plans a changed flow, and after the approval deploys exactly that plan, leaving the bots alone', async () => {
      const file = join(sourceDir, 'connect/flows/EDD+Customer+Queue.json');
      const flow = JSON.parse(readFileSync(file, 'utf8')) as { Description: string };
      flow.Description = 'What callers hear while they wait for an agent';
      writeFileSync(file, `${JSON.stringify(flow, null, 2)}\n`);
      const since = localAws.calls().at(-1)!.seq;
      // The build before a production approval: the page is the plan, the plan is saved, and nothing is written.
      const planned = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'partial', EDD_MODE: 'plan' },
      });
      expect(planned.succeeded, planned.log).toBe(true);
      expect(localAws.calls({ since, write: true })).toEqual([]);
      expect(buildReport(planned).steps).toMatchObject([{ step: 'connect-deploy', verb: 'plan', exitCode: 0 }]);
      const plan = artifactText(planned, 'reports/connect-deploy.html');
      expect(plan).toContain('<body data-report="plan">');
      expect(plan).toContain('Plan: 0 to create, 1 to update, 0 to delete, 10 unchanged.');
      expect(plan).toContain('data-action="update" data-kind="flow" data-name="EDD Customer Queue"');
      const saved = JSON.parse(artifactText(planned, 'plans/connect-deploy.json')) as {
        changeSet: { changes: { resource: string; action: string }[] };
      };
      expect(saved.changeSet.changes).toMatchObject([{ resource: 'flow/EDD Customer Queue', action: 'update' }]);

      // The deploy after the approval gets the Plan build's artifact and applies the saved plan.
      const result = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'partial' },
        approved: planned,
      });
      expect(result.succeeded, result.log).toBe(true);
      expect(result.log).toMatch(/applying the saved plan \S+\/plans\/connect-deploy\.json: neither the source nor/);
      expect(buildReport(result).steps[0]!.summary).toEqual({ unchanged: 8, update: 1 });
      expect(localAws.calls({ since, service: 'lex', write: true })).toEqual([]);
      expect(result.artifacts.map((a) => a.path)).toContain('backup/connect/flows/EDD+Customer+Queue.json');
      const page = artifactText(result, 'reports/connect-deploy.html');
      expect(page).toContain('<body data-report="deploy">');
      expect(page).toContain('data-action="update" data-kind="flow" data-name="EDD Customer Queue"');
      expect(page).toMatch(/<p class="outcome">Applied: 0 created, 1 updated, 0 deleted in /);
    });

    it('full: plans the bots and the Connect content, and after the approval applies exactly those plans', async () => {
      const intent = join(sourceDir, 'lex/EDDBot/EDDBot/BotLocales/en_US/Intents/TalkToAgent/Intent.json');
      const body = JSON.parse(readFileSync(intent, 'utf8')) as { sampleUtterances: { utterance: string }[] };
      body.sampleUtterances.push({ utterance: 'a real person please' });
      writeFileSync(intent, `${JSON.stringify(body, null, 2)}\n`);
      const since = localAws.calls().at(-1)!.seq;
      const planned = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'full', EDD_MODE: 'plan' },
      });
      expect(planned.succeeded, planned.log).toBe(true);
      expect(localAws.calls({ since, write: true })).toEqual([]);
      expect(
        buildReport(planned)
          .steps.map((s) => `${s.step} ${s.verb} ${s.exitCode}`)
          .sort(),
      ).toEqual(['connect-deploy plan 0', 'lex-deploy plan 0']);
      const plans = planned.artifacts.map((a) => a.path).filter((path) => path.startsWith('plans/'));
      expect(plans.sort()).toEqual(['plans/connect-deploy.json', 'plans/lex-deploy-EDDBot.json']);
      expect(artifactText(planned, 'reports/lex-deploy-EDDBot.html')).toContain('a real person please');

      const applied = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'full' },
        approved: planned,
      });
      expect(applied.succeeded, applied.log).toBe(true);
      expect(applied.log).toMatch(/applying the saved plan \S+\/plans\/lex-deploy-EDDBot\.json/);
      expect(applied.log).toMatch(/applying the saved plan \S+\/plans\/connect-deploy\.json/);
      expect(localAws.calls({ since, account: QA.AccountNumber, operation: 'StartImport' })).toHaveLength(1);
    });

    it('refuses the approved plan, writing nothing, when the target moved between the approval and the deploy', async () => {
      const file = join(sourceDir, 'connect/flows/EDD+Customer+Queue.json');
      const flow = JSON.parse(readFileSync(file, 'utf8')) as { Description: string };
      flow.Description = 'Hold music and the place in the queue';
      writeFileSync(file, `${JSON.stringify(flow, null, 2)}\n`);
      const planned = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'partial', EDD_MODE: 'plan' },
      });
      expect(planned.succeeded, planned.log).toBe(true);
      // Someone changes the queue in the console while the approval waits.
      const client = new connect.ConnectClient(await clientConfig(localAws.url, QA.AccountNumber, { region: REGION }));
      const instanceId = (await client.send(new connect.ListInstancesCommand({}))).InstanceSummaryList!.find(
        (i) => i.InstanceAlias === 'edd-qa',
      )!.Id!;
      const queue = (
        await client.send(new connect.ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }))
      ).QueueSummaryList!.find((q) => q.Name === 'EDD General')!;
      await client.send(
        new connect.UpdateQueueMaxContactsCommand({ InstanceId: instanceId, QueueId: queue.Id!, MaxContacts: 3 }),
      );

      const since = localAws.calls().at(-1)!.seq;
      const result = await runPipeline(localAws, {
        kind: 'frontend-common',
        target: QA,
        sourceDir,
        variables: { DEPLOYMENT_TYPE: 'partial' },
        approved: planned,
      });
      expect(result.succeeded).toBe(false);
      expect(result.log).toMatch(
        /plans\/connect-deploy\.json cannot be applied: the target changed since the plan was made/,
      );
      expect(result.log).toContain('queue "EDD General": changed since the plan');
      expect(buildReport(result).steps).toMatchObject([{ step: 'connect-deploy', verb: 'deploy', exitCode: 3 }]);
      expect(localAws.calls({ since, write: true })).toEqual([]);
    });
  });
});
