import type { PlanCounts, PlanDocument, PlannedResource, Problem } from '@edd/core';
import type { Describe } from './values.js';

/**
 * What a report shows: a plan to review before a deploy, what a deploy did, or a deploy that stopped partway (the
 * plan it was applying, and in the outcome line what it had done and why it stopped).
 */
export type ReportKind = 'plan' | 'deploy' | 'stopped';

export interface ReportOptions {
  /** `plan` (the default): what would change; `deploy`: what the deploy changed; `stopped`: a deploy that failed. */
  kind?: ReportKind;
  /** The page's heading; by default says what the plans change. */
  title?: string;
  /** One more line under the heading, e.g. the closing line of a deploy (`Applied: 3 created, ...`). */
  outcome?: string;
  /** Shown as the time of the report; by default the newest `createdAt` of the plans. */
  generatedAt?: string;
  /** How a value reads; by default JSON, with `$ref` objects as `queue "EDD Billing"`. */
  describe?: Describe;
  /** List unchanged resources by name (they are always counted). Default true. */
  listUnchanged?: boolean;
}

export const SYMBOL: Record<PlannedResource['action'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  unchanged: '=',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function totalCounts(plans: readonly PlanDocument[]): PlanCounts {
  const total: PlanCounts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const plan of plans)
    for (const key of Object.keys(total) as (keyof PlanCounts)[]) total[key] += plan.counts[key];
  return total;
}

/** The same closing line as the text plan, or its past tense for a deploy that finished. */
export function countsLine(counts: PlanCounts, kind: ReportKind): string {
  return kind !== 'deploy'
    ? `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete, ${counts.unchanged} unchanged.`
    : `Deployed: ${counts.create} created, ${counts.update} updated, ${counts.delete} deleted, ${counts.unchanged} unchanged.`;
}

export function targetText(plan: PlanDocument): string | undefined {
  return plan.target ? `${plan.target.environment}/${plan.target.account}, ${plan.target.region}` : undefined;
}

export function defaultTitle(plans: readonly PlanDocument[], kind: ReportKind): string {
  const verb = { plan: 'Plan for', deploy: 'Deployed:', stopped: 'Deploy stopped:' }[kind];
  const subjects = [...new Set(plans.map((p) => p.subject))];
  const environments = [...new Set(plans.flatMap((p) => (p.target ? [p.target.environment] : [])))];
  const where = environments.length === 1 ? ` in ${environments[0]}` : '';
  if (subjects.length === 0)
    return { plan: 'Plan: nothing to deploy', deploy: 'Deployed: nothing', stopped: 'Deploy stopped' }[kind];
  if (subjects.length <= 2) return `${verb} ${subjects.join(' and ')}${where}`;
  return `${verb} ${subjects.length} subjects${where}`;
}

export function generatedAt(plans: readonly PlanDocument[], options: ReportOptions): string | undefined {
  if (options.generatedAt) return options.generatedAt;
  return plans
    .map((p) => p.createdAt)
    .sort()
    .at(-1);
}

export function problemText(problem: Problem): string {
  const where = [
    problem.file ? `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}` : undefined,
    problem.resource,
    problem.path,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(' ')}: ${problem.message}` : problem.message;
}

/** What a reviewer reads: the resources the plan changes (unchanged ones are only listed). */
export function changedResources(plan: PlanDocument): PlannedResource[] {
  return plan.resources.filter((r) => r.action !== 'unchanged');
}

export function blockCounts(graph: NonNullable<PlannedResource['graph']>): string {
  const count = (status: string) => graph.nodes.filter((n) => n.status === status).length;
  const parts = [
    plural(graph.nodes.length, 'block'),
    ...(['added', 'changed', 'removed'] as const).flatMap((s) => (count(s) > 0 ? [`${count(s)} ${s}`] : [])),
  ];
  return parts.join(', ');
}
