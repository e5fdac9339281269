import type { Logger } from '@edd/core';
import { resourceOf } from '../resources/index.js';
import { renderDifferences } from './diff.js';
import { summarize, type Plan } from './planner.js';

/** Prints the change set: one line per resource that changes, with a readable diff under each update. */
export function printPlan(plan: Plan, logger: Logger, { showUnchanged = false } = {}): void {
  const counts = summarize(plan);
  logger.info(
    `plan for instance ${plan.target.instance.alias} (${plan.target.instance.id}): ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete, ${counts.associate} to associate, ${counts.unchanged} unchanged`,
  );
  for (const a of plan.associations)
    logger.action('associate', a.kind === 'lambda' ? 'Lambda function' : 'Lex bot', a.label);
  for (const change of plan.changes) {
    if (change.action === 'unchanged' && !showUnchanged) continue;
    const descriptor = resourceOf(change.type);
    logger.action(change.action, descriptor.label, change.name, change.file);
    if (change.action === 'update') {
      for (const line of renderDifferences(change.differences, change.source?.body, descriptor.flowContent))
        logger.info(`            ${line}`);
    }
  }
}
