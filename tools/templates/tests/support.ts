import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { registry, type EnvironmentRecord, Registry } from '@edd/environments';
import { readWorkspace, synthesizeTemplates, type TemplateFile, type WorkspaceFacts } from '../src/index.js';

export const ROOT = join(import.meta.dirname, '../../..');

/** A template synthesized for the repository's registry and workspace, or for the ones a test makes up. */
export function synthesize(
  file: TemplateFile,
  { records, workspace }: { records?: readonly EnvironmentRecord[]; workspace?: WorkspaceFacts } = {},
): Template {
  const templates = synthesizeTemplates({
    registry: records ? new Registry(records) : registry,
    workspace: workspace ?? readWorkspace(ROOT),
  });
  return Template.fromJSON(templates[file]);
}
