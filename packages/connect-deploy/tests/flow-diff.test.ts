import { describe, expect, it } from 'vitest';
import { diffFlowContent } from '../src/plan/flow-diff.js';
import { claimsFlow, mainFlow, transferFlow } from './fixtures/flows.js';

type Json = Record<string, unknown>;
const content = (flow: Json) => flow.Content as Json;

describe('diffFlowContent', () => {
  const main = diffFlowContent(content(mainFlow('before')), content(mainFlow('after')));

  it('matches blocks by identifier: added and removed ones by type and designer name, changed ones field by field', () => {
    expect(main.blocks.map((b) => [b.change, b.type, b.label ?? b.id])).toEqual([
      ['changed', 'GetParticipantInput', 'menu-1'],
      ['changed', 'UpdateContactTargetQueue', 'set-queue-1'],
      ['added', 'UpdateContactTargetQueue', 'Claims queue'],
      ['removed', 'MessageParticipant', 'goodbye-1'],
    ]);
    const menu = main.blocks[0]!.fields!;
    expect(menu.map((f) => [f.path, f.before, f.after])).toEqual([
      ['Parameters.Text', 'Press 1 for billing', 'Press 1 for billing, 2 for claims'],
      ['Transitions.Conditions[Equals 2]', undefined, 'Claims queue'],
      ['Transitions.Errors[NoMatchingCondition]', 'goodbye-1', 'end-1'],
    ]);
    expect(main.blocks[1]!.fields).toEqual([
      {
        path: 'Parameters.QueueId',
        before: { $ref: 'queue', name: 'EDD Billing', form: 'id' },
        after: { $ref: 'queue', name: 'EDD Appeals', form: 'id' },
        display: { before: 'queue "EDD Billing"', after: 'queue "EDD Appeals"' },
      },
    ]);
    expect(main.blocks[2]!.fields?.map((f) => [f.path, f.display?.after])).toEqual([
      ['Parameters.QueueId', 'queue "EDD Claims"'],
    ]);
  });

  it('does not count a moved block as a change, and is not layout-only when something else changed', () => {
    expect(main.blocks.some((b) => b.id === 'Welcome')).toBe(false);
    expect(main.fields).toEqual([]);
    expect(main.layoutOnly).toBe(false);
  });

  it('folds a flow whose blocks were only moved, or reordered, into layout only', () => {
    const moved = diffFlowContent(content(transferFlow('before')), content(transferFlow('after')));
    expect(moved).toMatchObject({ blocks: [], fields: [], layoutOnly: true });
    const before = content(transferFlow('before'));
    const reordered = { ...before, Actions: [...(before.Actions as unknown[])].reverse() };
    expect(diffFlowContent(before, reordered)).toMatchObject({ blocks: [], fields: [], layoutOnly: true });
    expect(diffFlowContent(before, before).layoutOnly).toBe(false);
  });

  it('draws the flow: every block with its status, transitions labelled and marked', () => {
    expect(main.graph.start).toBe('Welcome');
    expect(main.graph.nodes.map((n) => `${n.id}:${n.status}`)).toEqual([
      'Welcome:unchanged',
      'menu-1:changed',
      'set-queue-1:changed',
      'Claims queue:added',
      'transfer-1:unchanged',
      'end-1:unchanged',
      'goodbye-1:removed',
    ]);
    expect(main.graph.nodes.find((n) => n.id === 'Claims queue')?.label).toBe('Claims queue');
    const edge = (from: string, to: string) =>
      main.graph.edges.filter((e) => e.from === from && e.to === to).map((e) => `${e.label ?? ''}:${e.status}`);
    expect(edge('menu-1', 'Claims queue')).toEqual(['Equals 2:added']);
    expect(edge('menu-1', 'goodbye-1')).toEqual(['NoMatchingCondition:removed']);
    expect(edge('menu-1', 'end-1')).toEqual([
      ':unchanged',
      'NoMatchingCondition:added',
      'NoMatchingError:unchanged',
      'InputTimeLimitExceeded:unchanged',
    ]);
    expect(edge('goodbye-1', 'end-1')).toEqual([':removed', 'NoMatchingError:removed']);
  });

  it('draws a new flow with every block added', () => {
    const created = diffFlowContent(undefined, content(claimsFlow()));
    expect(created.blocks).toEqual([]);
    expect(created.graph.nodes.map((n) => n.status)).toEqual(['added', 'added', 'added']);
    expect(created.graph.edges.every((e) => e.status === 'added')).toBe(true);
  });
});

describe('diffFlowContent on modules', () => {
  it("shows a module's settings and its start outside the blocks, entries by name", () => {
    const module = (start: string, inputs: string[]) => ({
      Version: '2019-10-30',
      StartAction: start,
      Actions: [
        { Identifier: 'm1', Type: 'InvokeLambdaFunction', Parameters: {}, Transitions: { NextAction: 'm2' } },
        { Identifier: 'm2', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
      ],
      Settings: {
        InputParameters: inputs.map((Name) => ({ Name, Type: 'String', Description: '' })),
        OutputParameters: [],
        Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success', Description: '' }],
      },
    });
    const diff = diffFlowContent(module('m1', ['accountId']), module('m2', ['accountId', 'language']));
    expect(diff.blocks).toEqual([]);
    expect(diff.layoutOnly).toBe(false);
    expect(diff.fields.map((f) => [f.path, f.before, f.display?.after ?? f.after])).toEqual([
      ['Settings.InputParameters[language]', undefined, '{Type: "String", Description: ""}'],
      ['StartAction', 'm1', 'm2'],
    ]);
  });
});
