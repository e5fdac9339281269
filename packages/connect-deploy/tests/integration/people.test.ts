import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { buildContactCenter } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRichInstance, prepareTarget } from './rich-instance.js';
import { DEV, QA, REGION, connectDeploy, prepareEnvironment, readTree, type Environment } from './support.js';

const FAST = ['--rate', '200', '--burst', '200', '--concurrency', '16'];
const SAML = { Environment: 'sandbox1', AccountNumber: '559450564007' };
const NUMBERS: Record<string, [string, string]> = {
  dev: ['+18005550100', '+18005550101'],
  qa: ['+18005550200', '+18005550201'],
  sandbox1: ['+18005550300', '+18005550301'],
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
  // The source's sign-in rules travel with it, so a re-export of the target matches the source byte for byte.
  deploySettings: ['authentication-profiles'],
};
/** Users are opt-in: an --include pattern naming their folder, beside one that keeps everything else. */
const WITH_USERS = ['--include', '^(?!users/)', '--include', '^users/'];

let localAws: LocalAws;
let qa: Environment;
let saml: Environment;
const work = mkdtempSync(join(tmpdir(), 'edd-people-'));
const withUsers = join(work, 'with-users');
const withoutUsers = join(work, 'without-users');

function withConfig(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'connect-deploy.json'), `${JSON.stringify(CONFIG, null, 2)}\n`);
  return dir;
}

function lastSeq(): number {
  return Math.max(0, ...localAws.calls().map((c) => c.seq));
}

async function userNames(e: Environment): Promise<string[]> {
  const out = await e.clients.connect.send(new connect.ListUsersCommand({ InstanceId: e.instance.id }));
  return out.UserSummaryList!.map((u) => u.Username!).sort();
}

beforeAll(async () => {
  localAws = await startLocalAws({ quotas: false });
  const dev = await prepareEnvironment(localAws, DEV, NUMBERS.dev!);
  qa = await prepareEnvironment(localAws, QA, NUMBERS.qa!);
  saml = await prepareEnvironment(localAws, SAML, NUMBERS.sandbox1!, 'SAML');
  await prepareTarget(qa, QA.AccountNumber, 'qa');
  await prepareTarget(saml, SAML.AccountNumber, 'saml');
  await buildRichInstance(dev, DEV.AccountNumber, 'dev', NUMBERS.dev![0]);
  for (const [dir, extra] of [
    [withUsers, WITH_USERS],
    [withoutUsers, []],
  ] as const) {
    const r = await connectDeploy(localAws, DEV, ['export', '--out', withConfig(dir), ...extra, ...FAST]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 180_000);
afterAll(() => localAws?.close());

describe('users, opt in', () => {
  it('are exported with --include naming their folder, by reference, and the export validates offline', async () => {
    const validated = await connectDeploy(localAws, DEV, ['validate', '--source', withUsers]);
    expect(validated.code, validated.stderr).toBe(0);
    const files = [...readTree(withUsers).keys()];
    expect(files.filter((f) => f.startsWith('users/'))).toEqual(['users/edd.agent1.json', 'users/edd.agent2.json']);
    expect([...readTree(withoutUsers).keys()].some((f) => f.startsWith('users/'))).toBe(false);
    expect(JSON.parse(readFileSync(join(withUsers, 'users/edd.agent1.json'), 'utf8'))).toEqual({
      Name: 'edd.agent1',
      IdentityInfo: { FirstName: 'Ada', LastName: 'Agent' },
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 },
      RoutingProfileId: { $ref: 'routing-profile', name: 'EDD Agents', form: 'id' },
      SecurityProfileIds: [
        { $ref: 'security-profile', name: 'Agent', form: 'id' },
        { $ref: 'security-profile', name: 'EDD Supervisor', form: 'id' },
      ],
      HierarchyGroupId: { $ref: 'hierarchy-group', name: 'EDD West/EDD Billing Team', form: 'id' },
      UserProficiencies: [
        {
          AttributeName: { $ref: 'predefined-attribute', name: 'EDD Language', form: 'id' },
          AttributeValue: 'English',
          Level: 2,
        },
        {
          AttributeName: { $ref: 'predefined-attribute', name: 'EDD Language', form: 'id' },
          AttributeValue: 'Spanish',
          Level: 4,
        },
      ],
      Tags: { team: 'billing' },
    });
  });

  it('round-trip where Connect manages identities: the missing one created with no password written anywhere', async () => {
    const since = lastSeq();
    const deployed = await connectDeploy(localAws, QA, ['deploy', '--source', withUsers, '--json', ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toMatch(/^\+ user "edd\.agent2" {2}.*\d+ ms/m);
    expect(deployed.stderr).toMatch(/^~ user "edd\.agent1" {2}.*\d+ ms/m);
    expect(`${deployed.stdout}${deployed.stderr}`).not.toMatch(/password/i);
    expect(localAws.calls({ account: QA.AccountNumber, operation: 'CreateUser', since })).toHaveLength(1);

    const again = lastSeq();
    const redeployed = await connectDeploy(localAws, QA, ['deploy', '--source', withUsers, ...FAST]);
    expect(redeployed.code, redeployed.stderr).toBe(0);
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since: again })).toEqual([]);

    const reexported = withConfig(join(work, 'qa-with-users'));
    const r = await connectDeploy(localAws, QA, ['export', '--out', reexported, ...WITH_USERS, ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    expect(readTree(reexported)).toEqual(readTree(withUsers));
  });

  it('on a SAML instance: a missing user stops the deploy before any write; existing ones are updated', async () => {
    const since = lastSeq();
    const refused = await connectDeploy(localAws, SAML, ['deploy', '--source', withUsers, ...FAST]);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain(
      'users/edd.agent2.json user "edd.agent2": the user does not exist in the target instance, whose identities are managed by SAML',
    );
    expect(localAws.calls({ account: SAML.AccountNumber, write: true, since })).toEqual([]);

    const deployed = await connectDeploy(localAws, SAML, [
      'deploy',
      '--source',
      withUsers,
      '--exclude',
      '^users/edd\\.agent2$',
      ...FAST,
    ]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(localAws.calls({ account: SAML.AccountNumber, operation: 'CreateUser', since })).toEqual([]);
    const user = (
      await saml.clients.connect.send(new connect.ListUsersCommand({ InstanceId: saml.instance.id }))
    ).UserSummaryList!.find((u) => u.Username === 'edd.agent1')!;
    const described = await saml.clients.connect.send(
      new connect.DescribeUserCommand({ InstanceId: saml.instance.id, UserId: user.Id! }),
    );
    expect(described.User).toMatchObject({ IdentityInfo: { FirstName: 'Ada' }, HierarchyGroupId: expect.any(String) });
    expect(await userNames(saml)).toEqual(['edd.agent1']);
  });

  it('are pruned only by a deploy that carries users, and only with the prefix', async () => {
    await buildContactCenter(
      { connect: qa.clients.connect, instanceId: qa.instance.id, account: QA.AccountNumber, region: REGION },
      {
        users: ['edd.retired', 'other.agent'].map((Username) => ({
          Username,
          securityProfiles: ['Agent'],
          routingProfile: 'Basic Routing Profile',
        })),
      },
    );
    const prune = ['--prune', '--prune-prefix', 'edd.', ...FAST];
    const withoutThem = await connectDeploy(localAws, QA, ['deploy', '--source', withoutUsers, ...prune]);
    expect(withoutThem.code, withoutThem.stderr).toBe(0);
    expect(await userNames(qa)).toEqual(['edd.agent1', 'edd.agent2', 'edd.retired', 'other.agent']);

    const withThem = await connectDeploy(localAws, QA, ['deploy', '--source', withUsers, ...prune]);
    expect(withThem.code, withThem.stderr).toBe(0);
    expect(withThem.stderr).toMatch(/^- user "edd\.retired" {2}.*\d+ ms/m);
    expect(await userNames(qa)).toEqual(['edd.agent1', 'edd.agent2', 'other.agent']);
  });
});

describe('stock security profiles', () => {
  it('are never pruned, even when the prefix matches their names', async () => {
    const InstanceId = qa.instance.id;
    await qa.clients.connect.send(
      new connect.CreateSecurityProfileCommand({ InstanceId, SecurityProfileName: 'Agents Retired', Permissions: [] }),
    );
    const pruned = await connectDeploy(localAws, QA, [
      'deploy',
      '--source',
      withoutUsers,
      '--prune',
      '--prune-prefix',
      'Ag',
      ...FAST,
    ]);
    expect(pruned.code, pruned.stderr).toBe(0);
    const profiles = await qa.clients.connect.send(new connect.ListSecurityProfilesCommand({ InstanceId }));
    const names = profiles.SecurityProfileSummaryList!.map((p) => p.Name);
    expect(names).toContain('Agent');
    expect(names).not.toContain('Agents Retired');
  });
});
