import { environmentKey, type EnvironmentRecord } from '@edd/environments';

/** The pipeline kinds of seed §1.10.3 (plus the export pipeline of Figure 5), each with its standard buildspec. */
export const PIPELINE_KINDS = [
  { kind: 'connect', repository: 'edd-connect', what: 'deploys the Amazon Connect instance' },
  {
    kind: 'backend-common',
    repository: 'edd-infrastructure-backend-common',
    what: 'deploys the supporting Lambdas and DynamoDB tables',
  },
  { kind: 'virtual-callback-queue', repository: 'edd-virtual-callback-queue', what: 'supports scheduled callback' },
  {
    kind: 'frontend-common',
    repository: 'edd-infrastructure-frontend-common',
    what: 'deploys the Lex bots and the Connect content (DeploymentType full or partial)',
  },
  {
    kind: 'dynamodb-export-data',
    repository: 'edd-dynamod-export-data',
    what: 'populates the DynamoDB tables created by backend-common',
  },
  {
    kind: 'export',
    repository: 'edd-infrastructure-frontend-common',
    what: 'exports the Connect instance and the Lex bots of dev into the dev branch (dev only)',
  },
] as const;

export type PipelineKind = (typeof PIPELINE_KINDS)[number]['kind'];

/** Seed §1.10.3: the order a new environment's pipelines are created and first run in. */
export const DEPLOYMENT_ORDER: readonly PipelineKind[] = [
  'connect',
  'backend-common',
  'dynamodb-export-data',
  'frontend-common',
  'virtual-callback-queue',
];

/** Environments whose pipelines stop for a manual approval before they deploy (seed §1.8). */
export const APPROVAL_ENVIRONMENTS = ['prod', 'prod-fix'];

/** The role the steps assume in every target account, and the Shared account's CodeBuild role that assumes it. */
export const TARGET_ROLE_NAME = 'codebuild-connect';
export const CODEBUILD_ROLE_NAME = 'codebuild-shared-service-role';
export const PIPELINE_ROLE_NAME = 'edd-codepipeline';
export const EVENTS_ROLE_NAME = 'edd-pipeline-events';
/** Name prefix of everything the pipelines own: repositories, projects, pipelines, stacks, tables, functions. */
export const NAME_PREFIX = 'edd-';

export function approvalTargets(targets: readonly EnvironmentRecord[]): EnvironmentRecord[] {
  return APPROVAL_ENVIRONMENTS.map((name) => {
    const record = targets.find((t) => environmentKey(t) === name);
    if (!record) throw new Error(`approval environment '${name}' is not a target of the environment registry`);
    return record;
  });
}
