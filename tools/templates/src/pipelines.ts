import type { EnvironmentRecord } from '@edd/environments';

/**
 * The pipeline kinds of seed §1.10.3 (plus the export pipeline of Figure 5 and the scheduled drift check), each with
 * its standard buildspec.
 */
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
  {
    kind: 'drift',
    repository: 'edd-infrastructure-frontend-common',
    what: 'checks on a schedule that the environment still holds what the branch says (writes nothing)',
  },
] as const;

export type PipelineKind = (typeof PIPELINE_KINDS)[number]['kind'];

/**
 * When a drift pipeline runs unless its `DriftSchedule` says otherwise: daily, early in the US morning (UTC), so the
 * result is there before people work on the contact center.
 */
export const DEFAULT_DRIFT_SCHEDULE = 'cron(0 11 * * ? *)';

/** Seed §1.10.3: the order a new environment's pipelines are created and first run in. */
export const DEPLOYMENT_ORDER: readonly PipelineKind[] = [
  'connect',
  'backend-common',
  'dynamodb-export-data',
  'frontend-common',
  'virtual-callback-queue',
];

/**
 * The role the steps assume in every target account, and the Shared account's CodeBuild roles that assume it: the
 * production targets trust only the production build role, which only their pipelines use; every other target
 * trusts only the other.
 */
export const TARGET_ROLE_NAME = 'codebuild-connect';
/**
 * The role the drift job assumes in every target account instead: the same trust, and only the reads among what the
 * steps declare. A scheduled check that runs unattended every day cannot write, whatever its checkout says.
 */
export const READONLY_ROLE_NAME = `${TARGET_ROLE_NAME}-readonly`;
export const CODEBUILD_ROLE_NAME = 'codebuild-shared-service-role';
export const PROD_CODEBUILD_ROLE_NAME = 'codebuild-shared-prod-role';
/**
 * The permissions boundary every role the backend stacks create must carry (defined by the target-account template):
 * what an application's Lambdas may ever do, whatever the policies their repository gives them.
 */
export const BOUNDARY_POLICY_NAME = 'edd-application-boundary';
export const PIPELINE_ROLE_NAME = 'edd-codepipeline';
export const EVENTS_ROLE_NAME = 'edd-pipeline-events';
/** Name prefix of everything the pipelines own: repositories, projects, pipelines, stacks, tables, functions. */
export const NAME_PREFIX = 'edd-';

/**
 * The registry's production targets (`"production": true`): their pipelines stop for a manual approval before they
 * deploy (seed §1.8), and they trust only the production build role.
 */
export function productionTargets(targets: readonly EnvironmentRecord[]): EnvironmentRecord[] {
  const production = targets.filter((t) => t.production === true);
  if (production.length === 0) throw new Error('the environment registry marks no target as production');
  return production;
}
