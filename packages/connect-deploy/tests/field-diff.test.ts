import { describe, expect, it } from 'vitest';
import { fieldChanges } from '../src/plan/field-diff.js';
import { renderPlanText } from '../src/plan/render.js';
import { routingProfile } from '../src/resources/routing-profile.js';

const queue = (name: string) => ({ $ref: 'queue', name, form: 'id' });
const config = (name: string, priority: number, channel = 'VOICE') => ({
  QueueReference: { QueueId: queue(name), Channel: channel },
  Priority: priority,
  Delay: 0,
});
const listKey = (path: string, entry: unknown) =>
  (routingProfile.listKeys?.[path] as ((e: unknown) => string | undefined) | undefined)?.(entry);

describe('fieldChanges', () => {
  it('names the deepest field that differs, and carries how references read', () => {
    const changes = fieldChanges(
      { MaxContacts: 7, HoursOfOperationId: { $ref: 'hours-of-operation', name: 'Basic Hours', form: 'id' } },
      { MaxContacts: 50, HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Hours', form: 'id' } },
    );
    expect(changes).toEqual([
      {
        path: 'HoursOfOperationId',
        before: { $ref: 'hours-of-operation', name: 'Basic Hours', form: 'id' },
        after: { $ref: 'hours-of-operation', name: 'EDD Hours', form: 'id' },
        display: { before: 'hours-of-operation "Basic Hours"', after: 'hours-of-operation "EDD Hours"' },
      },
      { path: 'MaxContacts', before: 7, after: 50 },
    ]);
  });

  it("names a routing profile's queues by queue and channel, not by position", () => {
    const changes = fieldChanges(
      { QueueConfigs: [config('A', 1), config('B', 1), config('D', 1, 'CHAT')] },
      { QueueConfigs: [config('A', 1), config('B', 2), config('C', 1), config('D', 1, 'VOICE')] },
      { listKey },
    );
    expect(changes.map((c) => c.path)).toEqual([
      'QueueConfigs[D/CHAT]',
      'QueueConfigs[B/VOICE].Priority',
      'QueueConfigs[C/VOICE]',
      'QueueConfigs[D/VOICE]',
    ]);
    expect(changes[1]).toEqual({ path: 'QueueConfigs[B/VOICE].Priority', before: 1, after: 2 });
    expect(changes[0]!.after).toBeUndefined();
    expect(changes[2]).toEqual({
      path: 'QueueConfigs[C/VOICE]',
      after: config('C', 1),
      display: { after: '{Priority: 1, Delay: 0}' },
    });
  });

  it('treats a list of references as a set and names list entries by their own naming field', () => {
    const qc = (name: string) => ({ $ref: 'quick-connect', name });
    expect(
      fieldChanges({ QuickConnectIds: [qc('A'), qc('B')] }, { QuickConnectIds: [qc('A'), qc('C')] }).map((c) => [
        c.path,
        c.display,
      ]),
    ).toEqual([
      ['QuickConnectIds', { before: 'quick-connect "B"' }],
      ['QuickConnectIds', { after: 'quick-connect "C"' }],
    ]);
    const day = (Day: string, hours: number) => ({ Day, StartTime: { Hours: hours, Minutes: 0 } });
    expect(
      fieldChanges({ Config: [day('MONDAY', 8), day('TUESDAY', 8)] }, { Config: [day('MONDAY', 9)] }).map(
        (c) => c.path,
      ),
    ).toEqual(['Config[TUESDAY]', 'Config[MONDAY].StartTime.Hours']);
  });

  it('reads in the plan grammar with references by name', () => {
    const changes = fieldChanges({ QueueConfigs: [config('B', 1)] }, { QueueConfigs: [config('B', 2)] }, { listKey });
    const lines = renderPlanText({
      format: 'edd-plan/1',
      step: 'connect-deploy',
      version: '0.0.0',
      subject: 'instance edd-qa',
      createdAt: '',
      resources: [{ kind: 'routing profile', name: 'EDD Agents', action: 'update', fields: changes }],
      counts: { create: 0, update: 1, delete: 0, unchanged: 0 },
      blockers: [],
    });
    expect(lines.slice(1, 3)).toEqual(['~ routing profile "EDD Agents"', '    QueueConfigs[B/VOICE].Priority: 1 -> 2']);
  });
});
