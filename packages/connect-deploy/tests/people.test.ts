import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '@edd/core';
import { describe, expect, it } from 'vitest';
import type { InstanceRef } from '../src/aws/instance.js';
import {
  readSource,
  refShapeProblem,
  selectResources,
  symbolize,
  validateSource,
  type SourceIndex,
} from '../src/index.js';
import type { ReferenceProblem } from '../src/references/rewrite.js';
import type { WriteContext } from '../src/resources/descriptor.js';
import { hierarchyGroup, joinPath, parentPath, pathOf, splitPath } from '../src/resources/hierarchy-group.js';
import { hierarchyStructure } from '../src/resources/hierarchy-structure.js';
import { predefinedAttribute } from '../src/resources/predefined-attribute.js';
import { securityProfile } from '../src/resources/security-profile.js';
import { throwawayPassword, user } from '../src/resources/user.js';

const INSTANCE = '4b5d91f9-c7f7-4e83-90c2-e4591769d7c6';
const GROUP = '11111111-2222-4333-8444-555555555555';
const instance = (identityManagementType: string): InstanceRef => ({
  id: INSTANCE,
  arn: `arn:aws:connect:us-east-1:658456346551:instance/${INSTANCE}`,
  alias: 'edd-qa',
  scope: { partition: 'aws', region: 'us-east-1', account: '658456346551' },
  identityManagementType,
});

/** A write context that records the commands a descriptor sends, for its pure decisions. */
function recorder(): { ctx: WriteContext; sent: { name: string; input: Record<string, unknown> }[] } {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const ctx = {
    api: undefined as never,
    instance: instance('CONNECT_MANAGED'),
    send: (command: { input: unknown }) => {
      sent.push({ name: command.constructor.name, input: command.input as Record<string, unknown> });
      return Promise.resolve({ UserId: 'u-1', UserArn: 'arn:u-1' } as never);
    },
    upload: () => Promise.reject(new Error('no attachments here')),
    attachmentChanged: false,
    waitTimeoutMs: 1000,
  } satisfies WriteContext;
  return { ctx, sent };
}

function exportDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'edd-people-'));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(body));
  }
  return dir;
}

async function problemsOf(files: Record<string, unknown>): Promise<Problem[]> {
  const problems: Problem[] = [];
  validateSource(await readSource(exportDir(files), problems), problems);
  return problems;
}

const parentRef = (name: string) => ({ $ref: 'hierarchy-group', name, form: 'id' });

describe('hierarchy group paths', () => {
  it('joins names from the top level and splits them back, slashes inside names included', () => {
    for (const names of [['West'], ['West', 'Billing'], ['A/B', 'C\\D', 'E']]) {
      expect(splitPath(joinPath(names))).toEqual(names);
    }
    expect(joinPath(['A/B', 'C'])).toBe('A\\/B/C');
    expect(parentPath('West/Billing/Tier 1')).toBe('West/Billing');
    expect(parentPath('West')).toBeUndefined();
  });

  it('reads a path from the top level down to the group', () => {
    expect(pathOf({ LevelOne: { Name: 'West' }, LevelTwo: { Name: 'Billing' } })).toBe('West/Billing');
    expect(pathOf(undefined)).toBeUndefined();
  });

  it('accepts a group whose parent reference is its path without the last name', () => {
    expect(hierarchyGroup.schema.safeParse({ Name: 'West' }).success).toBe(true);
    expect(hierarchyGroup.schema.safeParse({ Name: 'West/Billing', ParentGroupId: parentRef('West') }).success).toBe(
      true,
    );
  });

  it('refuses a parent that disagrees with the path, and paths deeper than five levels', () => {
    const wrongParent = hierarchyGroup.schema.safeParse({ Name: 'West/Billing', ParentGroupId: parentRef('East') });
    expect(wrongParent.error?.issues[0]?.message).toContain('"West"');
    const orphan = hierarchyGroup.schema.safeParse({ Name: 'West/Billing' });
    expect(orphan.error?.issues[0]?.path).toEqual(['ParentGroupId']);
    const deep = hierarchyGroup.schema.safeParse({ Name: 'a/b/c/d/e/f', ParentGroupId: parentRef('a/b/c/d/e') });
    expect(deep.error?.issues[0]?.message).toContain('at most 5 levels');
  });
});

describe('user hierarchy structure (one per instance)', () => {
  it('reads user-hierarchy/structure.json as the one structure, without a Name', async () => {
    const problems: Problem[] = [];
    const model = await readSource(
      exportDir({ 'user-hierarchy/structure.json': { LevelOne: { Name: 'Region' }, LevelTwo: { Name: 'Team' } } }),
      problems,
    );
    expect(problems).toEqual([]);
    expect(model.resources).toMatchObject([{ type: 'hierarchy-structure', name: 'structure' }]);
  });

  it('refuses another file in its folder and a level below a missing one', async () => {
    const problems = await problemsOf({
      'user-hierarchy/structure.json': { LevelOne: { Name: 'Region' }, LevelThree: { Name: 'Team' } },
      'user-hierarchy/other.json': { LevelOne: { Name: 'Region' } },
    });
    expect(problems).toEqual([
      {
        file: 'user-hierarchy/other.json',
        message:
          'an instance has one user hierarchy structure: user-hierarchy/ holds only structure.json; move its content there or remove this file',
      },
      {
        file: 'user-hierarchy/structure.json',
        resource: 'user hierarchy structure "structure"',
        path: 'LevelThree',
        message: 'LevelThree needs LevelTwo above it',
      },
    ]);
  });

  it('is not narrowed by --include, which picks among named resources; --exclude leaves it out', async () => {
    const model = await readSource(
      exportDir({
        'user-hierarchy/structure.json': { LevelOne: { Name: 'Region' } },
        'hierarchy-groups/EDD+West.json': { Name: 'EDD West' },
        'hierarchy-groups/Other.json': { Name: 'Other' },
      }),
      [],
    );
    const picked = (include?: string[], exclude?: string[]) =>
      selectResources(model.resources, { ...model.config, include, exclude }).map((r) => `${r.type}/${r.name}`);
    expect(picked(['^[a-z-]+/EDD '])).toEqual(['hierarchy-structure/structure', 'hierarchy-group/EDD West']);
    expect(picked(['^[a-z-]+/EDD '], ['^user-hierarchy/'])).toEqual(['hierarchy-group/EDD West']);
  });

  it('writes the whole structure, levels left out included', async () => {
    const { ctx, sent } = recorder();
    const rule = hierarchyStructure.updates![0]!;
    await rule.write(
      ctx,
      { id: 'structure', arn: '' },
      { LevelOne: { Name: 'Region' } },
      {
        LevelOne: { Name: 'Area' },
        LevelTwo: { Name: 'Team' },
      },
    );
    expect(sent).toEqual([
      {
        name: 'UpdateUserHierarchyStructureCommand',
        input: { InstanceId: INSTANCE, HierarchyStructure: { LevelOne: { Name: 'Region' } } },
      },
    ]);
  });
});

describe('security profiles', () => {
  const profile = {
    Name: 'EDD Supervisor',
    Permissions: ['Users.View', 'BasicAgentAccess'],
    TagRestrictedResources: ['User', 'Queue'],
    Applications: [
      { Namespace: 'b.example', ApplicationPermissions: ['y', 'x'] },
      { Namespace: 'a.example', ApplicationPermissions: ['z'] },
    ],
  };

  it('puts the lists Connect does not keep in order in a stable one', () => {
    expect(securityProfile.canonical!(profile)).toEqual({
      Name: 'EDD Supervisor',
      Permissions: ['BasicAgentAccess', 'Users.View'],
      TagRestrictedResources: ['Queue', 'User'],
      Applications: [
        { Namespace: 'a.example', ApplicationPermissions: ['z'] },
        { Namespace: 'b.example', ApplicationPermissions: ['x', 'y'] },
      ],
    });
  });

  it('refuses a file without its permissions, which would take them all away', () => {
    const parsed = securityProfile.schema.safeParse({ Name: 'Agent', Description: 'Agents' });
    expect(parsed.error?.issues).toMatchObject([
      { path: ['Permissions'], message: expect.stringContaining('export it again') },
    ]);
  });

  it('refuses to lift a hierarchy restriction it cannot lift through the API', () => {
    const current = { ...profile, AllowedAccessControlHierarchyGroupId: parentRef('West') };
    expect(securityProfile.check!(profile, current as never, instance('SAML'))?.path).toBe(
      'AllowedAccessControlHierarchyGroupId',
    );
    expect(securityProfile.check!(current as never, current as never, instance('SAML'))).toBeUndefined();
  });

  it('updates only the members that differ, clearing the ones the export leaves out', async () => {
    const { ctx, sent } = recorder();
    await securityProfile.updates![0]!.write(
      ctx,
      { id: 'p-1', arn: '' },
      { Name: 'EDD Supervisor', Permissions: ['BasicAgentAccess'], AllowedAccessControlHierarchyGroupId: GROUP },
      {
        Name: 'EDD Supervisor',
        Permissions: ['BasicAgentAccess'],
        TagRestrictedResources: ['User'],
        AllowedAccessControlHierarchyGroupId: GROUP,
      },
    );
    expect(sent).toEqual([
      {
        name: 'UpdateSecurityProfileCommand',
        input: { InstanceId: INSTANCE, SecurityProfileId: 'p-1', TagRestrictedResources: [] },
      },
    ]);
  });
});

describe('predefined attributes, named by their name', () => {
  const index: SourceIndex = {
    instanceId: INSTANCE,
    resources: new Map([
      ['Language', { type: 'predefined-attribute', name: 'Language' }],
      [GROUP, { type: 'hierarchy-group', name: 'West/Billing' }],
    ]),
    phoneNumbers: new Map(),
    lexAliases: new Map(),
    lambdaName: (name) => ({ function: name }),
  };

  it('become references in routing steps and proficiencies, and nowhere else', () => {
    const problems: ReferenceProblem[] = [];
    const condition = (Name: string) => ({ AttributeCondition: { Name, Value: 'Spanish', ProficiencyLevel: 3 } });
    const out = symbolize(
      {
        RoutingCriteria: {
          Steps: [
            { Expression: condition('Language') },
            { Expression: { AndExpression: [condition('Unknown'), condition('$.Attributes.attribute')] } },
          ],
        },
        UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'Spanish', Level: 2 }],
        Attributes: { Name: 'Language' },
        HierarchyGroupId: GROUP,
      },
      index,
      problems,
    );
    expect(problems).toEqual([]);
    const ref = { $ref: 'predefined-attribute', name: 'Language', form: 'id' };
    expect(out).toEqual({
      RoutingCriteria: {
        Steps: [
          { Expression: { AttributeCondition: { Name: ref, Value: 'Spanish', ProficiencyLevel: 3 } } },
          { Expression: { AndExpression: [condition('Unknown'), condition('$.Attributes.attribute')] } },
        ],
      },
      UserProficiencies: [{ AttributeName: ref, AttributeValue: 'Spanish', Level: 2 }],
      Attributes: { Name: 'Language' },
      HierarchyGroupId: { $ref: 'hierarchy-group', name: 'West/Billing', form: 'id' },
    });
  });

  it('are referenced by id only: they have no ARN', () => {
    expect(refShapeProblem({ $ref: 'predefined-attribute', name: 'Language' })).toBe(
      '$ref predefined-attribute needs "form": "id": a predefined-attribute has no ARN, only its id',
    );
    expect(refShapeProblem({ $ref: 'predefined-attribute', name: 'Language', form: 'id' })).toBeUndefined();
  });

  it('sorts values and purposes, and keeps only what the API takes', () => {
    expect(
      predefinedAttribute.canonical!({ Name: 'L', Values: { StringList: ['b', 'a'] }, Purposes: ['y', 'x'] }),
    ).toEqual({ Name: 'L', Values: { StringList: ['a', 'b'] }, Purposes: ['x', 'y'] });
    expect(
      predefinedAttribute.schema.safeParse({ Name: 'L', AttributeConfiguration: { IsReadOnly: true } }).success,
    ).toBe(false);
  });
});

describe('users', () => {
  const body = {
    Name: 'edd.agent1',
    PhoneConfig: { PhoneType: 'SOFT_PHONE' as const },
    RoutingProfileId: 'rp-1',
    SecurityProfileIds: ['sp-1'],
    UserProficiencies: [
      { AttributeName: 'Language', AttributeValue: 'Spanish', Level: 4 },
      { AttributeName: 'Language', AttributeValue: 'English', Level: 2 },
    ],
  };

  it('are created only where Amazon Connect manages identities; elsewhere a missing one stops the deploy', () => {
    expect(user.check!(body as never, undefined, instance('CONNECT_MANAGED'))).toBeUndefined();
    expect(user.check!(body as never, body as never, instance('SAML'))).toBeUndefined();
    expect(user.check!(body as never, undefined, instance('SAML'))?.message).toMatch(
      /does not exist in the target instance, whose identities are managed by SAML .* create it there first, or leave it out of this deploy with --exclude/,
    );
  });

  it('get a password nobody knows, different every time, that Connect accepts', async () => {
    const passwords = new Set(Array.from({ length: 50 }, throwawayPassword));
    expect(passwords.size).toBe(50);
    for (const p of passwords) expect(p).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$/);
    const { ctx, sent } = recorder();
    await user.create!(ctx, body);
    expect(sent.map((s) => s.name)).toEqual(['CreateUserCommand', 'AssociateUserProficienciesCommand']);
    expect(sent[0]!.input.Password).toMatch(/^[\w-]{32}aZ7$/);
  });

  it('change proficiencies one by one: removed, levels changed, added', async () => {
    const { ctx, sent } = recorder();
    const rule = user.updates!.find((r) => r.fields.includes('UserProficiencies'))!;
    await rule.write(
      ctx,
      { id: 'u-1', arn: '' },
      {
        ...body,
        UserProficiencies: [
          { AttributeName: 'Language', AttributeValue: 'Spanish', Level: 5 },
          { AttributeName: 'Language', AttributeValue: 'French', Level: 1 },
        ],
      },
      body,
    );
    expect(sent.map((s) => [s.name, s.input.UserProficiencies])).toEqual([
      ['DisassociateUserProficienciesCommand', [{ AttributeName: 'Language', AttributeValue: 'English' }]],
      ['UpdateUserProficienciesCommand', [{ AttributeName: 'Language', AttributeValue: 'Spanish', Level: 5 }]],
      ['AssociateUserProficienciesCommand', [{ AttributeName: 'Language', AttributeValue: 'French', Level: 1 }]],
    ]);
  });
});
