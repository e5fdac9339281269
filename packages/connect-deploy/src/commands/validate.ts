import { ValidationError, type Problem, type StepContext } from '@edd/core';
import type { ValidateOptions } from '../cli.js';
import { LABEL } from '../model/layout.js';
import { readSource, selectResources, validateSource } from '../model/source.js';

export async function validateCommand(options: ValidateOptions, ctx: StepContext): Promise<number> {
  const dir = options.source;
  const problems: Problem[] = [];
  const model = await readSource(dir, problems);
  validateSource(model, problems);
  if (problems.length > 0) throw new ValidationError(`${dir} is not a valid export`, problems);
  const selected = selectResources(model.resources, model.config);
  const counts = new Map<string, number>();
  for (const r of selected) counts.set(LABEL[r.type], (counts.get(LABEL[r.type]) ?? 0) + 1);
  ctx.logger.info(`${dir} is valid: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'no resources'}`);
  ctx.report.set('counts', Object.fromEntries(counts));
  return 0;
}
