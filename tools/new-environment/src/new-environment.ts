import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@edd/cli';
import {
  Registry,
  describeRecord,
  environmentKey,
  formatTargetAccount,
  validateRegistry,
  type EnvironmentRecord,
} from '@edd/environments';
import {
  CODEBUILD_ROLE_NAME,
  DEPLOYMENT_ORDER,
  GENERATED_DIR,
  PIPELINE_KINDS,
  writeTemplates,
  type TemplateFile,
} from '@edd/templates';

export const REGISTRY_FILE = 'packages/environments/src/registry.json';

export interface NewEnvironmentOptions {
  /** The repository root. */
  root: string;
  /** IV name (`$Environment` is its lower-case form). */
  name: string;
  /** EDD's name for the account, when it has one. */
  eddName?: string;
  account: string;
  purpose: string;
  branch: string;
  region?: string;
  /** Check and describe everything, change no file. */
  dryRun?: boolean;
}

export interface NewEnvironmentResult {
  record: EnvironmentRecord;
  targetAccount: string;
  /** Generated templates that changed (none in a dry run). */
  templatesChanged: TemplateFile[];
  /** What to do next, in order, as text for people. */
  instructions: string;
}

/** A new environment the registry cannot take: every reason at once (a usage error: exit 2). */
export class NewEnvironmentError extends UsageError {
  constructor(readonly problems: string[]) {
    super(`the environment cannot be added: ${problems.join('; ')}`);
  }
}

interface RegistryFile {
  environments: EnvironmentRecord[];
}

/** Rules on top of the registry's own: what a new deployment target needs to work in the pipelines. */
function targetProblems(record: EnvironmentRecord, existing: readonly EnvironmentRecord[]): string[] {
  const problems: string[] = [];
  if (!/^\d{12}$/.test(record.account)) {
    problems.push(`account '${record.account}' must be exactly 12 digits (keep leading zeros)`);
  }
  const sameBranch = existing.find((r) => r.branch === record.branch);
  if (sameBranch) {
    problems.push(
      `branch '${record.branch}' already deploys into ${describeRecord(sameBranch)}; each environment has its own`,
    );
  }
  const key = environmentKey(record);
  const sameKey = existing.find((r) => environmentKey(r) === key);
  if (sameKey && sameKey.ivName !== record.ivName) {
    problems.push(`'${key}' is already the pipelines' name of ${describeRecord(sameKey)}`);
  }
  return problems;
}

/**
 * Seed §1.10 for one new account: the registry entry (validated with the registry's rules), the templates
 * regenerated from it (TargetAccount AllowedValues, the roles the Shared account may assume), then what people
 * still do by hand: the roles in the new account, the product update, the pipelines of every dependent repository.
 */
export async function addEnvironment(options: NewEnvironmentOptions): Promise<NewEnvironmentResult> {
  const file = join(options.root, REGISTRY_FILE);
  const data = JSON.parse(await readFile(file, 'utf8')) as RegistryFile;
  const record: EnvironmentRecord = {
    ivName: options.name,
    eddName: options.eddName ?? null,
    account: options.account,
    purpose: options.purpose,
    branch: options.branch,
    defaultRegion: options.region ?? 'us-east-1',
    confirmed: true,
  };
  const records = [...data.environments, record];
  const problems = [...targetProblems(record, data.environments), ...validateRegistry(records)];
  if (problems.length > 0) throw new NewEnvironmentError([...new Set(problems)]);
  const registry = new Registry(records);
  const shared = registry.pipelineAccount();
  if (!shared) throw new NewEnvironmentError(['the registry names no pipeline account (Shared)']);

  let templatesChanged: TemplateFile[] = [];
  if (!options.dryRun) {
    await writeFile(file, `${JSON.stringify({ ...data, environments: records }, null, 2)}\n`);
    templatesChanged = await writeTemplates(options.root, records);
  }
  const targetAccount = formatTargetAccount(record);
  return { record, targetAccount, templatesChanged, instructions: instructions(record, shared.account, options) };
}

function instructions(record: EnvironmentRecord, sharedAccount: string, options: NewEnvironmentOptions): string {
  const target = formatTargetAccount(record);
  const templates = GENERATED_DIR;
  const pipelines = DEPLOYMENT_ORDER.map((kind, i) => {
    const { repository, what } = PIPELINE_KINDS.find((k) => k.kind === kind)!;
    const parameters = [
      `Repository=${repository}`,
      `PipelineKind=${kind}`,
      `TargetAccount=${target}`,
      `Branch=${record.branch}`,
      ...(kind === 'frontend-common' ? ['DeploymentType=full'] : []),
    ];
    return `     ${i + 1}. ${repository} (${what}): ${parameters.join(' ')}`;
  });
  const lines = [
    `${options.dryRun ? 'Would add' : 'Added'} ${describeRecord(record)} to ${REGISTRY_FILE}: TargetAccount ${target}, branch ${record.branch}, region ${record.defaultRegion}.`,
    '',
    '1. Review and commit the registry entry and the regenerated templates, then release the packages (pnpm release):',
    '   every step checks $Environment against the registry it was built with, so the pinned versions in',
    '   buildspecs/ must be released versions that know the new environment.',
    '',
    `2. In the Shared account (${sharedAccount}), update the stack of ${templates}/shared-account.yaml: its CodeBuild`,
    `   role (${CODEBUILD_ROLE_NAME}) may then assume codebuild-connect in ${record.account}.`,
    '',
    `3. In the new account ${record.account}, with administrator credentials, deploy the roles of seed §1.10.2:`,
    `   aws cloudformation deploy --stack-name edd-target-account-roles \\`,
    `     --template-file ${templates}/target-account-roles.yaml --capabilities CAPABILITY_NAMED_IAM \\`,
    `     --parameter-overrides SharedAccountId=${sharedAccount} CodeBuildRoleName=${CODEBUILD_ROLE_NAME} CreateLexServiceLinkedRole=true`,
    '   (CreateLexServiceLinkedRole=false when AWSServiceRoleForLexV2Bots_Common exists in the account already.)',
    '',
    `4. In the Shared account, add ${templates}/pipeline-product.yaml as a new version of the Service Catalog`,
    `   CodePipeline product, so that TargetAccount offers ${target}.`,
    '',
    `5. Create the branch ${record.branch} in each repository below, then provision one pipeline per repository`,
    '   from the product, in this order (each deploys into what the previous ones created):',
    ...pipelines,
  ];
  return `${lines.join('\n')}\n`;
}
