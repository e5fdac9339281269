import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PIPELINE_KINDS } from './pipelines.js';

/** What a step package says about itself in the `edd` field of its package.json. */
export interface StepDeclaration {
  /** The folder under packages/, which is also the executable's name: `connect-deploy`. */
  step: string;
  packageName: string;
  version: string;
  /** Actions its executable calls in the target account; undefined when the package does not declare them. */
  iamActions?: string[];
  /**
   * Actions it calls only when told to prune (delete what the source no longer has): granted by a separate policy
   * that the target account switches on (`AllowPrune`), never with `iamActions`.
   */
  pruneIamActions?: string[];
  /** Actions the caller needs in the Shared account (assume-role: sts:AssumeRole). */
  callerIamActions?: string[];
}

export interface WorkspaceFacts {
  /** The step packages the standard buildspecs install, in the order of the buildspecs. */
  steps: StepDeclaration[];
  /** Steps a buildspec pins that are not packages of the workspace yet. */
  missingPackages: string[];
  /** Deployment pipeline kind -> the text of buildspecs/<kind>.yml. */
  buildspecs: Record<string, string>;
}

const PIN = /@edd\/([a-z0-9-]+)@(\S+)/g;

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === 'string' && /^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(item))
  ) {
    throw new Error(`${where} must be a list of IAM actions such as "connect:ListQueues"`);
  }
  return [...new Set(value as string[])].sort();
}

/** The steps a buildspec installs: the `@edd/<step>@<version>` pins of its EDD_TOOLS variable. */
export function pinnedSteps(buildspec: string): string[] {
  const document = parse(buildspec) as { env?: { variables?: { EDD_TOOLS?: string } } };
  const tools = document.env?.variables?.EDD_TOOLS ?? '';
  return [...tools.matchAll(PIN)].map((match) => match[1]!);
}

/**
 * Reads, as data, what the standard buildspecs install and what each of those packages declares it calls. The
 * roles are derived from this, so a step that starts calling a new API changes its package.json and the template
 * follows (the generated-templates test fails until they are regenerated).
 */
export function readWorkspace(root: string): WorkspaceFacts {
  const buildspecs: Record<string, string> = {};
  for (const { kind } of PIPELINE_KINDS)
    buildspecs[kind] = readFileSync(join(root, 'buildspecs', `${kind}.yml`), 'utf8');
  const pinned = [...new Set(Object.values(buildspecs).flatMap(pinnedSteps))];
  const packages = new Set(readdirSync(join(root, 'packages')));
  const steps: StepDeclaration[] = [];
  const missingPackages: string[] = [];
  for (const step of pinned) {
    const file = join(root, 'packages', step, 'package.json');
    if (!packages.has(step) || !existsSync(file)) {
      missingPackages.push(step);
      continue;
    }
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string;
      version: string;
      edd?: { iamActions?: unknown; pruneIamActions?: unknown; callerIamActions?: unknown };
    };
    const iamActions = stringList(manifest.edd?.iamActions, `${file} edd.iamActions`);
    const pruneIamActions = stringList(manifest.edd?.pruneIamActions, `${file} edd.pruneIamActions`);
    const callerIamActions = stringList(manifest.edd?.callerIamActions, `${file} edd.callerIamActions`);
    const both = (pruneIamActions ?? []).filter((action) => iamActions?.includes(action));
    if (both.length > 0) {
      throw new Error(
        `${file}: ${both.join(', ')} in both edd.iamActions and edd.pruneIamActions; an action only pruning calls belongs in pruneIamActions alone`,
      );
    }
    steps.push({
      step,
      packageName: manifest.name,
      version: manifest.version,
      ...(iamActions ? { iamActions } : {}),
      ...(pruneIamActions ? { pruneIamActions } : {}),
      ...(callerIamActions ? { callerIamActions } : {}),
    });
  }
  return { steps, missingPackages, buildspecs };
}

/** Steps whose package does not say what it calls: the roles cannot grant them anything. */
export function undeclaredSteps(facts: WorkspaceFacts): string[] {
  return [...facts.steps.filter((s) => s.iamActions === undefined).map((s) => s.step), ...facts.missingPackages].sort();
}
