import dagre from '@dagrejs/dagre';
import type { FlowGraph } from '@edd/core';

export type BlockStatus = FlowGraph['nodes'][number]['status'];
export type TransitionStatus = 'added' | 'removed' | 'unchanged';

/** A transition as the steps describe it: whether it appears or goes away, when they say so. */
export type FlowTransition = FlowGraph['edges'][number] & { status?: TransitionStatus };

export function transitionStatus(edge: FlowGraph['edges'][number]): TransitionStatus {
  return (edge as FlowTransition).status ?? 'unchanged';
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedBlock {
  id: string;
  type: string;
  label?: string;
  status: BlockStatus;
  /** Top left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** What is written in the box: the block's name (or type), then its type; cut to fit. */
  lines: string[];
}

export interface PlacedTransition {
  from: string;
  to: string;
  label?: string;
  status: TransitionStatus;
  points: Point[];
  /** Centre of the label, when there is one. */
  labelAt?: Point;
  labelWidth: number;
}

export interface FlowLayout {
  width: number;
  height: number;
  /** The flow's entry block, and where the start marker sits. */
  start?: { id: string; at: Point };
  blocks: PlacedBlock[];
  transitions: PlacedTransition[];
  /** Transitions to or from a block the picture does not have (a broken reference is the flow's problem). */
  skipped: number;
}

// Widths are estimated without a browser: a conservative average advance of the page's sans-serif at 12 px, so
// text stays inside its box with any common font; longer names are cut with an ellipsis, the title has them whole.
export const FONT_SIZE = 12;
const CHAR_WIDTH = 7.2;
const MAX_CHARS = 32;
const PADDING = 12;
const LINE_HEIGHT = 16;
const MIN_WIDTH = 110;
const START = '\u0000start';

/**
 * Larger flows get no picture (their changed blocks are still listed): the layout's cost grows much faster than
 * the flow (a flow of 160 blocks whose blocks all lead to one error handler takes about 2 s, 250 blocks 5 s).
 */
export const MAX_PICTURE_BLOCKS = 200;
export const MAX_PICTURE_TRANSITIONS = 500;

export function tooLargeToDraw(graph: FlowGraph): string | undefined {
  if (graph.nodes.length > MAX_PICTURE_BLOCKS)
    return `${graph.nodes.length} blocks: flows of more than ${MAX_PICTURE_BLOCKS} are not drawn`;
  if (graph.edges.length > MAX_PICTURE_TRANSITIONS)
    return `${graph.edges.length} transitions: flows of more than ${MAX_PICTURE_TRANSITIONS} are not drawn`;
  return undefined;
}

export function fitText(text: string, max = MAX_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}\u2026`;
}

export function textWidth(text: string): number {
  return [...text].length * CHAR_WIDTH;
}

function blockLines(node: FlowGraph['nodes'][number]): string[] {
  const lines = [fitText(node.label ?? node.type)];
  if (node.label !== undefined && node.label !== node.type) lines.push(fitText(node.type));
  return lines;
}

/**
 * Places the blocks and transitions of a flow left to right, the way the flow designer reads, with dagre: a
 * layered (Sugiyama) layout that keeps transitions short and crossings few.
 */
export function layoutFlow(graph: FlowGraph): FlowLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 44, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const known = new Map<string, FlowGraph['nodes'][number]>();
  for (const node of graph.nodes) {
    if (known.has(node.id)) continue;
    known.set(node.id, node);
    const lines = blockLines(node);
    const width = Math.max(MIN_WIDTH, Math.ceil(Math.max(...lines.map(textWidth)) + 2 * PADDING));
    g.setNode(node.id, { width, height: lines.length * LINE_HEIGHT + PADDING, lines });
  }
  const hasStart = graph.start !== undefined && known.has(graph.start);
  if (hasStart) {
    g.setNode(START, { width: 14, height: 14 });
    g.setEdge(START, graph.start!, { width: 0, height: 0 }, 'start');
  }
  let skipped = 0;
  graph.edges.forEach((edge, index) => {
    if (!known.has(edge.from) || !known.has(edge.to)) {
      skipped++;
      return;
    }
    const label = edge.label === undefined ? undefined : fitText(edge.label, 24);
    g.setEdge(
      edge.from,
      edge.to,
      {
        label,
        status: transitionStatus(edge),
        width: label === undefined ? 0 : textWidth(label) + 8,
        height: label === undefined ? 0 : LINE_HEIGHT,
        labelpos: 'c',
      },
      String(index),
    );
  });
  dagre.layout(g);

  const blocks: PlacedBlock[] = [...known.values()].map((node) => {
    const placed = g.node(node.id) as { x: number; y: number; width: number; height: number; lines: string[] };
    return {
      id: node.id,
      type: node.type,
      ...(node.label !== undefined ? { label: node.label } : {}),
      status: node.status,
      x: placed.x - placed.width / 2,
      y: placed.y - placed.height / 2,
      width: placed.width,
      height: placed.height,
      lines: placed.lines,
    };
  });
  const transitions: PlacedTransition[] = [];
  let start: FlowLayout['start'];
  for (const e of g.edges()) {
    const label = g.edge(e) as {
      label?: string;
      status?: TransitionStatus;
      points?: Point[];
      x?: number;
      y?: number;
      width?: number;
    };
    if (e.v === START) {
      const marker = g.node(START) as { x: number; y: number };
      start = { id: e.w, at: { x: marker.x, y: marker.y } };
      transitions.push({ from: START, to: e.w, status: 'unchanged', points: label.points ?? [], labelWidth: 0 });
      continue;
    }
    transitions.push({
      from: e.v,
      to: e.w,
      status: label.status ?? 'unchanged',
      points: label.points ?? [],
      labelWidth: label.width ?? 0,
      ...(label.label !== undefined ? { label: label.label } : {}),
      ...(label.label !== undefined && label.x !== undefined && label.y !== undefined
        ? { labelAt: { x: label.x, y: label.y } }
        : {}),
    });
  }
  const size = g.graph() as { width?: number; height?: number };
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    ...(start ? { start } : {}),
    blocks,
    transitions,
    skipped,
  };
}

export const START_ID = START;
