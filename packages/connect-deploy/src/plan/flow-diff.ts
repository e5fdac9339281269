import type { BlockChange, BlockStatus, FieldChange, FlowEdge, FlowGraph, FlowNode } from '@edd/core';
import { deepEqual } from './diff.js';
import { fieldChange, fieldChanges } from './field-diff.js';

/**
 * The difference between two versions of a flow's (or module's) content as its author thinks of it: blocks matched by
 * `Identifier`, added and removed blocks named by type and designer label, and for each changed block the parameters
 * and transitions that differ. Where the designer only moved blocks around, the flow is `layoutOnly`: still deployed
 * (the content differs), but shown as one line.
 */

type Json = Record<string, unknown>;

interface Action {
  Identifier: string;
  Type: string;
  Parameters?: unknown;
  Transitions?: Json;
}

export interface FlowDiff {
  blocks: BlockChange[];
  /** Differences outside the blocks: `StartAction`, a module's `Settings`, the designer's notes. */
  fields: FieldChange[];
  /** The content differs only in the designer's layout. */
  layoutOnly: boolean;
  graph: FlowGraph;
}

/**
 * Keys of the designer's metadata that only place things on the canvas: block and entry positions, grid snapping,
 * the size and folding of notes.
 */
const LAYOUT_KEYS = new Set([
  'position',
  'Position',
  'entryPointPosition',
  'EntryPointPosition',
  'snapToGrid',
  'x',
  'y',
  'size',
  'isFolded',
]);

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function actionsOf(content: Json): Action[] {
  const actions = content.Actions;
  if (!Array.isArray(actions)) return [];
  return actions.filter(
    (a): a is Action =>
      a !== null &&
      typeof a === 'object' &&
      typeof (a as Action).Identifier === 'string' &&
      typeof (a as Action).Type === 'string',
  );
}

function actionMetadata(content: Json): Json {
  return asObject(asObject(content.Metadata).ActionMetadata);
}

/**
 * A block's name in the designer. The flow designer lets people name a block; it then uses the name as the block's
 * `Identifier` and marks it with `isFriendlyName` in the block's `Metadata.ActionMetadata` entry.
 */
export function blockLabel(id: string, metadata: Json): string | undefined {
  return asObject(metadata[id]).isFriendlyName === true ? id : undefined;
}

/** Drops the layout keys of a metadata value, at any depth. */
function withoutLayout(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLayout);
  if (value === null || typeof value !== 'object' || '$ref' in value) return value;
  return Object.fromEntries(
    Object.entries(value as Json)
      .filter(([k]) => !LAYOUT_KEYS.has(k))
      .map(([k, v]) => [k, withoutLayout(v)]),
  );
}

function conditionText(entry: Json): string | undefined {
  const condition = asObject(entry.Condition);
  if (typeof condition.Operator !== 'string') return undefined;
  const operands = Array.isArray(condition.Operands)
    ? condition.Operands.map((o) => (typeof o === 'string' ? o : JSON.stringify(o)))
    : [];
  return [condition.Operator, ...operands].join(' ');
}

/**
 * A block's transitions as one map from what takes them to where they lead: `NextAction`, `Conditions[Equals 1]`,
 * `Errors[NoMatchingError]`. A reviewer reads `Transitions.Errors[NoMatchingError]: "a4" -> "a9"`, whatever the
 * order of the lists.
 */
function transitionMap(transitions: unknown): Json {
  const t = asObject(transitions);
  const out: Json = {};
  const put = (key: string, value: unknown) => {
    let unique = key;
    for (let n = 2; unique in out; n++) unique = `${key}#${n}`;
    out[unique] = value;
  };
  for (const [k, v] of Object.entries(t)) {
    if ((k === 'Conditions' || k === 'Errors') && Array.isArray(v)) {
      for (const entry of v) {
        const e = asObject(entry);
        const name = k === 'Errors' ? (typeof e.ErrorType === 'string' ? e.ErrorType : undefined) : conditionText(e);
        const { NextAction: next, ErrorType: _type, Condition: _condition, ...rest } = e;
        put(`${k}[${name ?? '?'}]`, Object.keys(rest).length > 0 ? { NextAction: next, ...rest } : next);
      }
    } else out[k] = v;
  }
  return out;
}

/** Every transition of a block: the default one, each condition and each error, with its label for pictures. */
function transitionsOf(action: Action): FlowEdge[] {
  const t = asObject(action.Transitions);
  const edges: FlowEdge[] = [];
  const add = (to: unknown, label?: string) => {
    if (typeof to === 'string' && to !== '')
      edges.push({ from: action.Identifier, to, ...(label !== undefined ? { label } : {}) });
  };
  add(t.NextAction);
  for (const entry of Array.isArray(t.Conditions) ? t.Conditions : []) {
    add(asObject(entry).NextAction, conditionText(asObject(entry)) ?? 'condition');
  }
  for (const entry of Array.isArray(t.Errors) ? t.Errors : []) {
    const type = asObject(entry).ErrorType;
    add(asObject(entry).NextAction, typeof type === 'string' ? type : 'error');
  }
  return edges;
}

const edgeKey = (e: FlowEdge) => `${e.from}\u0000${e.to}\u0000${e.label ?? ''}`;

/** What a block is set up with, for a block the change adds: its parameters, one line each. */
function parameterLines(action: Action): FieldChange[] {
  const parameters = asObject(action.Parameters);
  return Object.keys(parameters)
    .sort()
    .map((k) => fieldChange(`Parameters.${k}`, undefined, parameters[k]));
}

/**
 * The picture of a flow and, when `before` is given, how `after` changes it. Without `before` (a new flow) every
 * block is `added`.
 */
export function diffFlowContent(before: Json | undefined, after: Json): FlowDiff {
  const beforeActions = before ? actionsOf(before) : [];
  const afterActions = actionsOf(after);
  const beforeMeta = before ? actionMetadata(before) : {};
  const afterMeta = actionMetadata(after);
  const was = new Map(beforeActions.map((a) => [a.Identifier, a]));
  const now = new Map(afterActions.map((a) => [a.Identifier, a]));

  const blocks: BlockChange[] = [];
  const nodes: FlowNode[] = [];
  const statusOf = new Map<string, BlockStatus>();
  const block = (action: Action, meta: Json, change: BlockChange['change'], fields?: FieldChange[]) => {
    const label = blockLabel(action.Identifier, meta);
    blocks.push({
      id: action.Identifier,
      type: action.Type,
      ...(label !== undefined ? { label } : {}),
      change,
      ...(fields && fields.length > 0 ? { fields } : {}),
    });
  };

  for (const action of afterActions) {
    const previous = was.get(action.Identifier);
    let status: BlockStatus;
    if (!before) status = 'added';
    else if (!previous) {
      status = 'added';
      block(action, afterMeta, 'added', parameterLines(action));
    } else {
      const fields: FieldChange[] = [];
      if (previous.Type !== action.Type) fields.push(fieldChange('Type', previous.Type, action.Type));
      fields.push(...fieldChanges(previous.Parameters ?? {}, action.Parameters ?? {}, { path: 'Parameters' }));
      fields.push(
        ...fieldChanges(transitionMap(previous.Transitions), transitionMap(action.Transitions), {
          path: 'Transitions',
        }),
      );
      fields.push(
        ...fieldChanges(
          withoutLayout(beforeMeta[action.Identifier] ?? {}),
          withoutLayout(afterMeta[action.Identifier] ?? {}),
          { path: 'Metadata' },
        ),
      );
      status = fields.length > 0 ? 'changed' : 'unchanged';
      if (fields.length > 0) block(action, afterMeta, 'changed', fields);
    }
    statusOf.set(action.Identifier, status);
    const label = blockLabel(action.Identifier, afterMeta);
    nodes.push({ id: action.Identifier, type: action.Type, ...(label !== undefined ? { label } : {}), status });
  }
  for (const action of beforeActions) {
    if (now.has(action.Identifier)) continue;
    block(action, beforeMeta, 'removed');
    const label = blockLabel(action.Identifier, beforeMeta);
    nodes.push({
      id: action.Identifier,
      type: action.Type,
      ...(label !== undefined ? { label } : {}),
      status: 'removed',
    });
  }

  const oldEdges = new Map(beforeActions.flatMap(transitionsOf).map((e) => [edgeKey(e), e]));
  const newEdges = afterActions.flatMap(transitionsOf);
  const newKeys = new Set(newEdges.map(edgeKey));
  const edges: FlowEdge[] = newEdges.map((e) => ({
    ...e,
    status: !before || !oldEdges.has(edgeKey(e)) ? 'added' : 'unchanged',
  }));
  for (const [key, e] of oldEdges) if (!newKeys.has(key)) edges.push({ ...e, status: 'removed' });

  // Outside the blocks: everything but the actions and their metadata, layout left out.
  const rest = (content: Json | undefined) => {
    if (!content) return {};
    const { Actions: _actions, Metadata: metadata, ...others } = content;
    const { ActionMetadata: _blocks, ...designer } = asObject(metadata);
    return { ...others, Metadata: withoutLayout(designer) };
  };
  const fields = before ? fieldChanges(rest(before), rest(after)) : [];
  const changed = blocks.length > 0 || fields.length > 0;
  return {
    blocks,
    fields,
    layoutOnly: before !== undefined && !changed && !deepEqual(before, after),
    graph: {
      ...(typeof after.StartAction === 'string' ? { start: after.StartAction } : {}),
      nodes,
      edges,
    },
  };
}
