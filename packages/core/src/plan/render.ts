import type { Logger } from '../logger.js';
import { formatProblem } from '../errors.js';
import type { BlockChange, FieldChange, PlanAction, PlanCounts, PlanDocument, PlannedResource } from './model.js';

const SYMBOL: Record<PlannedResource['action'], string> = { create: '+', update: '~', delete: '-', unchanged: '=' };

export interface RenderOptions {
  /** List unchanged resources too (otherwise counted only). */
  verbose?: boolean;
  /** How a value reads in one line; defaults to its JSON, with `$ref` objects as their description. */
  describe?: (value: unknown) => string | undefined;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const MAX_VALUE = 80;

/** A value in one readable line, cut in the middle of long text so both ends stay visible. */
export function formatValue(value: unknown, describe?: (value: unknown) => string | undefined): string {
  if (value === undefined) return '(none)';
  const described = describe?.(value);
  if (described !== undefined) return described;
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (Array.isArray(value) && value.length > 3) text = `[${value.length} items]`;
  else
    text = JSON.stringify(value, (_key, v: unknown) => {
      const inner = v !== value && describe ? describe(v) : undefined;
      return inner !== undefined ? `<${inner}>` : v;
    }).replace(/"<([^>]*)>"/g, (_m, inner: string) => inner.replace(/\\"/g, '"'));
  if (text.length <= MAX_VALUE) return text;
  const head = Math.ceil((MAX_VALUE - 3) * 0.6);
  return `${text.slice(0, head)}...${text.slice(text.length - (MAX_VALUE - 3 - head))}`;
}

export function formatField(change: FieldChange, describe?: (value: unknown) => string | undefined): string {
  const shown = (side: 'before' | 'after') => change.display?.[side] ?? formatValue(change[side], describe);
  if (!('before' in change) || change.before === undefined) return `+ ${change.path}: ${shown('after')}`;
  if (!('after' in change) || change.after === undefined) return `- ${change.path}: ${shown('before')}`;
  return `${change.path}: ${shown('before')} -> ${shown('after')}`;
}

/** `Plan: 3 to create, 2 to update, 0 to delete, 41 unchanged.` */
export function summaryLine(counts: PlanCounts): string {
  return `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete, ${counts.unchanged} unchanged.`;
}

/**
 * `"Welcome" (MessageParticipant) a1`; a block whose identifier is its designer name reads `"Welcome"
 * (MessageParticipant)`, and one without a name `MessageParticipant a1`.
 */
export function blockName(block: Pick<BlockChange, 'id' | 'type' | 'label'>): string {
  if (!block.label) return `${block.type} ${block.id}`;
  const name = `"${block.label}" (${block.type})`;
  return block.label === block.id ? name : `${name} ${block.id}`;
}

/** The lines of one resource: its symbol, kind and name, where it comes from, then what differs. */
export function resourceLines(resource: PlannedResource, options: RenderOptions = {}): string[] {
  const where = resource.file ? `  (${resource.file})` : '';
  const group = resource.group ? ` [${resource.group}]` : '';
  const lines = [`${SYMBOL[resource.action]} ${resource.kind} "${resource.name}"${group}${where}`];
  const indent = '    ';
  for (const block of resource.blocks ?? []) {
    const symbol = block.change === 'added' ? '+' : block.change === 'removed' ? '-' : '~';
    lines.push(`${indent}${symbol} block ${blockName(block)}`);
    for (const field of block.fields ?? []) lines.push(`${indent}    ${formatField(field, options.describe)}`);
  }
  if (resource.layoutOnly) lines.push(`${indent}layout only (block positions in the designer)`);
  if (resource.action === 'update' || resource.action === 'create')
    for (const field of resource.fields ?? []) lines.push(`${indent}${formatField(field, options.describe)}`);
  if (resource.note) lines.push(`${indent}${resource.note}`);
  return lines;
}

/** The whole plan as text: heading, one entry per resource that changes, unchanged counted, summary, blockers. */
export function renderPlan(plan: PlanDocument, options: RenderOptions = {}): string[] {
  const target = plan.target ? ` (${plan.target.environment}/${plan.target.account}, ${plan.target.region})` : '';
  const lines = [`Plan for ${plan.subject}${target}`];
  for (const resource of plan.resources) {
    if (resource.action === 'unchanged' && !options.verbose) continue;
    lines.push(...resourceLines(resource, options));
  }
  if (plan.counts.unchanged > 0 && !options.verbose)
    lines.push(`= ${plural(plan.counts.unchanged, 'resource')} unchanged`);
  lines.push(summaryLine(plan.counts));
  if (plan.blockers.length > 0) {
    lines.push(`Blocked: ${plural(plan.blockers.length, 'problem')} must be fixed before this plan can be applied:`);
    for (const problem of plan.blockers) lines.push(`    ${formatProblem(problem)}`);
  }
  return lines;
}

export function printPlanDocument(plan: PlanDocument, logger: Logger, options: RenderOptions = {}): void {
  for (const line of renderPlan(plan, options)) logger.info(line);
}

/** The heading apply lines are printed under. */
export const APPLYING_HEADING = 'Applying';

/** One line of an apply, in the plan's grammar: `+ queue "EDD Billing"  (120 ms)`. */
export function applyLine(
  action: Exclude<PlanAction, 'unchanged'>,
  kind: string,
  name: string,
  detail?: string,
): string {
  return `${SYMBOL[action]} ${kind} "${name}"${detail ? `  ${detail}` : ''}`;
}

/** The closing line of an apply: `Applied: 3 created, 2 updated, 0 deleted in 12.3 s.` */
export function appliedLine(done: { create: number; update: number; delete: number }, ms: number): string {
  return `Applied: ${done.create} created, ${done.update} updated, ${done.delete} deleted in ${(ms / 1000).toFixed(1)} s.`;
}

/**
 * The apply half of the grammar: the `Applying` heading before the first line, one line per write, and the
 * `Applied:` line with what was done and the time. A resource written in several steps (a flow created as a stub,
 * then filled in) is counted once, by the first action it was logged with.
 */
export class ApplyProgress {
  private readonly started: number;
  private headed = false;
  private readonly done = new Map<string, Exclude<PlanAction, 'unchanged'>>();

  constructor(
    private readonly logger: Pick<Logger, 'info'>,
    private readonly clock: () => number = Date.now,
  ) {
    this.started = clock();
  }

  line(action: Exclude<PlanAction, 'unchanged'>, kind: string, name: string, detail?: string): void {
    if (!this.headed) {
      this.logger.info(APPLYING_HEADING);
      this.headed = true;
    }
    const key = `${kind}\u0000${name}`;
    if (!this.done.has(key)) this.done.set(key, action);
    this.logger.info(applyLine(action, kind, name, detail));
  }

  counts(): { create: number; update: number; delete: number } {
    const counts = { create: 0, update: 0, delete: 0 };
    for (const action of this.done.values()) counts[action]++;
    return counts;
  }

  /**
   * The outcome of an apply that failed: what it had done, and why it stopped, in one line (the error's first line,
   * as the log prints it). Not printed: the error itself is, by the step's runner.
   */
  stopped(error: unknown): string {
    const { create, update, delete: deleted } = this.counts();
    const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
    return `Stopped after ${create} created, ${update} updated, ${deleted} deleted in ${((this.clock() - this.started) / 1000).toFixed(1)} s: ${reason}. Deploy again to apply the rest.`;
  }

  /** Prints and returns the `Applied:` line. */
  finish(): string {
    const line = appliedLine(this.counts(), this.clock() - this.started);
    this.logger.info(line);
    return line;
  }
}
