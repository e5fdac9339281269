import type { Problem } from '../errors.js';

/**
 * The plan every step prints, saves and reports: one grammar for the Connect content, the bots, the configuration
 * tables and the callback setup. A plan is a value: steps build it, the text renderer prints it, `--json` carries
 * it, `--out` saves it, and reports draw it.
 */

export type PlanAction = 'create' | 'update' | 'delete' | 'unchanged';

/** One field that differs, in the words of the file it comes from. */
export interface FieldChange {
  /** `MaxContacts`, `Parameters.QueueId`, `Transitions.NextAction`, `QueueConfigs[EDD Billing/VOICE].Priority`. */
  path: string;
  /** Absent when the field is added. */
  before?: unknown;
  /** Absent when the field is removed. */
  after?: unknown;
  /**
   * How the step reads `before` and `after` in one line, when that differs from their JSON: a symbolic reference
   * (`{"$ref": "queue", "name": "EDD Billing"}`) reads `queue "EDD Billing"`. Renderers prefer it to the raw value.
   */
  display?: { before?: string; after?: string };
}

/** A block of a flow (an action of the flow language), matched between the two versions by its `Identifier`. */
export interface BlockChange {
  id: string;
  /** The action type: `TransferContactToQueue`. */
  type: string;
  /** The block's name in the designer, when it has one. */
  label?: string;
  change: 'added' | 'removed' | 'changed';
  /** For changed blocks: its parameters and transitions that differ. */
  fields?: FieldChange[];
}

export type BlockStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/**
 * A picture of a flow: its blocks and transitions, each block marked with how the plan changes it. Removed blocks
 * and transitions are kept (from the target's version), so a picture shows what goes away.
 */
export interface FlowGraph {
  /** The block the flow starts with (after the change). */
  start?: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export interface FlowNode {
  /** The block's `Identifier`. */
  id: string;
  type: string;
  label?: string;
  status: BlockStatus;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** The condition or error that takes this transition (`Equals 1`, `NoMatchingError`); absent for the default. */
  label?: string;
  /** Absent means unchanged. */
  status?: 'added' | 'removed' | 'unchanged';
}

export interface PlannedResource {
  /** What it is, singular, lower case: `queue`, `flow module`, `intent`, `item`, `Lambda association`. */
  kind: string;
  name: string;
  action: PlanAction;
  /** The file it comes from (or would be written to), relative to the step's source folder. */
  file?: string;
  /** Fields that differ (updates), or the fields it is created with when they are worth reading. */
  fields?: FieldChange[];
  /** Flows and modules: the blocks that differ. */
  blocks?: BlockChange[];
  /** Only the designer's layout (block positions) differs: still deployed, shown as one line. */
  layoutOnly?: boolean;
  /** One more line about it (`the target's audio differs`). */
  note?: string;
  /** Flows and modules that are created or changed: the picture a report draws. */
  graph?: FlowGraph;
  /** Where it lives within the subject when that matters (`en_US` for an intent). */
  group?: string;
}

export interface PlanCounts {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
}

export interface PlanDocument {
  format: 'edd-plan/1';
  step: string;
  version: string;
  /** What the plan changes: `instance edd-qa`, `bot EDDBot-qa`, `table edd-config-qa`. */
  subject: string;
  target?: { environment: string; account: string; region: string };
  createdAt: string;
  resources: PlannedResource[];
  counts: PlanCounts;
  /** What stops the deploy; printed after the plan, never instead of it. */
  blockers: Problem[];
}

export function countPlan(resources: readonly PlannedResource[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const r of resources) counts[r.action]++;
  return counts;
}

export function hasChanges(plan: Pick<PlanDocument, 'counts'>): boolean {
  return plan.counts.create + plan.counts.update + plan.counts.delete > 0;
}
