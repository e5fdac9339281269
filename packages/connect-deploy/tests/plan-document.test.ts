import { describe, expect, it } from 'vitest';
import { diff } from '../src/plan/diff.js';
import { planDocument } from '../src/plan/document.js';
import type { Association, Plan, PlannedChange } from '../src/plan/planner.js';
import { renderPlanText } from '../src/plan/render.js';
import { fileNameFor } from '../src/model/layout.js';
import { resourceOf } from '../src/resources/index.js';
import type { ExportedType } from '../src/model/layout.js';
import { claimsFlow, mainFlow, transferFlow } from './fixtures/flows.js';

type Json = Record<string, unknown>;

/** A planned change as the planner makes it: the target's body (before), the export's (after). */
function change(type: ExportedType, before: Json | undefined, after: Json | undefined): PlannedChange {
  const name = String((after ?? before)!.Name);
  const file = `${resourceOf(type).folder}/${fileNameFor(name)}.json`;
  const existing = before && {
    summary: { type, id: `id-${name}`, arn: `arn-${name}`, name },
    symbolic: before,
    tags: {},
    fingerprint: 'sha256:0',
  };
  if (!after) return { type, name, action: 'delete', file, existing, differences: [] };
  const differences = before ? diff(before, after) : [];
  return {
    type,
    name,
    action: !before ? 'create' : differences.length > 0 ? 'update' : 'unchanged',
    file,
    source: { type, name, file, body: after },
    ...(existing ? { existing } : {}),
    differences,
  };
}

const queue = (name: string, extra: Json = {}): Json => ({
  Name: name,
  Description: `${name} calls`,
  HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Business Hours', form: 'id' },
  MaxContacts: 50,
  ...extra,
});
const qc = (name: string) => ({ $ref: 'quick-connect', name });
const rp = (priority: number) => ({
  Name: 'EDD Agents',
  Description: 'Agents',
  DefaultOutboundQueueId: { $ref: 'queue', name: 'EDD Billing', form: 'id' },
  MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
  QueueConfigs: [
    {
      QueueReference: { QueueId: { $ref: 'queue', name: 'EDD Billing', form: 'id' }, Channel: 'VOICE' },
      Priority: 1,
      Delay: 0,
    },
    {
      QueueReference: { QueueId: { $ref: 'queue', name: 'EDD Claims', form: 'id' }, Channel: 'VOICE' },
      Priority: priority,
      Delay: 0,
    },
  ],
});

const lambda: Association = {
  kind: 'lambda',
  arn: 'arn:aws:lambda:us-east-1:640079793484:function:edd-lookup-qa',
  name: 'edd-lookup-qa',
  label: 'Lambda function edd-lookup-qa',
};
const lex: Association = {
  kind: 'lex',
  arn: 'arn:aws:lex:us-east-1:640079793484:bot-alias/B/A',
  name: 'EDDBot-qa/live',
  label: 'Lex bot EDDBot alias live',
};

function samplePlan(): Plan {
  const prompt = change(
    'prompt',
    { Name: 'EDD Welcome', File: 'EDD+Welcome.wav' },
    { Name: 'EDD Welcome', File: 'EDD+Welcome.wav' },
  );
  prompt.action = 'update';
  prompt.attachmentChanged = true;
  prompt.attachmentSha = { target: 'sha-target', source: 'sha-source' };
  prompt.source!.attachment = { file: 'EDD+Welcome.wav', bytes: Buffer.alloc(0), sha256: 'sha-source' };
  prompt.differences = [{ path: ['File'], before: "the target's audio", after: 'EDD+Welcome.wav' }];
  const changes = [
    change('hours-of-operation', undefined, {
      Name: 'EDD Weekend Hours',
      TimeZone: 'America/Los_Angeles',
      Config: [{ Day: 'SATURDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 13, Minutes: 0 } }],
    }),
    prompt,
    change('flow', mainFlow('before'), mainFlow('after')),
    change('flow', transferFlow('before'), transferFlow('after')),
    change('flow', undefined, claimsFlow()),
    change(
      'queue',
      queue('EDD Billing', { MaxContacts: 7, QuickConnectIds: [qc('EDD Supervisor')] }),
      queue('EDD Billing', { QuickConnectIds: [qc('EDD Claims Transfer')] }),
    ),
    change('queue', queue('EDD Claims'), queue('EDD Claims')),
    change('queue', queue('EDD General'), queue('EDD General')),
    change('routing-profile', rp(1), rp(2)),
    change('queue', queue('EDD Retired'), undefined),
  ];
  return {
    target: { instance: { alias: 'edd-qa' } },
    changes,
    associations: [lambda],
    associated: [lex],
    blockers: [],
    fingerprints: {},
  } as unknown as Plan;
}

const options = {
  step: 'connect-deploy',
  version: '0.1.0',
  target: { environment: 'qa', account: '640079793484', region: 'us-east-1' },
  createdAt: '2026-12-01T00:00:00.000Z',
};

describe('the plan of connect-deploy', () => {
  it('reads as the shared grammar: creates, updates field by field and block by block, deletes, unchanged counted', async () => {
    const document = planDocument(samplePlan(), options);
    await expect(`${renderPlanText(document).join('\n')}\n`).toMatchFileSnapshot('golden/plan.txt');
    expect(document.counts).toEqual({ create: 3, update: 5, delete: 1, unchanged: 3 });
  });

  it('lists the unchanged resources with --verbose', async () => {
    const document = planDocument(samplePlan(), options);
    await expect(`${renderPlanText(document, { verbose: true }).join('\n')}\n`).toMatchFileSnapshot(
      'golden/plan-verbose.txt',
    );
  });

  it('prints what blocks the plan after it, never instead of it', async () => {
    const plan = samplePlan();
    plan.blockers.push(
      {
        file: 'connect-deploy.json',
        path: 'promptBucket',
        message: 'prompt bucket edd-connect-prompts-640079793484 does not exist in the target account',
      },
      {
        file: 'flows/EDD+Main.json',
        resource: 'flow "EDD Main"',
        path: 'action set-queue-1 Parameters.QueueId',
        message: 'queue "EDD Appeals" is neither in the export nor in the target instance',
      },
    );
    const lines = renderPlanText(planDocument(plan, options));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('golden/plan-blocked.txt');
    expect(lines.findIndex((l) => l.startsWith('Blocked:'))).toBe(lines.findIndex((l) => l.startsWith('Plan:')) + 1);
  });

  it('carries the same diff as JSON: before and after per field, blocks, layout and the picture of each flow', async () => {
    const document = planDocument(samplePlan(), options);
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot('golden/plan.json');
    const main = document.resources.find((r) => r.name === 'EDD Main')!;
    expect(main.graph?.nodes.find((n) => n.id === 'goodbye-1')).toEqual({
      id: 'goodbye-1',
      type: 'MessageParticipant',
      status: 'removed',
    });
    expect(document.resources.find((r) => r.name === 'EDD Transfer')).toMatchObject({
      action: 'update',
      layoutOnly: true,
    });
    expect(document.resources.find((r) => r.name === 'EDD Claims' && r.kind === 'flow')?.graph?.nodes).toHaveLength(3);
  });
});
