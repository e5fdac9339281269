import { countPlan, type FieldChange, type PlanDocument, type PlannedResource } from '@edd/core';
import { RESOURCES, resourceOf, type AnyResource } from '../resources/index.js';
import { createdFields, fieldChanges, type ListKey } from './field-diff.js';
import { diffFlowContent } from './flow-diff.js';
import type { Association, Plan, PlannedChange } from './planner.js';

type Json = Record<string, unknown>;

export interface DocumentOptions {
  step: string;
  version: string;
  target?: { environment: string; account: string; region: string };
  /** Defaults to now. */
  createdAt?: string;
}

function listKeyOf(descriptor: AnyResource): ListKey | undefined {
  const keys = descriptor.listKeys;
  if (!keys) return undefined;
  return (listPath, entry) => keys[listPath]?.(entry as never);
}

function without(body: Json, fields: readonly (string | undefined)[]): Json {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !fields.includes(k)));
}

/** `12 blocks`, for a flow or module the plan creates. */
function blockCount(content: unknown): string | undefined {
  const actions = (content as { Actions?: unknown } | undefined)?.Actions;
  if (!Array.isArray(actions)) return undefined;
  return `${actions.length} block${actions.length === 1 ? '' : 's'}`;
}

/** What a create sets, field by field, the flow content left to its picture. */
function createFields(descriptor: AnyResource, body: Json): FieldChange[] {
  const listKey = listKeyOf(descriptor);
  return createdFields(without(body, ['Name', descriptor.flowContent]), listKey ? { listKey } : {});
}

function attachmentField(descriptor: AnyResource, change: PlannedChange): FieldChange | undefined {
  const attachment = descriptor.attachment;
  if (!attachment || !change.attachmentChanged || change.action !== 'update') return undefined;
  const { target, source } = change.attachmentSha ?? {};
  return {
    path: attachment.what,
    ...(target ? { before: target } : {}),
    ...(source ? { after: source } : {}),
    display: { before: `the target's ${attachment.what}`, after: change.source?.attachment?.file ?? 'the export' },
  };
}

/** One resource of the plan, with what differs in words a reviewer reads. */
export function plannedResource(change: PlannedChange): PlannedResource {
  const descriptor = resourceOf(change.type);
  const resource: PlannedResource = {
    kind: descriptor.label,
    name: change.name,
    action: change.action,
    file: change.file,
  };
  const body = change.source?.body;
  const contentField = descriptor.flowContent;
  if (change.action === 'create' && body) {
    const fields = createFields(descriptor, body);
    if (fields.length > 0) resource.fields = fields;
    if (contentField) {
      resource.graph = diffFlowContent(undefined, body[contentField] as Json).graph;
      const count = blockCount(body[contentField]);
      if (count) resource.note = count;
    }
  }
  if (change.action === 'update' && body && change.existing) {
    const current = change.existing.symbolic;
    const attachment = descriptor.attachment;
    // The attachment's file name is the export's own; what matters is whether the bytes differ.
    const ignored = [contentField, attachment?.field];
    const listKey = listKeyOf(descriptor);
    const fields = fieldChanges(without(current, ignored), without(body, ignored), listKey ? { listKey } : {});
    if (contentField) {
      const flow = diffFlowContent(current[contentField] as Json, body[contentField] as Json);
      fields.push(...flow.fields);
      if (flow.blocks.length > 0) resource.blocks = flow.blocks;
      if (flow.layoutOnly) resource.layoutOnly = true;
      resource.graph = flow.graph;
    }
    const audio = attachmentField(descriptor, change);
    if (audio) fields.push(audio);
    if (fields.length > 0) resource.fields = fields;
    if (!resource.blocks && !resource.layoutOnly && fields.length === 0)
      resource.note = 'only the order of list entries differs';
  }
  return resource;
}

function associationResource(a: Association, action: 'create' | 'unchanged'): PlannedResource {
  return { kind: a.kind === 'lambda' ? 'Lambda association' : 'Lex association', name: a.name, action };
}

/**
 * The plan as every step shows it: resources in deployment order (the associations before the flows that use them),
 * then what blocks it.
 */
export function planDocument(plan: Plan, options: DocumentOptions): PlanDocument {
  const beforeFlows = RESOURCES.findIndex((r) => r.flowContent !== undefined);
  const rank = (type: string) => RESOURCES.findIndex((r) => r.type === type);
  const changes = plan.changes.map((c) => ({ at: rank(c.type) < beforeFlows && c.action !== 'delete', c }));
  const associations = [
    ...plan.associations.map((a) => associationResource(a, 'create')),
    ...plan.associated.map((a) => associationResource(a, 'unchanged')),
  ].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const resources = [
    ...changes.filter((x) => x.at).map((x) => plannedResource(x.c)),
    ...associations,
    ...changes.filter((x) => !x.at).map((x) => plannedResource(x.c)),
  ];
  return {
    format: 'edd-plan/1',
    step: options.step,
    version: options.version,
    subject: `instance ${plan.target.instance.alias}`,
    ...(options.target ? { target: options.target } : {}),
    createdAt: options.createdAt ?? new Date().toISOString(),
    resources,
    counts: countPlan(resources),
    blockers: plan.blockers,
  };
}
