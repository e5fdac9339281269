import { describe, expect, it } from 'vitest';
import {
  ApplyProgress,
  ExitCode,
  PlanBlockedError,
  blockName,
  countPlan,
  exitCodeOf,
  formatField,
  formatValue,
  planExitCode,
  renderPlan,
  type PlanDocument,
  type PlannedResource,
} from '../src/index.js';

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

describe('blockName', () => {
  it('names a block by label and type, and a block whose identifier is its name only once', () => {
    expect(blockName({ id: 'a1', type: 'MessageParticipant', label: 'Welcome' })).toBe(
      '"Welcome" (MessageParticipant) a1',
    );
    expect(blockName({ id: 'Welcome', type: 'MessageParticipant', label: 'Welcome' })).toBe(
      '"Welcome" (MessageParticipant)',
    );
    expect(blockName({ id: 'a1', type: 'MessageParticipant' })).toBe('MessageParticipant a1');
  });
});

describe('formatField', () => {
  it("prefers the step's own reading of a value to its JSON", () => {
    expect(
      formatField({
        path: 'Parameters.QueueId',
        before: { $ref: 'queue', name: 'A' },
        after: { $ref: 'queue', name: 'B' },
        display: { before: 'queue "A"', after: 'queue "B"' },
      }),
    ).toBe('Parameters.QueueId: queue "A" -> queue "B"');
    expect(formatField({ path: 'Tags.team', after: 'edd' })).toBe('+ Tags.team: "edd"');
    expect(formatField({ path: 'Tags.team', before: 'edd' })).toBe('- Tags.team: "edd"');
  });
});

describe('ApplyProgress', () => {
  it('prints the heading once, one line per write, and counts a resource written in two steps once', () => {
    const lines: string[] = [];
    let now = 1000;
    const progress = new ApplyProgress({ info: (line) => lines.push(line) }, () => now);
    progress.line('create', 'flow', 'Main', 'stub (12 ms)');
    progress.line('create', 'flow', 'Main', 'content (30 ms)');
    progress.line('update', 'queue', 'EDD Billing', '(8 ms)');
    progress.line('delete', 'prompt', 'Old');
    now = 3450;
    expect(progress.finish()).toBe('Applied: 1 created, 1 updated, 1 deleted in 2.5 s.');
    expect(lines).toEqual([
      'Applying',
      '+ flow "Main"  stub (12 ms)',
      '+ flow "Main"  content (30 ms)',
      '~ queue "EDD Billing"  (8 ms)',
      '- prompt "Old"',
      'Applied: 1 created, 1 updated, 1 deleted in 2.5 s.',
    ]);
  });

  it('says in one line what a failed apply had done and why it stopped, without printing it', () => {
    const lines: string[] = [];
    let now = 0;
    const progress = new ApplyProgress({ info: (line) => lines.push(line) }, () => now);
    progress.line('create', 'queue', 'EDD Billing');
    now = 1250;
    expect(
      progress.stopped(new Error('UpdateContactFlowContent failed: InternalServiceException\n  at flow "EDD Main"')),
    ).toBe(
      'Stopped after 1 created, 0 updated, 0 deleted in 1.3 s: UpdateContactFlowContent failed: InternalServiceException. Deploy again to apply the rest.',
    );
    expect(lines).toEqual(['Applying', '+ queue "EDD Billing"']);
  });
});

describe('planExitCode', () => {
  it('is 0 without --detailed-exitcode, 6 with it when changes are pending, and 3 when blocked', () => {
    const pending = plan([{ kind: 'queue', name: 'Q', action: 'create' }]);
    const inSync = plan([{ kind: 'queue', name: 'Q', action: 'unchanged' }]);
    expect(planExitCode(pending)).toBe(0);
    expect(planExitCode(pending, { detailedExitcode: true })).toBe(ExitCode.ChangesPending);
    expect(ExitCode.ChangesPending).toBe(6);
    expect(planExitCode(inSync, { detailedExitcode: true })).toBe(0);
    const blocked = plan([{ kind: 'queue', name: 'Q', action: 'create' }], [{ message: 'bad' }, { message: 'worse' }]);
    let error: unknown;
    try {
      planExitCode(blocked, { detailedExitcode: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanBlockedError);
    expect(exitCodeOf(error)).toBe(3);
    expect((error as Error).message).toBe('the plan is blocked by 2 problems (listed above); nothing was written');
  });
});
