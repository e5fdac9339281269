import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { REGISTRY, formatTargetAccount, registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT_SCHEDULE, PIPELINE_KINDS } from '../src/index.js';
import { ROOT, synthesize } from './support.js';

const template = synthesize('pipeline-product.yaml');
const split = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': ['/', { Ref: 'TargetAccount' }] }] });

describe('the pipeline product', () => {
  it("offers exactly the registry's targets as TargetAccount: never the Shared account or the unconfirmed RND", () => {
    const parameter = template.findParameters('TargetAccount').TargetAccount as { AllowedValues: string[] };
    expect(parameter.AllowedValues).toEqual(registry.targetAccountValues());
    expect(parameter.AllowedValues.join(' ')).not.toMatch(/318484875904|90541811020|^rnd/);
  });

  it('derives $Environment and $AccountNumber in the CodeBuild project from TargetAccount', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: {
        EnvironmentVariables: Match.arrayWith([
          { Name: 'Environment', Value: split(0) },
          { Name: 'AccountNumber', Value: split(1) },
          { Name: 'DEPLOYMENT_TYPE', Value: { Ref: 'DeploymentType' } },
        ]),
      },
      ServiceRole: {
        'Fn::If': [
          'Production',
          { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/codebuild-shared-prod-role' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/codebuild-shared-service-role' },
        ],
      },
      Source: {
        Type: 'CODEPIPELINE',
        BuildSpec: { 'Fn::FindInMap': ['Buildspecs', { Ref: 'PipelineKind' }, 'Content'] },
      },
    });
  });

  it('runs the standard buildspec of the chosen kind, as the buildspecs folder holds it', () => {
    const mapping = template.findMappings('Buildspecs').Buildspecs as Record<string, { Content: string }>;
    expect(Object.keys(mapping)).toEqual(PIPELINE_KINDS.map((k) => k.kind));
    for (const { kind } of PIPELINE_KINDS) {
      expect(mapping[kind]!.Content).toBe(readFileSync(join(ROOT, 'buildspecs', `${kind}.yml`), 'utf8'));
    }
  });

  it('stops for a manual approval before deploying into Prod and Prod-FIX only, the production targets of the registry', () => {
    expect(registry.productionTargets().map(formatTargetAccount)).toEqual([
      'prod/559550955475',
      'prod-fix/891376957702',
    ]);
    expect(template.findConditions('Production').Production).toEqual({
      'Fn::Or': [
        { 'Fn::Equals': [{ Ref: 'TargetAccount' }, 'prod/559550955475'] },
        { 'Fn::Equals': [{ Ref: 'TargetAccount' }, 'prod-fix/891376957702'] },
      ],
    });
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as {
      Properties: { Stages: unknown[] };
    };
    expect(pipeline.Properties.Stages.map((stage) => (stage as { Name?: string }).Name ?? 'conditional')).toEqual([
      'Source',
      'conditional',
      'conditional',
      'Deploy',
    ]);
    expect(template.findConditions('ApprovesDeploy').ApprovesDeploy).toEqual({
      'Fn::And': [{ Condition: 'Production' }, { 'Fn::Not': [{ Condition: 'IsDrift' }] }],
    });
    expect(pipeline.Properties.Stages[2]).toMatchObject({
      'Fn::If': [
        'ApprovesDeploy',
        { Name: 'Approval', Actions: [{ ActionTypeId: { Provider: 'Manual' } }] },
        { Ref: 'AWS::NoValue' },
      ],
    });
  });

  it('plans before the approval, and the approval links to what the plan reported', () => {
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as {
      Properties: { Stages: { 'Fn::If'?: [string, Record<string, unknown>, unknown] }[] };
    };
    const [condition, plan, otherwise] = pipeline.Properties.Stages[1]!['Fn::If']!;
    // Only where the approval is: a drift pipeline into production writes nothing and is not held.
    expect([condition, otherwise]).toEqual(['ApprovesDeploy', { Ref: 'AWS::NoValue' }]);
    const deploy = template.toJSON().Resources.Pipeline.Properties.Stages.at(-1).Actions[0];
    expect(plan).toMatchObject({
      Name: 'Plan',
      Actions: [
        {
          ActionTypeId: { Category: 'Build', Provider: 'CodeBuild' },
          Configuration: { ProjectName: deploy.Configuration.ProjectName },
          InputArtifacts: [{ Name: 'Source' }],
          OutputArtifacts: [{ Name: 'Plan' }],
          Namespace: 'Plan',
        },
      ],
    });
    // What was approved is what is applied: after the approval, the Deploy action gets the Plan action's artifact
    // (its saved plans) as a second input, which CodeBuild unpacks at $CODEBUILD_SRC_DIR_Plan.
    expect(deploy.Configuration.PrimarySource).toBe('Source');
    expect(deploy.InputArtifacts).toEqual({
      'Fn::If': ['ApprovesDeploy', [{ Name: 'Source' }, { Name: 'Plan' }], [{ Name: 'Source' }]],
    });
    for (const kind of ['frontend-common', 'dynamodb-export-data'])
      expect(readFileSync(join(ROOT, 'buildspecs', `${kind}.yml`), 'utf8'), kind).toContain(
        'approved="${CODEBUILD_SRC_DIR_Plan:+$CODEBUILD_SRC_DIR_Plan/plans}"',
      );
    const configuration = (plan as { Actions: { Configuration: { EnvironmentVariables: string } }[] }).Actions[0]!
      .Configuration;
    expect(JSON.parse(configuration.EnvironmentVariables)).toEqual([
      { name: 'EDD_MODE', value: 'plan', type: 'PLAINTEXT' },
    ]);
    const approval = pipeline.Properties.Stages[2]!['Fn::If']![1] as {
      Actions: { Configuration: { ExternalEntityLink: string } }[];
    };
    expect(approval.Actions[0]!.Configuration.ExternalEntityLink).toBe('#{Plan.EDD_REPORT_URL}');
    for (const kind of PIPELINE_KINDS.filter((k) => k.kind !== 'export' && k.kind !== 'drift'))
      expect(readFileSync(join(ROOT, 'buildspecs', `${kind.kind}.yml`), 'utf8')).toMatch(
        /exported-variables:\n {4}- EDD_REPORT_URL\n/,
      );
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: {
        EnvironmentVariables: Match.arrayWith([
          {
            Name: 'EDD_REPORT_BUCKET',
            Value: { 'Fn::Sub': 'edd-pipeline-artifacts-${AWS::AccountId}-${AWS::Region}' },
          },
        ]),
      },
    });
  });

  it('checks out a git clone of the branch, which each target ties to its own branch', () => {
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: 'Source',
          Actions: [
            Match.objectLike({ Configuration: Match.objectLike({ OutputArtifactFormat: 'CODEBUILD_CLONE_REF' }) }),
          ],
        }),
      ]),
    });
    const rules = template.toJSON().Rules as Record<string, { Assertions: { Assert: unknown }[] }>;
    expect(Object.keys(rules)).toHaveLength(registry.targets().length);
    expect(rules.BranchOfQaFix!.Assertions[0]!.Assert).toEqual({ 'Fn::Equals': [{ Ref: 'Branch' }, 'qa-fix'] });
  });

  it('starts on pushes to the branch, except the export pipeline (by hand) and the drift pipeline (on its schedule)', () => {
    template.hasResource('AWS::Events::Rule', {
      Condition: 'DeploysOnPush',
      Properties: Match.objectLike({
        EventPattern: Match.objectLike({ detail: Match.objectLike({ referenceName: [{ Ref: 'Branch' }] }) }),
      }),
    });
    expect(template.findConditions('DeploysOnPush').DeploysOnPush).toEqual({
      'Fn::Not': [{ 'Fn::Or': [{ Condition: 'IsExport' }, { Condition: 'IsDrift' }] }],
    });
  });

  it('starts a drift pipeline on its schedule, daily unless DriftSchedule says otherwise, with the events role', () => {
    expect(DEFAULT_DRIFT_SCHEDULE).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
    expect(template.findParameters('DriftSchedule').DriftSchedule).toMatchObject({
      Default: DEFAULT_DRIFT_SCHEDULE,
      AllowedPattern: '^(cron|rate)\\(.+\\)$',
    });
    const rules = template.findResources('AWS::Events::Rule', { Condition: 'IsDrift' });
    expect(Object.values(rules)).toEqual([
      {
        Type: 'AWS::Events::Rule',
        Condition: 'IsDrift',
        Properties: {
          Description: { 'Fn::Sub': 'Checks ${TargetAccount} for drift from ${Branch} of ${Repository}' },
          ScheduleExpression: { Ref: 'DriftSchedule' },
          Targets: [
            {
              Id: 'pipeline',
              Arn: { 'Fn::Sub': 'arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}' },
              RoleArn: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/edd-pipeline-events' },
            },
          ],
        },
      },
    ]);
    expect(template.findConditions('IsDrift').IsDrift).toEqual({ 'Fn::Equals': [{ Ref: 'PipelineKind' }, 'drift'] });
  });

  it('names the export and drift pipelines apart from the deployment pipeline of the same repository', () => {
    const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0] as {
      Properties: { Name: unknown };
    };
    const joined = (...parts: unknown[]) => ({ 'Fn::Join': ['-', [{ Ref: 'Repository' }, ...parts, split(0)]] });
    expect(project.Properties.Name).toEqual({
      'Fn::If': ['IsExport', joined('export'), { 'Fn::If': ['IsDrift', joined('drift'), joined()] }],
    });
  });

  it('offers a new environment of the registry as soon as it is there', () => {
    const withNew = [
      ...REGISTRY,
      {
        ivName: 'Sandbox4',
        eddName: 'Sandbox4',
        account: '210987654321',
        purpose: 'R&D',
        branch: 'sandbox4',
        defaultRegion: 'us-east-1',
        confirmed: true,
      },
    ];
    const parameter = synthesize('pipeline-product.yaml', { records: withNew }).findParameters('TargetAccount')
      .TargetAccount as {
      AllowedValues: string[];
    };
    expect(parameter.AllowedValues.at(-1)).toBe('sandbox4/210987654321');
  });
});
