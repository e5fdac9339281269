import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { registry, type EnvironmentRecord, Registry } from '@edd/environments';
import { parse } from 'yaml';
import {
  GENERATED_DIR,
  readWorkspace,
  synthesizeTemplates,
  type TemplateFile,
  type WorkspaceFacts,
} from '../src/index.js';
import type { CloudFormationTemplate } from '../src/iam/audit.js';

export const ROOT = join(import.meta.dirname, '../../..');

let repository: ReturnType<typeof synthesizeTemplates> | undefined;

/** The templates synthesized for the repository's registry and workspace (once per test file), or for made-up ones. */
export function synthesizeAll({
  records,
  workspace,
}: { records?: readonly EnvironmentRecord[]; workspace?: WorkspaceFacts } = {}): ReturnType<
  typeof synthesizeTemplates
> {
  if (!records && !workspace) return (repository ??= synthesizeTemplates({ registry, workspace: readWorkspace(ROOT) }));
  return synthesizeTemplates({
    registry: records ? new Registry(records) : registry,
    workspace: workspace ?? readWorkspace(ROOT),
  });
}

/** One template, for the CDK's assertions. */
export function synthesize(
  file: TemplateFile,
  options: { records?: readonly EnvironmentRecord[]; workspace?: WorkspaceFacts } = {},
): Template {
  return Template.fromJSON(synthesizeAll(options)[file]);
}

/** A template as committed in generated/, parsed from its YAML. */
export function committed(file: TemplateFile): CloudFormationTemplate & Record<string, unknown> {
  return parse(readFileSync(join(ROOT, GENERATED_DIR, file), 'utf8')) as CloudFormationTemplate &
    Record<string, unknown>;
}
