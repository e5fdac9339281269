import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ABSENT,
  SAVED_PLAN_FORMAT,
  countPlan,
  describeDrift,
  exitCodeOf,
  fingerprint,
  fingerprintDrift,
  readSavedPlan,
  writeSavedPlan,
  type PlanDocument,
  type SavedPlan,
} from '../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'edd-saved-plan-'));
const target = { environment: 'qa', account: '640079793484', region: 'us-east-1' };

function saved(overrides: Partial<PlanDocument> = {}): SavedPlan<{ changes: string[] }> {
  const resources: PlanDocument['resources'] = [
    { kind: 'queue', name: 'EDD Billing', action: 'update', fields: [{ path: 'MaxContacts', before: 7, after: 50 }] },
  ];
  return {
    format: SAVED_PLAN_FORMAT,
    plan: {
      format: 'edd-plan/1',
      step: 'connect-deploy',
      version: '1.2.3',
      subject: 'instance edd-qa',
      target,
      createdAt: '2026-12-01T00:00:00.000Z',
      resources,
      counts: countPlan(resources),
      blockers: [],
      ...overrides,
    },
    fingerprints: { source: fingerprint('x'), sourceFiles: {}, target: { 'queue/EDD Billing': fingerprint(7) } },
    changeSet: { changes: ['queue/EDD Billing'] },
  };
}

const expectation = {
  step: 'connect-deploy',
  version: '1.2.3',
  target,
  changeSet: z.object({ changes: z.array(z.string()) }),
};

async function refusal(file: string): Promise<Error> {
  try {
    await readSavedPlan(file, expectation);
  } catch (error) {
    expect(exitCodeOf(error)).toBe(3);
    return error as Error;
  }
  throw new Error(`${file} was accepted`);
}

describe('saved plans', () => {
  it('read back exactly what was written', async () => {
    const file = join(work, 'plan.json');
    await writeSavedPlan(file, saved());
    expect(await readSavedPlan(file, expectation)).toEqual(saved());
  });

  it('refuse a plan of another step, version or account, a blocked plan, and a file that is not a plan', async () => {
    const cases: [string, unknown, RegExp][] = [
      [
        'lex.json',
        saved({ step: 'lex-deploy' }),
        /it is a plan of lex-deploy; connect-deploy applies only its own plans/,
      ],
      [
        'old.json',
        saved({ version: '1.0.0' }),
        /made by connect-deploy 1\.0\.0 and this is 1\.2\.3; make the plan again/,
      ],
      [
        'prod.json',
        saved({ target: { environment: 'prod', account: '111122223333', region: 'us-east-1' } }),
        /a plan for prod\/111122223333 \(us-east-1\), not for qa\/640079793484 \(us-east-1\)/,
      ],
      ['blocked.json', saved({ blockers: [{ message: 'no bucket' }] }), /blocked by 1 problem; fix them/],
      [
        'shape.json',
        { ...saved(), changeSet: { changes: 'all' } },
        /not a saved plan of this format.*changeSet\.changes/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = join(work, name);
      writeFileSync(file, JSON.stringify(content));
      expect((await refusal(file)).message).toMatch(message);
    }
    const twice = join(work, 'twice.json');
    writeFileSync(twice, '{"format": "edd-saved-plan/1",\n "format": "edd-saved-plan/1"}');
    expect((await refusal(twice)).message).toMatch(/twice\.json cannot be applied: line 2: .*format/);
  });
});

describe('fingerprints', () => {
  it('are the same for the same content whatever the key order', () => {
    expect(fingerprint({ a: 1, b: [1, 2] })).toBe(fingerprint({ b: [1, 2], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint(Buffer.from('audio'))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('name what moved, and how', () => {
    const drift = fingerprintDrift(
      { 'queue/A': 'sha256:1', 'queue/B': ABSENT, 'queue/C': 'sha256:3', 'queue/D': 'sha256:4' },
      { 'queue/A': 'sha256:1', 'queue/B': 'sha256:2', 'queue/C': ABSENT, 'queue/D': 'sha256:5' },
    );
    expect(drift.map((d) => `${d.key} ${describeDrift(d)}`)).toEqual([
      'queue/B created since the plan',
      'queue/C deleted since the plan',
      'queue/D changed since the plan',
    ]);
  });
});
