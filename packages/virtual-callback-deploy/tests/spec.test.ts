import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { toTyped } from '../src/config-table.js';
import { loadSpec } from '../src/spec.js';

const values = { Environment: 'qa', AccountNumber: '640079793484', Region: 'us-east-1' };
const EXAMPLE = join(import.meta.dirname, '../examples/scheduled-callback/callback.json');

function specFile(spec: unknown, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'edd-spec-'));
  writeFileSync(join(dir, 'callback.json'), JSON.stringify(spec));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return join(dir, 'callback.json');
}

const minimal = {
  queues: [{ name: 'Q', hoursOfOperation: 'Basic Hours', outboundCallerId: { name: 'Q', number: '+18005550100' } }],
  callbackNumber: { number: '+18005550100', flow: 'Inbound' },
};

describe('loadSpec', () => {
  it('expands placeholders and applies defaults', async () => {
    const loaded = await loadSpec(
      specFile(JSON.parse(readFileSync(EXAMPLE, 'utf8')), {
        'stack-outputs.json': '{"SchedulerFunctionArn":"edd-callback-scheduler-qa"}',
      }),
      values,
    );
    expect(loaded.spec.configTable?.table).toBe('edd-callback-config-qa');
    expect(loaded.lambdaNames.get('callback-scheduler')).toBe('edd-callback-scheduler-qa');
    expect(loaded.spec.queues[0]!.routingProfiles[0]).toEqual({
      name: 'Basic Routing Profile',
      channel: 'VOICE',
      priority: 2,
      delay: 0,
    });
  });

  it('reports every schema problem with its path', async () => {
    const error = await loadSpec(specFile({ queues: [{ name: '' }], extra: 1 }), values).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['queues.0.name', 'queues.0.hoursOfOperation', 'callbackNumber']));
  });

  it('reads Lambda names from describe-stacks output and from a plain map, and names a missing output', async () => {
    const describe = JSON.stringify({
      Stacks: [
        { Outputs: [{ OutputKey: 'Fn', OutputValue: 'arn:aws:lambda:us-east-1:640079793484:function:edd-x-qa' }] },
      ],
    });
    const a = await loadSpec(
      specFile({ ...minimal, lambdas: { x: { stackOutputs: 'out.json', output: 'Fn' } } }, { 'out.json': describe }),
      values,
    );
    expect(a.lambdaNames.get('x')).toBe('edd-x-qa');
    const b = await loadSpec(
      specFile(
        { ...minimal, lambdas: { x: { stackOutputs: 'out.json', output: 'Fn' } } },
        { 'out.json': '{"Fn":"edd-y"}' },
      ),
      values,
    );
    expect(b.lambdaNames.get('x')).toBe('edd-y');
    const c = await loadSpec(
      specFile({ ...minimal, lambdas: { x: { stackOutputs: 'out.json', output: 'Missing' } } }, { 'out.json': '{}' }),
      values,
    ).catch((e: unknown) => e);
    expect((c as ValidationError).problems[0]?.message).toContain('stack output Missing is not in');
  });
});

describe('toTyped', () => {
  it('writes plain JSON as typed DynamoDB JSON', () => {
    expect(toTyped({ a: 'x', n: 3, b: true, z: null, l: [1, 'y'] })).toEqual({
      M: { a: { S: 'x' }, n: { N: '3' }, b: { BOOL: true }, z: { NULL: true }, l: { L: [{ N: '1' }, { S: 'y' }] } },
    });
  });
});
