import { formatField, printPlanDocument, renderPlan, type Logger, type PlanDocument } from '@edd/core';
import { formatPath } from '../references/json-path.js';
import { resourceOf } from '../resources/index.js';
import { describeValue, fieldChange } from './field-diff.js';
import type { ReportedDifference } from './planner.js';

/** The plan in the shared grammar, references by name; unchanged resources listed only with `verbose`. */
export function renderPlanText(plan: PlanDocument, { verbose = false } = {}): string[] {
  return renderPlan(plan, { verbose, describe: describeValue });
}

/** Prints the plan (and what blocks it) on the log, one line each. */
export function printPlan(plan: PlanDocument, logger: Logger, { verbose = false } = {}): void {
  printPlanDocument(plan, logger, { verbose, describe: describeValue });
}

const REPORTED: Record<ReportedDifference['state'], string> = {
  missing: 'is in the export, not in the target instance',
  extra: 'is in the target instance, not in the export',
  differs: 'differs from the export',
};

/** Settings of the instance deploy only reports: a warning each, with what differs. */
export function printReported(reported: readonly ReportedDifference[], logger: Logger): void {
  for (const r of reported) {
    const descriptor = resourceOf(r.type);
    logger.warn(`${descriptor.label} "${r.name}" ${REPORTED[r.state]} (${r.file}); reported only, not deployed`);
    for (const d of r.differences)
      logger.info(`    ${formatField(fieldChange(formatPath(d.path), d.before, d.after), describeValue)}`);
  }
}
