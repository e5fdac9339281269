import { printPlanDocument, renderPlan, type Logger, type PlanDocument } from '@edd/core';
import { describeValue } from './field-diff.js';

/** The plan in the shared grammar, references by name; unchanged resources listed only with `verbose`. */
export function renderPlanText(plan: PlanDocument, { verbose = false } = {}): string[] {
  return renderPlan(plan, { verbose, describe: describeValue });
}

/** Prints the plan (and what blocks it) on the log, one line each. */
export function printPlan(plan: PlanDocument, logger: Logger, { verbose = false } = {}): void {
  printPlanDocument(plan, logger, { verbose, describe: describeValue });
}
