import type { Logger } from '@edd/core';
import { resourceOf } from '../resources/index.js';
import { renderDifferences } from './diff.js';
import { summarize, type Plan, type ReportedDifference } from './planner.js';

const REPORTED: Record<ReportedDifference['state'], string> = {
  missing: 'is in the export, not in the target instance',
  extra: 'is in the target instance, not in the export',
  differs: 'differs from the export',
};

/**
 * Prints the change set: one line per resource that changes, with a readable diff under each update; then the
 * settings deploy only reports, as warnings with what differs.
 */
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
  for (const r of plan.reported) {
    const descriptor = resourceOf(r.type);
    logger.warn(`${descriptor.label} "${r.name}" ${REPORTED[r.state]} (${r.file}); reported only, not deployed`);
    for (const line of renderDifferences(r.differences)) logger.info(`            ${line}`);
  }
}
