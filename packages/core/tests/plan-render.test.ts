import { describe, expect, it } from 'vitest';
import { countPlan, formatValue, renderPlan, type PlanDocument, type PlannedResource } from '../src/index.js';

function plan(resources: PlannedResource[], blockers: PlanDocument['blockers'] = []): PlanDocument {
  return {
    format: 'edd-plan/1',
    step: 'connect-deploy',
    version: '0.0.0',
    subject: 'instance edd-qa',
    target: { environment: 'qa', account: '640079793484', region: 'us-east-1' },
    createdAt: '2026-12-01T00:00:00.000Z',
    resources,
    counts: countPlan(resources),
    blockers,
  };
}

describe('renderPlan', () => {
  it('lists changes with one symbol each, counts the unchanged and closes with the summary', () => {
    const lines = renderPlan(
      plan([
        { kind: 'queue', name: 'EDD Billing', action: 'create', file: 'queues/EDD+Billing.json' },
        { kind: 'queue', name: 'EDD Sales', action: 'update', fields: [{ path: 'MaxContacts', before: 7, after: 50 }] },
        { kind: 'prompt', name: 'Old', action: 'delete' },
        { kind: 'flow', name: 'A', action: 'unchanged' },
        { kind: 'flow', name: 'B', action: 'unchanged' },
      ]),
    );
    expect(lines).toEqual([
      'Plan for instance edd-qa (qa/640079793484, us-east-1)',
      '+ queue "EDD Billing"  (queues/EDD+Billing.json)',
      '~ queue "EDD Sales"',
      '    MaxContacts: 7 -> 50',
      '- prompt "Old"',
      '= 2 resources unchanged',
      'Plan: 1 to create, 1 to update, 1 to delete, 2 unchanged.',
    ]);
  });

  it('shows flow blocks by type and label, and folds a layout-only change into one line', () => {
    const lines = renderPlan(
      plan([
        {
          kind: 'flow',
          name: 'Main',
          action: 'update',
          blocks: [
            { id: 'a1', type: 'MessageParticipant', label: 'Welcome', change: 'added' },
            {
              id: 'a2',
              type: 'TransferContactToQueue',
              change: 'changed',
              fields: [{ path: 'Transitions.NextAction', before: 'a3', after: 'a1' }],
            },
          ],
          layoutOnly: false,
        },
        { kind: 'flow', name: 'Moved', action: 'update', layoutOnly: true },
      ]),
      { verbose: true },
    );
    expect(lines.slice(1, -1)).toEqual([
      '~ flow "Main"',
      '    + block "Welcome" (MessageParticipant) a1',
      '    ~ block TransferContactToQueue a2',
      '        Transitions.NextAction: "a3" -> "a1"',
      '~ flow "Moved"',
      '    layout only (block positions in the designer)',
    ]);
  });

  it('prints the plan, then what blocks it', () => {
    const lines = renderPlan(
      plan([{ kind: 'queue', name: 'Q', action: 'create' }], [{ file: 'x.json', message: 'bad' }]),
    );
    expect(lines.slice(-3)).toEqual([
      'Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged.',
      'Blocked: 1 problem must be fixed before this plan can be applied:',
      '    x.json: bad',
    ]);
  });
});

describe('formatValue', () => {
  it('keeps short values whole and cuts long ones in the middle', () => {
    expect(formatValue(50)).toBe('50');
    expect(
      formatValue({ $ref: 'queue', name: 'Q' }, (v) => ((v as { $ref?: string }).$ref ? 'queue "Q"' : undefined)),
    ).toBe('queue "Q"');
    const long = formatValue('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long).toContain('...');
  });
});
