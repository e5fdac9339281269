import { describe, expect, it } from 'vitest';
import { ExitCode, formatField, renderPlan, type PlanDocument } from '../src/index.js';

function table(overrides: Partial<PlanDocument>): PlanDocument {
  return {
    format: 'edd-plan/1',
    step: 'dynamo-export-import',
    version: '0.0.0',
    subject: 'table edd-config-qa',
    createdAt: '2026-12-01T00:00:00.000Z',
    resources: [],
    counts: { create: 0, update: 0, delete: 0, unchanged: 0 },
    blockers: [],
    ...overrides,
  };
}

describe('formatField of a secret field', () => {
  it('says whether it was added, removed or changed, never what it holds', () => {
    expect(formatField({ path: 'apiKey', before: '(secret)', after: '(secret)', redacted: true })).toBe(
      'apiKey: (changed)',
    );
    expect(formatField({ path: 'apiKey', after: '(secret)', redacted: true })).toBe('+ apiKey: (secret)');
    expect(formatField({ path: 'apiKey', before: '(secret)', redacted: true })).toBe('- apiKey: (secret)');
  });
});

describe('renderPlan of a capped listing', () => {
  const plan = table({
    resources: [
      { kind: 'item', name: 'pk=a', action: 'create' },
      { kind: 'item', name: 'pk=b', action: 'unchanged' },
    ],
    counts: { create: 3, update: 0, delete: 0, unchanged: 5 },
    unlisted: { create: 2, unchanged: 4 },
  });

  it('says how many more there are of each action, and keeps the exact counts in the summary', () => {
    expect(renderPlan(plan).slice(1)).toEqual([
      '+ item "pk=a"',
      '+ ... and 2 more to create',
      '= 5 resources unchanged',
      'Plan: 3 to create, 0 to update, 0 to delete, 5 unchanged.',
    ]);
  });

  it('counts the unchanged it did not list only when they are listed', () => {
    expect(renderPlan(plan, { verbose: true }).slice(1, -1)).toEqual([
      '+ item "pk=a"',
      '= item "pk=b"',
      '+ ... and 2 more to create',
      '= ... and 4 more unchanged',
    ]);
  });
});

describe('ExitCode', () => {
  it('has a code of its own for a plan with changes pending', () => {
    expect(ExitCode.ChangesPending).toBe(6);
    expect(Object.values(ExitCode).filter((code) => code === 6)).toHaveLength(1);
  });
});
