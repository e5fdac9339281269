import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { buildContactCenter } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRichInstance, createAgentUser } from './rich-instance.js';
import { DEV, QA, REGION, connectDeploy, prepareEnvironment, readTree, type Environment } from './support.js';

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
  // Time runs 10 times faster: Connect processes a new vocabulary in 5 s, here in half a second.
  localAws = await startLocalAws({ quotas: false, timeScale: 10 });
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

    const read = (file: string) => JSON.parse(readFileSync(join(exportA, file), 'utf8')) as Record<string, unknown>;
    const guide = read('flows/EDD+Agent+Guide.json') as { Content: { Actions: { Parameters: unknown }[] } };
    expect(guide.Content.Actions[0]!.Parameters).toMatchObject({
      ViewResource: { Id: { $ref: 'view', name: 'EDD Refund Form', qualifier: '$LATEST' } },
    });
    expect(guide.Content.Actions[1]!.Parameters).toMatchObject({
      TaskTemplateId: { $ref: 'task-template', name: 'EDD Callback Task', form: 'id' },
    });
    expect(read('views/EDD+Refund+Form.json')).toMatchObject({ Status: 'PUBLISHED', Versioned: true });
    expect(read('views/EDD+Draft+Guide.json')).toMatchObject({ Status: 'SAVED' });
    expect(read('views/EDD+Draft+Guide.json')).not.toHaveProperty('Versioned');
    expect(read('task-templates/EDD+Callback+Task.json').ContactFlowId).toEqual({
      $ref: 'flow',
      name: 'EDD Agent Guide',
      form: 'id',
    });
    expect(read('evaluation-forms/EDD+Quality+Review.json')).toMatchObject({ Status: 'ACTIVE' });
    expect(read('evaluation-forms/EDD+Draft+Review.json')).toMatchObject({ Status: 'DRAFT' });
    const refund = JSON.stringify(read('rules/EDD_Refund_Mentioned.json'));
    for (const ref of [
      '{"$ref":"queue","form":"id","name":"EDD Billing"}',
      '{"$ref":"flow","form":"id","name":"EDD Agent Guide"}',
      '{"$ref":"user","form":"id","name":"edd.agent1"}',
      '{"$ref":"evaluation-form","form":"id","name":"EDD Quality Review"}',
    ])
      expect(refund).toContain(ref);
    expect(read('vocabularies/EDD_Terms.json')).toMatchObject({ LanguageCode: 'en-US', Default: true });
    expect(read('vocabularies/EDD_Terms_es.json')).not.toHaveProperty('Default');

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

  it('prunes only what is absent from the export and named with the prefix, views to vocabularies', async () => {
    const notes = [{ Question: { Title: 'Notes', RefId: 'n1', QuestionType: 'TEXT' } }];
    const parts = (name: string, word: string, language: string) => ({
      views: [{ Name: `${name} View`, Template: { Head: { Title: 'x' } } }],
      taskTemplates: [{ Name: `${name} Task`, Fields: [{ Id: { Name: 'Name' }, Type: 'NAME' }] }],
      evaluationForms: [{ Title: `${name} Form`, Items: notes, activate: true }],
      rules: [
        {
          Name: `${word}_Rule`,
          TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
          Function: { Version: '2022-11-25', RuleFunction: { Operator: 'OR', Operands: [] } },
          Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
          PublishStatus: 'DRAFT',
        },
      ],
      // The default of its language: pruning it leaves the language without one first.
      vocabularies: [{ Name: `${word}_Terms`, LanguageCode: language, Content: 'Phrase\nEDD\n', isDefault: true }],
    });
    const target = {
      connect: qa.clients.connect,
      instanceId: qa.instance.id,
      account: QA.AccountNumber,
      region: REGION,
    };
    await buildContactCenter(target, parts('EDD Retired', 'EDD_Retired', 'en-GB'));
    await buildContactCenter(target, parts('Team', 'Team', 'en-AU'));

    const pruned = await connectDeploy(localAws, QA, [
      'deploy',
      '--source',
      exportA,
      '--prune',
      '--prune-prefix',
      'EDD',
      ...FAST,
    ]);
    expect(pruned.code, pruned.stderr).toBe(0);
    for (const [label, name] of [
      ['view', 'EDD Retired View'],
      ['task template', 'EDD Retired Task'],
      ['evaluation form', 'EDD Retired Form'],
      ['rule', 'EDD_Retired_Rule'],
      ['vocabulary', 'EDD_Retired_Terms'],
    ])
      expect(pruned.stderr).toMatch(new RegExp(`delete\\s+${label}\\s+${name}`));

    const InstanceId = qa.instance.id;
    const c = qa.clients.connect;
    const names = {
      views: (await c.send(new connect.ListViewsCommand({ InstanceId, Type: 'CUSTOMER_MANAGED' }))).ViewsSummaryList!,
      templates: (await c.send(new connect.ListTaskTemplatesCommand({ InstanceId }))).TaskTemplates!,
      forms: (await c.send(new connect.ListEvaluationFormsCommand({ InstanceId }))).EvaluationFormSummaryList!.map(
        (f) => ({ Name: f.Title }),
      ),
      rules: (await c.send(new connect.ListRulesCommand({ InstanceId }))).RuleSummaryList!,
      vocabularies: (await c.send(new connect.SearchVocabulariesCommand({ InstanceId }))).VocabularySummaryList!,
    };
    const all = Object.values(names)
      .flat()
      .map((r) => r.Name);
    for (const gone of [
      'EDD Retired View',
      'EDD Retired Task',
      'EDD Retired Form',
      'EDD_Retired_Rule',
      'EDD_Retired_Terms',
    ])
      expect(all).not.toContain(gone);
    for (const kept of [
      'Team View',
      'Team Task',
      'Team Form',
      'Team_Rule',
      'Team_Terms',
      'EDD Refund Form',
      'EDD_Terms',
    ])
      expect(all).toContain(kept);
  });
});
