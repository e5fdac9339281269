import { Match } from 'aws-cdk-lib/assertions';
import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import { readWorkspace } from '../src/index.js';
import { ROOT, synthesize } from './support.js';

const template = synthesize('shared-account.yaml');
type Role = {
  Properties: { RoleName: string; Policies: { PolicyDocument: { Statement: Record<string, unknown>[] } }[] };
};
const statement = (role: string, sid: string) =>
  (Object.values(template.findResources('AWS::IAM::Role')) as Role[])
    .find((r) => r.Properties.RoleName === role)!
    .Properties.Policies[0]!.PolicyDocument.Statement.find((s) => s.Sid === sid)!;

describe('the Shared account', () => {
  const roleIn = (account: string, role = 'codebuild-connect') => ({
    'Fn::Sub': `arn:\${AWS::Partition}:iam::${account}:role/${role}`,
  });
  /** The roles a build assumes in a target: to deploy, and to read only (the drift checks). */
  const rolesIn = (account: string) => [roleIn(account), roleIn(account, 'codebuild-connect-readonly')];
  const production = registry.productionTargets();

  it("lets the builds assume codebuild-connect in the registry's targets but Prod and Prod-FIX, with the steps' caller actions", () => {
    const assume = statement('codebuild-shared-service-role', 'AssumeTargetRoles');
    const callerActions = readWorkspace(ROOT).steps.flatMap((step) => step.callerIamActions ?? []);
    expect(callerActions).toEqual(['sts:AssumeRole']);
    expect(assume.Action).toEqual(callerActions);
    expect(assume.Resource).toEqual(
      registry
        .targets()
        .filter((t) => !production.includes(t))
        .flatMap((t) => rolesIn(t.account)),
    );
    expect(JSON.stringify(assume.Resource)).not.toMatch(/559550955475|891376957702/);
  });

  it('gives the production accounts a build role of their own, which may assume into them and nowhere else', () => {
    const assume = statement('codebuild-shared-prod-role', 'AssumeTargetRoles');
    expect(production.map((t) => t.ivName)).toEqual(['Prod', 'Prod-FIX']);
    expect(assume).toMatchObject({
      Action: ['sts:AssumeRole'],
      Resource: production.flatMap((t) => rolesIn(t.account)),
    });
    const sids = (Object.values(template.findResources('AWS::IAM::Role')) as Role[])
      .find((r) => r.Properties.RoleName === 'codebuild-shared-prod-role')!
      .Properties.Policies[0]!.PolicyDocument.Statement.map((s) => s.Sid);
    expect(sids).not.toContain('ExportPush');
  });

  it('lets the export pipeline push to the dev branch and nowhere else', () => {
    expect(statement('codebuild-shared-service-role', 'ExportPush')).toMatchObject({
      Action: 'codecommit:GitPush',
      Condition: {
        'ForAllValues:StringEquals': { 'codecommit:References': ['refs/heads/dev'] },
        Null: { 'codecommit:References': 'false' },
      },
    });
  });

  it('runs the toolkit CI from a full clone, which nx affected needs', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Name: 'edd-toolkit-ci',
      Source: Match.objectLike({ Type: 'CODECOMMIT', GitCloneDepth: 0, BuildSpec: 'buildspecs/ci.yml' }),
    });
  });
});
