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
    const deleted = [...pruned.stderr.matchAll(/^delete\s+(.+?)\s+\(\d+ ms\)$/gm)].map((m) =>
      m[1]!.replace(/\s+/g, ' '),
    );
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
    expect(plan.stderr).toMatch(/update\s+queue\s+EDD Billing/);
    expect(plan.stderr).toContain('MaxContacts: 7 -> 50');
    expect(
      localAws.calls({ account: QA.AccountNumber, write: true, since: before + 1 }).map((c) => c.operation),
    ).toEqual(['UpdateQueueMaxContacts']);
  });
});
