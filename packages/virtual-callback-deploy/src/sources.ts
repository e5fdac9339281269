import { relative } from 'node:path';
import {
  canonicalOrder,
  describeResource,
  resourceKey,
  symbolize,
  type ConnectApi,
  type SourceIndex,
  type SourceResource,
  type TargetState,
} from '@edd/connect-deploy/engine';
import type { Problem } from '@edd/core';
import type { LoadedSpec, QueueSpec } from './spec.js';

const idRef = (type: string, name: string) => ({ $ref: type, name, form: 'id' });

function queueBody(q: QueueSpec): Record<string, unknown> {
  return {
    Name: q.name,
    ...(q.description ? { Description: q.description } : {}),
    HoursOfOperationId: idRef('hours-of-operation', q.hoursOfOperation),
    ...(q.maxContacts ? { MaxContacts: q.maxContacts } : {}),
    Status: 'ENABLED',
    OutboundCallerConfig: {
      OutboundCallerIdName: q.outboundCallerId.name,
      OutboundCallerIdNumberId: { $ref: 'phone-number', number: q.outboundCallerId.number, form: 'id' },
      ...(q.outboundWhisperFlow ? { OutboundFlowId: idRef('flow', q.outboundWhisperFlow) } : {}),
    },
    ...(q.tags ? { Tags: q.tags } : {}),
  };
}

/**
 * The connect-deploy resources the spec declares: its queues (with outbound caller config), their QUEUE quick
 * connects, and the routing profiles that must serve them. Routing profiles are not owned by this step: their
 * current configuration is read from the target and only the callback queues' entries are added or corrected.
 */
export async function resourcesFromSpec(
  loaded: LoadedSpec,
  api: ConnectApi,
  target: TargetState,
  index: SourceIndex,
  problems: Problem[],
): Promise<SourceResource[]> {
  const { spec } = loaded;
  // Shown in plans and problems: the spec as the pipeline names it, relative to where the step runs.
  const file = relative(process.cwd(), loaded.file) || loaded.file;
  const out: SourceResource[] = [];
  spec.queues.forEach((q, i) => {
    out.push({ type: 'queue', name: q.name, file: `${file} queues[${i}]`, body: queueBody(q) });
    if (q.quickConnect) {
      out.push({
        type: 'quick-connect',
        name: q.quickConnect.name,
        file: `${file} queues[${i}].quickConnect`,
        body: {
          Name: q.quickConnect.name,
          ...(q.quickConnect.description ? { Description: q.quickConnect.description } : {}),
          QuickConnectConfig: {
            QuickConnectType: 'QUEUE',
            QueueConfig: { QueueId: idRef('queue', q.name), ContactFlowId: idRef('flow', q.quickConnect.flow) },
          },
        },
      });
    }
  });

  const memberships = new Map<
    string,
    { queue: string; channel: string; priority: number; delay: number; where: string }[]
  >();
  spec.queues.forEach((q, i) =>
    q.routingProfiles.forEach((rp, j) => {
      const list = memberships.get(rp.name) ?? [];
      list.push({
        queue: q.name,
        channel: rp.channel,
        priority: rp.priority,
        delay: rp.delay,
        where: `queues[${i}].routingProfiles[${j}]`,
      });
      memberships.set(rp.name, list);
    }),
  );
  for (const [profile, entries] of memberships) {
    const summary = target.byKey.get(resourceKey('routing-profile', profile));
    if (!summary) {
      problems.push({
        file,
        path: entries[0]!.where,
        message: `routing profile "${profile}" does not exist in the target instance; create it first (this step only adds the callback queues to it)`,
      });
      continue;
    }
    const described = await describeResource(api, target.instance.id, summary);
    const current = symbolize(described.body, index, []) as Record<string, unknown>;
    const configs = [...((current.QueueConfigs as Record<string, unknown>[] | undefined) ?? [])];
    for (const e of entries) {
      const entry = {
        QueueReference: { QueueId: idRef('queue', e.queue), Channel: e.channel },
        Priority: e.priority,
        Delay: e.delay,
      };
      const at = configs.findIndex((c) => {
        const ref = c.QueueReference as { QueueId: { name?: string }; Channel: string };
        return ref.QueueId?.name?.toLowerCase() === e.queue.toLowerCase() && ref.Channel === e.channel;
      });
      if (at >= 0) configs[at] = entry;
      else configs.push(entry);
    }
    out.push({
      type: 'routing-profile',
      name: summary.name,
      file: `${file} routingProfiles (${profile})`,
      body: canonicalOrder('routing-profile', { ...current, QueueConfigs: configs }),
    });
  }
  return out;
}
