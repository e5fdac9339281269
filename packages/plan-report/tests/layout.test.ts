import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@edd/core';
import { layoutFlow } from '../src/layout.js';
import { CALLBACK_OFFER, MAIN_MENU } from './fixtures/plans.js';

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutFlow', () => {
  it('places every block inside the picture, none on another', () => {
    for (const graph of [MAIN_MENU, CALLBACK_OFFER]) {
      const layout = layoutFlow(graph);
      expect(layout.blocks.map((b) => b.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
      for (const b of layout.blocks) {
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
        expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
      }
      for (const [i, a] of layout.blocks.entries())
        for (const b of layout.blocks.slice(i + 1)) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
    }
  });

  it('routes every transition, keeps its label, and marks the entry point', () => {
    const layout = layoutFlow(MAIN_MENU);
    const drawn = layout.transitions.filter((t) => t.from !== layout.transitions[0]!.from || t.to !== MAIN_MENU.start);
    expect(layout.start?.id).toBe(MAIN_MENU.start);
    expect(layout.transitions).toHaveLength(MAIN_MENU.edges.length + 1);
    expect(drawn.length).toBeGreaterThanOrEqual(MAIN_MENU.edges.length);
    for (const t of layout.transitions) expect(t.points.length).toBeGreaterThanOrEqual(2);
    expect(
      layout.transitions
        .filter((t) => t.label)
        .map((t) => t.label)
        .sort(),
    ).toEqual(MAIN_MENU.edges.flatMap((e) => (e.label ? [e.label] : [])).sort());
    for (const t of layout.transitions.filter((t) => t.label)) expect(t.labelAt).toBeDefined();
  });

  it('draws two transitions between the same blocks, skips those to a block it does not have', () => {
    const graph: FlowGraph = {
      nodes: [
        { id: 'a', type: 'GetParticipantInput', status: 'unchanged' },
        { id: 'b', type: 'DisconnectParticipant', status: 'unchanged' },
        { id: 'a', type: 'GetParticipantInput', status: 'changed' },
      ],
      edges: [
        { from: 'a', to: 'b', label: '1' },
        { from: 'a', to: 'b', label: '2' },
        { from: 'a', to: 'gone' },
      ],
    };
    const layout = layoutFlow(graph);
    expect(layout.blocks).toHaveLength(2);
    expect(layout.transitions.map((t) => t.label)).toEqual(['1', '2']);
    expect(layout.skipped).toBe(1);
    expect(layout.start).toBeUndefined();
  });

  it('cuts long names to fit their box and keeps the type on a second line', () => {
    const long = 'A very long block name that nobody would ever want to read in one box';
    const layout = layoutFlow({
      nodes: [{ id: 'x', type: 'MessageParticipant', label: long, status: 'added' }],
      edges: [],
    });
    const [block] = layout.blocks;
    expect(block!.lines[0]!.endsWith('\u2026')).toBe(true);
    expect([...block!.lines[0]!].length).toBeLessThanOrEqual(32);
    expect(block!.lines[1]).toBe('MessageParticipant');
    expect(block!.label).toBe(long);
  });

  it('lays out a flow of ninety blocks that all lead to one error handler in a few seconds at most', () => {
    const nodes = [
      ...Array.from({ length: 90 }, (_, i) => ({
        id: `b${i}`,
        type: 'MessageParticipant',
        status: 'unchanged' as const,
      })),
      { id: 'error', type: 'DisconnectParticipant', status: 'unchanged' as const },
    ];
    const edges = Array.from({ length: 89 }, (_, i) => [
      { from: `b${i}`, to: `b${(i * 7 + 3) % 90 > i ? (i * 7 + 3) % 90 : i + 1}`, label: 'Success' },
      { from: `b${i}`, to: 'error', label: 'Error' },
    ]).flat();
    const started = performance.now();
    const layout = layoutFlow({ start: 'b0', nodes, edges });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(layout.blocks).toHaveLength(91);
  });
});
