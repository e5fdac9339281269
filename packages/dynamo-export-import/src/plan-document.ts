import { countPlan, renderPlan, type PlanCounts, type PlanDocument, type PlannedResource } from '@edd/core';
import type { ImportPlan } from './import.js';

export interface PlanDocumentOptions {
  /** The version of dynamo-export-import that made the plan; default this one. */
  version?: string;
  target?: PlanDocument['target'];
  createdAt?: string;
}

/** `table edd-config-qa`, or `3 tables: edd-a-qa, edd-b-qa, edd-c-qa`. */
export function planSubject(tables: readonly string[]): string {
  return tables.length === 1 ? `table ${tables[0]}` : `${tables.length} tables: ${tables.join(', ')}`;
}

/**
 * The import of one or more tables as the plan every step prints: one `item` per key, created, changed (with its
 * attributes old -> new) or deleted, the unchanged counted. With several tables each item names its table.
 * Counts are exact; the items listed are capped per table (see `listLimit`): `unlistedCounts` says how many were
 * left out.
 */
export function importPlanDocument(plans: readonly ImportPlan[], options: PlanDocumentOptions = {}): PlanDocument {
  const several = plans.length > 1;
  const resources: PlannedResource[] = [];
  const counts: PlanCounts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const plan of plans) {
    counts.create += plan.added;
    counts.update += plan.changed;
    counts.delete += plan.deleted;
    counts.unchanged += plan.unchanged;
    for (const change of plan.listing.changes)
      resources.push({
        kind: 'item',
        name: change.key,
        action: change.action,
        ...(change.fields && change.fields.length > 0 ? { fields: change.fields } : {}),
        ...(several ? { group: plan.table } : {}),
      });
  }
  return {
    format: 'edd-plan/1',
    step: 'dynamo-export-import',
    version: options.version ?? __EDD_PACKAGE_VERSION__,
    subject: planSubject(plans.map((p) => p.table)),
    ...(options.target ? { target: options.target } : {}),
    createdAt: options.createdAt ?? new Date().toISOString(),
    resources,
    counts,
    blockers: plans.flatMap((p) => p.blockers),
  };
}

/** The items a capped plan counts but does not list, per action (only the actions that have some). */
export function unlistedCounts(plan: Pick<PlanDocument, 'resources' | 'counts'>): Partial<PlanCounts> {
  const listed = countPlan(plan.resources);
  const unlisted: Partial<PlanCounts> = {};
  for (const action of ['create', 'update', 'delete', 'unchanged'] as const)
    if (plan.counts[action] > listed[action]) unlisted[action] = plan.counts[action] - listed[action];
  return unlisted;
}

const SYMBOL = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

/**
 * The plan as text, in the shared grammar; a capped listing says how many items of each action it left out, just
 * before the counts, so the summary stays exact while the log stays readable.
 */
export function renderImportPlan(plan: PlanDocument, { verbose = false } = {}): string[] {
  const lines = renderPlan(plan, { verbose });
  const more: string[] = [];
  for (const [action, n] of Object.entries(unlistedCounts(plan)) as [keyof PlanCounts, number][]) {
    if (action === 'unchanged' && !verbose) continue;
    more.push(`${SYMBOL[action]} ... and ${n} more ${action === 'unchanged' ? 'unchanged' : `to ${action}`}`);
  }
  const at = lines.findIndex((line) => line.startsWith('Plan: ') || /^= \d+ resources? unchanged$/.test(line));
  lines.splice(at, 0, ...more);
  return lines;
}
