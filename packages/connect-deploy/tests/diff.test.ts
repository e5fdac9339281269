import { describe, expect, it } from 'vitest';
import { renderDifferences } from '../src/index.js';
import { diff } from '../src/plan/diff.js';

describe('diff', () => {
  it('names the deepest field that differs, with references by name', () => {
    const before = {
      MaxContacts: 7,
      HoursOfOperationId: { $ref: 'hours-of-operation', name: 'Basic Hours', form: 'id' },
    };
    const after = {
      MaxContacts: 50,
      HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Hours', form: 'id' },
    };
    expect(renderDifferences(diff(before, after))).toEqual([
      'HoursOfOperationId: hours-of-operation "Basic Hours" -> hours-of-operation "EDD Hours"',
      'MaxContacts: 7 -> 50',
    ]);
  });

  it('shows what a list gained and lost rather than its length', () => {
    const q = (name: string, priority: number) => ({
      QueueReference: { QueueId: { $ref: 'queue', name, form: 'id' }, Channel: 'VOICE' },
      Priority: priority,
      Delay: 0,
    });
    const lines = renderDifferences(
      diff({ QueueConfigs: [q('A', 1), q('B', 1)] }, { QueueConfigs: [q('A', 1), q('B', 2), q('C', 1)] }),
    );
    expect(lines).toEqual([
      'QueueConfigs - {"QueueReference":{"QueueId":queue "B","Channel":"VOICE"},"Priority":1,"Delay":0}',
      'QueueConfigs + {"QueueReference":{"QueueId":queue "B","Channel":"VOICE"},"Priority":2,"Delay":0}',
      'QueueConfigs + {"QueueReference":{"QueueId":queue "C","Channel":"VOICE"},"Priority":1,"Delay":0}',
    ]);
  });

  it('locates flow content differences by action identifier', () => {
    const content = (queue: string) => ({
      Actions: [{ Identifier: 'abc', Type: 'X', Parameters: { QueueId: { $ref: 'queue', name: queue } } }],
    });
    const after = { Content: content('B') };
    expect(renderDifferences(diff({ Content: content('A') }, after), after)).toEqual([
      'Content action abc Parameters.QueueId: queue "A" -> queue "B"',
    ]);
  });
});
