import { SAVED_PLAN_FORMAT, exitCodeOf, type SavedPlan } from '@edd/core';
import { describe, expect, it } from 'vitest';
import type { InstanceRef } from '../src/aws/instance.js';
import type { Plan } from '../src/plan/planner.js';
import {
  changeSetOf,
  checkSavedSource,
  checkSavedTarget,
  describeFingerprintKey,
  type ChangeSet,
  type Selection,
} from '../src/plan/saved-plan.js';

const instance = { id: 'i-1', alias: 'edd-qa' } as InstanceRef;
const selection: Selection = { include: [], exclude: [] };

function plan(maxContactsChanged: boolean): Plan {
  return {
    changes: [
      {
        type: 'queue',
        name: 'EDD Billing',
        action: maxContactsChanged ? 'update' : 'unchanged',
        file: 'queues/EDD+Billing.json',
        differences: maxContactsChanged ? [{ path: ['MaxContacts'], before: 7, after: 50 }] : [],
      },
    ],
    associations: [],
    associated: [],
    blockers: [],
    fingerprints: { 'queue/EDD Billing': 'sha256:1' },
  } as unknown as Plan;
}

function saved(from: Plan): SavedPlan<ChangeSet> {
  return {
    format: SAVED_PLAN_FORMAT,
    plan: {} as SavedPlan['plan'],
    fingerprints: {
      source: 'sha256:s',
      sourceFiles: { 'queues/EDD+Billing.json': 'sha256:f' },
      target: from.fingerprints,
    },
    changeSet: changeSetOf(from, instance, selection),
  };
}

function refusal(check: () => void): string {
  try {
    check();
  } catch (error) {
    expect(exitCodeOf(error)).toBe(3);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('saved plan checks', () => {
  it('accept the same selection, source, instance, target and change set', () => {
    const approved = plan(true);
    expect(() =>
      checkSavedSource('plan.json', saved(approved), selection, { source: 'sha256:s', sourceFiles: {} }),
    ).not.toThrow();
    expect(() => checkSavedTarget('plan.json', saved(approved), plan(true), instance, selection)).not.toThrow();
  });

  it('refuse another selection or another instance, naming both', () => {
    expect(
      refusal(() =>
        checkSavedSource(
          'plan.json',
          saved(plan(true)),
          { include: ['^flows/'], exclude: [] },
          {
            source: 'sha256:s',
            sourceFiles: {},
          },
        ),
      ),
    ).toBe(
      'plan.json cannot be applied: it was made for the whole export, and this run selects --include ^flows/; pass the same options',
    );
    expect(
      refusal(() =>
        checkSavedTarget('plan.json', saved(plan(true)), plan(true), { ...instance, id: 'i-2' }, selection),
      ),
    ).toBe('plan.json cannot be applied: it is a plan for instance edd-qa (i-1), not for edd-qa (i-2)');
  });

  it('refuse a change set that is not the approved one even when no fingerprint moved', () => {
    expect(refusal(() => checkSavedTarget('plan.json', saved(plan(true)), plan(false), instance, selection))).toBe(
      'plan.json cannot be applied: the change it holds is not the change this source makes in this target (queue "EDD Billing"); make the plan again; nothing was written',
    );
  });

  it('name fingerprinted things as the log names them', () => {
    expect(describeFingerprintKey('routing-profile/EDD Agents')).toBe('routing profile "EDD Agents"');
    expect(describeFingerprintKey('lambda/edd-lookup-qa')).toBe('Lambda function edd-lookup-qa');
    expect(describeFingerprintKey('lex/EDDBot-qa/live')).toBe('Lex bot alias EDDBot-qa/live');
    expect(describeFingerprintKey('phone-number/+18005550100')).toBe('phone number +18005550100');
  });
});
