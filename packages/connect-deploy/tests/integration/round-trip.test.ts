import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { buildContactCenter } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRichInstance, prepareTarget } from './rich-instance.js';
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
  deploySettings: ['authentication-profiles'],
};

/** The flow each claimed number of the environment answers with, by the number's ARN. */
async function flowsOfNumbers(e: Environment): Promise<Map<string, string | undefined>> {
  const out = await e.clients.connect.send(
    new connect.ListFlowAssociationsCommand({ InstanceId: e.instance.id, ResourceType: 'VOICE_PHONE_NUMBER' }),
  );
  return new Map(out.FlowAssociationSummaryList!.map((a) => [a.ResourceId!, a.FlowId]));
}

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;

/** Holidays by hours and name, the main number's flow by logical name, the instance's settings with no ids. */
function expectInstanceSettingsExported(): void {
  const hours = { $ref: 'hours-of-operation', name: 'EDD Business Hours', form: 'id' };
  expect(readJson(exportA, 'hours-of-operation-overrides/EDD+Business+Hours%2FEDD+Christmas.json')).toEqual({
    Config: [],
    Description: 'Closed all day',
    EffectiveFrom: '2025-12-25',
    EffectiveTill: '2025-12-25',
    HoursOfOperationId: hours,
    Name: 'EDD Christmas',
    OverrideType: 'CLOSED',
  });
  expect(readJson(exportA, 'hours-of-operation-overrides/EDD+Business+Hours%2FEDD+Christmas+Eve.json')).toMatchObject({
    HoursOfOperationId: hours,
    Config: [{ Day: 'TUESDAY' }, { Day: 'WEDNESDAY' }],
    RecurrenceConfig: { RecurrencePattern: { Frequency: 'YEARLY', Interval: 1, ByMonth: [12], ByMonthDay: [24] } },
  });
  expect(readJson(exportA, 'phone-numbers/main-line.json')).toEqual({
    ContactFlowId: { $ref: 'flow', name: 'EDD Main' },
    PhoneNumberId: { $ref: 'phone-number', number: 'main-line' },
  });
  expect(existsSync(join(exportA, 'phone-numbers/callback-line.json'))).toBe(false);
  expect(readJson(exportA, 'authentication-profiles/Default+authentication+profile.json')).toEqual({
    AllowedIps: ['2001:db8:10::/48', '2001:db8:1::/48'],
    BlockedIps: ['2001:db8:1:dead::/64'],
    Description: 'EDD agents sign in from the offices only',
    Name: 'Default authentication profile',
    SessionInactivityDuration: 30,
    SessionInactivityHandlingEnabled: true,
  });
  expect(readJson(exportA, 'integrations/CASES_DOMAIN.json')).toEqual({
    IntegrationType: 'CASES_DOMAIN',
    Name: 'CASES_DOMAIN',
  });
  expect(readJson(exportA, 'integrations/APPLICATION+EDD+Agent+Assist.json')).toEqual({
    IntegrationType: 'APPLICATION',
    Name: 'APPLICATION EDD Agent Assist',
    SourceApplicationName: 'EDD Agent Assist',
    SourceApplicationUrl: 'https://assist.example.com/connect',
  });
  for (const [file, bytes] of readTree(exportA))
    if (!file.endsWith('.wav')) expect(Buffer.from(bytes, 'base64').toString(), file).not.toContain(DEV.AccountNumber);
}

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
  await prepareTarget(qa, QA.AccountNumber, 'qa');
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
    expectInstanceSettingsExported();

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
    // QA's own main line answers with QA's copy of the flow.
    const flows = await qa.clients.connect.send(
      new connect.ListContactFlowsCommand({ InstanceId: qa.instance.id, MaxResults: 1000 }),
    );
    const qaMain = flows.ContactFlowSummaryList!.find((f) => f.Name === 'EDD Main')!;
    expect(await flowsOfNumbers(qa)).toEqual(new Map([[qa.phone.arn, qaMain.Arn]]));

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

  it('carries the people side: hierarchy by path, security profiles, predefined attributes named in flows', () => {
    const read = (file: string) => JSON.parse(readFileSync(join(exportA, file), 'utf8')) as Record<string, unknown>;
    expect(read('user-hierarchy/structure.json')).toEqual({ LevelOne: { Name: 'Region' }, LevelTwo: { Name: 'Team' } });
    expect(read('hierarchy-groups/EDD+West%2FEDD+Billing+Team.json')).toEqual({
      Name: 'EDD West/EDD Billing Team',
      ParentGroupId: { $ref: 'hierarchy-group', name: 'EDD West', form: 'id' },
    });
    expect(read('security-profiles/EDD+Supervisor.json')).toMatchObject({
      Permissions: ['AccessMetrics', 'BasicAgentAccess', 'ContactSearch.View'],
      AllowedAccessControlHierarchyGroupId: { $ref: 'hierarchy-group', name: 'EDD West', form: 'id' },
      Applications: [
        { Namespace: 'crm.edd.example', ApplicationPermissions: ['Contact.Details.Edit', 'Contact.Details.View'] },
      ],
    });
    expect(read('security-profiles/Agent.json')).toMatchObject({
      Permissions: ['BasicAgentAccess', 'OutboundCallAccess'],
    });
    const routing = read('flows/EDD+Routing.json') as { Content: { Actions: { Parameters: unknown }[] } };
    expect(routing.Content.Actions[0]!.Parameters).toMatchObject({
      RoutingCriteria: {
        Steps: [
          {
            Expression: {
              AttributeCondition: { Name: { $ref: 'predefined-attribute', name: 'EDD Language', form: 'id' } },
            },
          },
        ],
      },
    });
    expect(routing.Content.Actions[1]!.Parameters).toEqual({
      Attributes: {
        supervisorProfile: { $ref: 'security-profile', name: 'EDD Supervisor' },
        team: { $ref: 'hierarchy-group', name: 'EDD West/EDD Billing Team' },
      },
    });
    // Users are exported only on opt-in.
    expect([...readTree(exportA).keys()].some((f) => f.startsWith('users/'))).toBe(false);
  });

  it('prunes only prefixed security profiles, groups (children first) and attributes, and backs them up', async () => {
    const InstanceId = qa.instance.id;
    const send = <O>(command: unknown) => qa.clients.connect.send(command as never) as Promise<O>;
    const groups = await send<connect.ListUserHierarchyGroupsCommandOutput>(
      new connect.ListUserHierarchyGroupsCommand({ InstanceId }),
    );
    const west = groups.UserHierarchyGroupSummaryList!.find((g) => g.Name === 'EDD West')!.Id!;
    const group = async (Name: string, ParentGroupId?: string) =>
      (
        await send<connect.CreateUserHierarchyGroupCommandOutput>(
          new connect.CreateUserHierarchyGroupCommand({ InstanceId, Name, ParentGroupId }),
        )
      ).HierarchyGroupId!;
    const retired = await group('EDD Retired');
    await group('EDD Old Team', retired);
    await group('EDD Retired Team', west);
    await group('Other Group');
    for (const SecurityProfileName of ['EDD Retired Profile', 'Other Profile'])
      await send(new connect.CreateSecurityProfileCommand({ InstanceId, SecurityProfileName, Permissions: [] }));
    for (const Name of ['EDD Retired Attribute', 'Other Attribute'])
      await send(new connect.CreatePredefinedAttributeCommand({ InstanceId, Name, Values: { StringList: ['x'] } }));

    const backup = join(work, 'backup');
    const pruned = await connectDeploy(localAws, QA, [
      'deploy',
      '--source',
      exportA,
      '--prune',
      '--prune-prefix',
      'EDD ',
      '--backup-dir',
      backup,
      ...FAST,
    ]);
    expect(pruned.code, pruned.stderr).toBe(0);
    const deleted = [...pruned.stderr.matchAll(/^- (.+?) {2}\(\d+ ms\)$/gm)].map((m) => m[1]!.replace(/"/g, ''));
    expect(deleted).toEqual([
      'predefined attribute EDD Retired Attribute',
      'security profile EDD Retired Profile',
      'hierarchy group EDD West/EDD Retired Team',
      'hierarchy group EDD Retired/EDD Old Team',
      'hierarchy group EDD Retired',
    ]);
    const names = async (command: unknown, list: string) =>
      ((await send<Record<string, { Name?: string }[]>>(command))[list] ?? []).map((x) => x.Name).sort();
    expect(
      await names(new connect.ListUserHierarchyGroupsCommand({ InstanceId }), 'UserHierarchyGroupSummaryList'),
    ).toEqual(['EDD Billing Team', 'EDD West', 'Other Group']);
    expect(await names(new connect.ListSecurityProfilesCommand({ InstanceId }), 'SecurityProfileSummaryList')).toEqual([
      'Admin',
      'Agent',
      'CallCenterManager',
      'EDD Supervisor',
      'Other Profile',
      'QualityAnalyst',
    ]);
    expect(
      await names(new connect.ListPredefinedAttributesCommand({ InstanceId }), 'PredefinedAttributeSummaryList'),
    ).toEqual(['EDD Language', 'Other Attribute']);
    expect(JSON.parse(readFileSync(join(backup, 'hierarchy-groups/EDD+Retired%2FEDD+Old+Team.json'), 'utf8'))).toEqual({
      Name: 'EDD Retired/EDD Old Team',
      ParentGroupId: { $ref: 'hierarchy-group', name: 'EDD Retired', form: 'id' },
    });
    expect(JSON.parse(readFileSync(join(backup, 'security-profiles/EDD+Retired+Profile.json'), 'utf8'))).toEqual({
      Name: 'EDD Retired Profile',
      Permissions: [],
    });
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
    expect(plan.stderr).toContain('~ queue "EDD Billing"  (queues/EDD+Billing.json)\n    MaxContacts: 7 -> 50\n');
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
      expect(pruned.stderr).toMatch(new RegExp(`^- ${label} "${name}" {2}.*\\d+ ms`, 'm'));

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

/** A copy of export A whose config `change` rewrites, plus `files`. */
function variantOfA(
  name: string,
  change: (config: Record<string, unknown>) => void,
  files: Record<string, unknown> = {},
) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(exportA, dir, { recursive: true });
  const config = { ...CONFIG } as Record<string, unknown>;
  change(config);
  writeFileSync(join(dir, 'connect-deploy.json'), `${JSON.stringify(config, null, 2)}\n`);
  for (const [file, body] of Object.entries(files)) writeFileSync(join(dir, file), JSON.stringify(body));
  return dir;
}

const lastSeq = () => Math.max(0, ...localAws.calls().map((c) => c.seq));

async function hoursIds(e: Environment): Promise<Map<string, string>> {
  const out = await e.clients.connect.send(new connect.ListHoursOfOperationsCommand({ InstanceId: e.instance.id }));
  return new Map(out.HoursOfOperationSummaryList!.map((h) => [h.Name!, h.Id!]));
}

async function overrideNames(e: Environment, hoursId: string): Promise<string[]> {
  const out = await e.clients.connect.send(
    new connect.ListHoursOfOperationOverridesCommand({ InstanceId: e.instance.id, HoursOfOperationId: hoursId }),
  );
  return out.HoursOfOperationOverrideList!.map((o) => o.Name!).sort();
}

describe('instance settings, phone numbers and holidays', () => {
  it('reports the instance settings it does not deploy, and deploys the ones a rule names', async () => {
    const InstanceId = qa.instance.id;
    const profile = (await qa.clients.connect.send(new connect.ListAuthenticationProfilesCommand({ InstanceId })))
      .AuthenticationProfileSummaryList![0]!;
    await qa.clients.connect.send(
      new connect.UpdateAuthenticationProfileCommand({
        InstanceId,
        AuthenticationProfileId: profile.Id!,
        SessionInactivityDuration: 45,
      }),
    );
    await qa.clients.connect.send(
      new connect.CreateIntegrationAssociationCommand({
        InstanceId,
        IntegrationType: 'WISDOM_ASSISTANT',
        IntegrationArn: `arn:aws:wisdom:us-east-1:${QA.AccountNumber}:assistant/3f0b2c1d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`,
      }),
    );

    const reportOnly = variantOfA('report-only', (config) => delete config.deploySettings);
    const since = lastSeq();
    const plan = await connectDeploy(localAws, QA, ['plan', '--source', reportOnly, '--json', ...FAST]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain(
      'warning: authentication profile "Default authentication profile" differs from the export (authentication-profiles/Default+authentication+profile.json); reported only, not deployed',
    );
    expect(plan.stderr).toContain('SessionInactivityDuration: 45 -> 30');
    expect(plan.stderr).toContain(
      'warning: integration "WISDOM_ASSISTANT" is in the target instance, not in the export (integrations/WISDOM_ASSISTANT.json)',
    );
    expect((JSON.parse(plan.stdout) as { reported: unknown }).reported).toEqual([
      {
        type: 'authentication-profile',
        name: 'Default authentication profile',
        file: 'authentication-profiles/Default+authentication+profile.json',
        state: 'differs',
        differences: ['SessionInactivityDuration'],
      },
      {
        type: 'integration-association',
        name: 'WISDOM_ASSISTANT',
        file: 'integrations/WISDOM_ASSISTANT.json',
        state: 'extra',
        differences: [],
      },
    ]);
    const deployed = await connectDeploy(localAws, QA, ['deploy', '--source', reportOnly, ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    const written = () => localAws.calls({ account: QA.AccountNumber, write: true, since: since + 1 });
    // Only the settings differ, and they are reported: nothing is written.
    expect(written().map((c) => c.operation)).toEqual([]);

    // With deploySettings naming the folder, the profile is written; an integration never is.
    const ruled = await connectDeploy(localAws, QA, ['deploy', '--source', exportA, ...FAST]);
    expect(ruled.code, ruled.stderr).toBe(0);
    expect(ruled.stderr).toMatch(/^~ authentication profile "Default authentication profile" {2}.*\d+ ms/m);
    expect(written().map((c) => c.operation)).toEqual(['UpdateAuthenticationProfile']);
    const after = await qa.clients.connect.send(
      new connect.DescribeAuthenticationProfileCommand({ InstanceId, AuthenticationProfileId: profile.Id! }),
    );
    expect(after.AuthenticationProfile?.SessionInactivityDuration).toBe(30);
  });

  it('stops before any write when the target has not claimed a number of the export', async () => {
    const dir = variantOfA(
      'unclaimed-number',
      (config) => {
        config.phoneNumbers = {
          ...(config.phoneNumbers as object),
          'night-line': { dev: '+18005550102', qa: '+18005550299' },
        };
      },
      {
        'phone-numbers/night-line.json': {
          PhoneNumberId: { $ref: 'phone-number', number: 'night-line' },
          ContactFlowId: { $ref: 'flow', name: 'EDD Main' },
        },
      },
    );
    const since = lastSeq();
    const r = await connectDeploy(localAws, QA, ['deploy', '--source', dir, ...FAST]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /phone-numbers\/night-line\.json phone number flow "night-line" PhoneNumberId: phone number night-line has no number claimed by the target instance/,
    );
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
  });

  it("prunes the holidays of prefixed hours only, never a number's flow nor an instance setting", async () => {
    const InstanceId = qa.instance.id;
    const hours = await hoursIds(qa);
    const holiday = (Name: string) => ({
      InstanceId,
      Name,
      Config: [],
      EffectiveFrom: '2024-07-04',
      EffectiveTill: '2024-07-04',
      OverrideType: 'CLOSED' as const,
    });
    await qa.clients.connect.send(
      new connect.CreateHoursOfOperationOverrideCommand({
        ...holiday('EDD Retired Holiday'),
        HoursOfOperationId: hours.get('EDD Business Hours')!,
      }),
    );
    await qa.clients.connect.send(
      new connect.CreateHoursOfOperationOverrideCommand({
        ...holiday('EDD Basic Closure'),
        HoursOfOperationId: hours.get('Basic Hours')!,
      }),
    );
    const flows = await qa.clients.connect.send(new connect.ListContactFlowsCommand({ InstanceId, MaxResults: 1000 }));
    const sample = flows.ContactFlowSummaryList!.find(
      (f) => f.Name === 'Sample inbound flow (first contact experience)',
    )!;
    await qa.clients.connect.send(
      new connect.AssociatePhoneNumberContactFlowCommand({
        InstanceId,
        PhoneNumberId: qa.callbackPhone.id,
        ContactFlowId: sample.Id!,
      }),
    );

    const backup = join(work, 'prune-backup');
    const since = lastSeq();
    const pruned = await connectDeploy(localAws, QA, [
      'deploy',
      '--source',
      exportA,
      '--prune',
      '--prune-prefix',
      'EDD ',
      '--backup-dir',
      backup,
      ...FAST,
    ]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stderr).toMatch(
      /^- hours of operation override "EDD Business Hours\/EDD Retired Holiday" {2}.*\d+ ms/m,
    );
    expect(
      localAws
        .calls({ account: QA.AccountNumber, write: true, since: since + 1 })
        .map((c) => c.operation)
        .filter((op) => op.startsWith('Delete') || op.startsWith('Disassociate')),
    ).toEqual(['DeleteHoursOfOperationOverride']);
    expect(await overrideNames(qa, hours.get('EDD Business Hours')!)).toEqual(['EDD Christmas', 'EDD Christmas Eve']);
    expect(await overrideNames(qa, hours.get('Basic Hours')!)).toEqual(['EDD Basic Closure']);
    expect((await flowsOfNumbers(qa)).get(qa.callbackPhone.arn)).toBe(sample.Arn);
    const integrations = await qa.clients.connect.send(new connect.ListIntegrationAssociationsCommand({ InstanceId }));
    expect(integrations.IntegrationAssociationSummaryList!.map((i) => i.IntegrationType).sort()).toEqual([
      'APPLICATION',
      'CASES_DOMAIN',
      'WISDOM_ASSISTANT',
    ]);
    expect(
      readJson(backup, 'hours-of-operation-overrides/EDD+Business+Hours%2FEDD+Retired+Holiday.json'),
    ).toMatchObject({
      HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Business Hours', form: 'id' },
      Name: 'EDD Retired Holiday',
    });
  });
});
