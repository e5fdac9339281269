// pnpm --filter @edd/templates synth [--check]: writes tools/templates/generated/*.yaml, or (--check) fails when
// they differ from a fresh synthesis.
import { join } from 'node:path';
import { driftedTemplates, undeclaredSteps, readWorkspace, writeTemplates } from './index.js';

const root = join(import.meta.dirname, '../../..');
const check = process.argv.includes('--check');
const undeclared = undeclaredSteps(readWorkspace(root));
if (undeclared.length > 0) {
  console.error(`steps that declare no IAM actions (codebuild-connect grants them nothing): ${undeclared.join(', ')}`);
}
if (check) {
  const drifted = await driftedTemplates(root);
  if (drifted.length > 0) {
    console.error(`out of date: ${drifted.join(', ')}; run pnpm --filter @edd/templates synth`);
    process.exit(1);
  }
  console.error('templates are up to date');
} else {
  const changed = await writeTemplates(root);
  console.error(changed.length > 0 ? `wrote ${changed.join(', ')}` : 'templates were up to date');
}
