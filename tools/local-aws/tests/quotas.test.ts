import { ListInstancesCommand, ListQueuesCommand, ThrottlingException } from '@aws-sdk/client-connect';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { connectClient } from './connect-support.js';
import { admin, dynamoClient, rejection } from './support.js';

/** Fires `count` calls at once and counts how many were throttled. */
async function burst(call: () => Promise<unknown>, count: number): Promise<{ ok: number; throttled: Error[] }> {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, call));
  const throttled = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
  return { ok: count - throttled.length, throttled };
}

describe('request quotas', () => {
  let localAws: LocalAws | undefined;

  afterEach(async () => {
    await localAws?.close();
    localAws = undefined;
  });

  it('lets a burst of 5 through per Connect API, then answers ThrottlingException with HTTP 429', async () => {
    localAws = await startLocalAws();
    const client = connectClient(localAws);

    const first = await burst(() => client.send(new ListInstancesCommand({})), 8);
    const otherApi = await client.send(new ListQueuesCommand({ InstanceId: 'x' })).catch((error: Error) => error);
    const otherRegion = await connectClient(localAws, { region: 'eu-west-2' }).send(new ListInstancesCommand({}));

    expect(first.ok).toBe(5);
    expect(first.throttled).toHaveLength(3);
    expect(first.throttled[0]).toBeInstanceOf(ThrottlingException);
    expect((first.throttled[0] as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    expect(first.throttled[0]?.message).toBe('Rate exceeded');
    expect((otherApi as Error).name).toBe('ResourceNotFoundException');
    expect(otherRegion.InstanceSummaryList).toEqual([]);
    expect(
      localAws
        .calls({ operation: 'ListInstances' })
        .filter((call) => call.region === 'us-east-1')
        .map((call) => call.status),
    ).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it('refills at 2 requests a second, and time scale makes that faster', async () => {
    localAws = await startLocalAws();
    const client = connectClient(localAws);
    // The bucket fills from its first use: however long the calls take, at most 2 a second join the burst of 5.
    const started = performance.now();
    await burst(() => client.send(new ListInstancesCommand({})), 5);

    const empty = await rejection(client.send(new ListInstancesCommand({})));
    await new Promise((resolve) => setTimeout(resolve, 550));
    const refilled = await burst(() => client.send(new ListInstancesCommand({})), 3);
    const refillSeconds = (performance.now() - started) / 1000;
    const settings = await admin(localAws, 'POST', 'quotas', { timeScale: 50 });
    await burst(() => client.send(new ListInstancesCommand({})), 5);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const scaled = await burst(() => client.send(new ListInstancesCommand({})), 8);

    expect(empty.name).toBe('ThrottlingException');
    expect(refilled.ok).toBeGreaterThanOrEqual(1);
    expect(refilled.ok).toBeLessThanOrEqual(Math.max(1, Math.floor(refillSeconds * 2)));
    expect(settings.body).toEqual({
      enabled: true,
      timeScale: 50,
      services: expect.objectContaining({ connect: { rate: 2, burst: 5 } }),
    });
    // 60 ms at 50x is 3 s of AWS time, 6 tokens: the bucket is full again, where at 1x it would still be empty.
    expect(scaled.ok).toBeGreaterThanOrEqual(5);
  });

  it('does not limit services without a quota, and can be switched off, changed and reset at runtime', async () => {
    localAws = await startLocalAws();
    const client = connectClient(localAws);

    const dynamo = await burst(() => dynamoClient(localAws!).send(new ListTablesCommand({})), 12);
    const off = await admin(localAws, 'POST', 'quotas', { enabled: false });
    const unlimited = await burst(() => client.send(new ListInstancesCommand({})), 12);
    await admin(localAws, 'POST', 'quotas', { enabled: true, services: { connect: { burst: 2 } } });
    const smaller = await burst(() => client.send(new ListInstancesCommand({})), 4);
    const bad = await admin(localAws, 'POST', 'quotas', { timeScale: 0, services: { nope: { rate: 1 } }, extra: 1 });
    await localAws.reset();
    const afterReset = await admin(localAws, 'GET', 'quotas');

    expect(dynamo.ok).toBe(12);
    expect((off.body as { enabled: boolean }).enabled).toBe(false);
    expect(unlimited.ok).toBe(12);
    expect(smaller.ok).toBe(2);
    expect(bad.status).toBe(400);
    expect((bad.body as { problems: string[] }).problems).toEqual([
      "unknown field 'extra' (fields: enabled, timeScale, services)",
      'timeScale must be a number above 0 and at most 1000000 (got 0)',
      expect.stringMatching(/^services\.nope: not an emulated service/),
    ]);
    expect(afterReset.body).toMatchObject({
      enabled: true,
      timeScale: 1,
      services: { connect: { rate: 2, burst: 5 } },
    });
  });

  it('starts without quotas when told so', async () => {
    localAws = await startLocalAws({ quotas: false, timeScale: 4 });
    const client = connectClient(localAws);

    const calls = await burst(() => client.send(new ListInstancesCommand({})), 20);
    const settings = await admin(localAws, 'GET', 'quotas');

    expect(calls.ok).toBe(20);
    expect(settings.body).toMatchObject({ enabled: false, timeScale: 4 });
  });

  it('refuses a bad time scale or consistency delay at start', async () => {
    const refused = await startLocalAws({ timeScale: -1, consistencyDelayMs: 1.5 }).catch((error: Error) => error);

    expect(refused).toMatchObject({
      name: 'LocalAwsConfigError',
      problems: [
        'timeScale must be a number above 0 and at most 1000000 (got -1)',
        'consistencyDelayMs must be a whole number from 0 to 600000 (got 1.5)',
      ],
    });
  });
});
