import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AwsOperationError,
  UsageError,
  awsErrorCode,
  expandPlaceholders,
  mapConcurrent,
  retry,
  stableStringify,
  toAwsOperationError,
  writeFileAtomic,
  type AwsClients,
  type Logger,
  type PlaceholderValues,
  type RunReport,
} from '@edd/core';
import { UNBOUNDED, type ConnectApi } from '../aws/connect-api.js';
import { downloadPromptAudio, listResources } from '../aws/read.js';
import { CONFIG_FILE, type ConnectDeployConfig } from '../model/config.js';
import { FOLDER, LABEL, fileNameFor } from '../model/layout.js';
import { resourceKey } from '../model/source.js';
import { instanceResourceArn, phoneNumberArn, withRegion } from '../references/arns.js';
import { concretize, forEachRef, type ReferenceProblem } from '../references/rewrite.js';
import {
  describeRef,
  externalKey,
  isInstanceRef,
  type InstanceResourceType,
  type LambdaRef,
  type LexRef,
  type SymbolicRef,
} from '../references/types.js';
import { runTaskGraph, stronglyConnected, type Task } from './graph.js';
import { PROMPT_AUDIO_TAG, type Plan, type PlannedChange } from './planner.js';

export interface ApplyOptions {
  logger: Logger;
  report: RunReport;
  config: ConnectDeployConfig;
  placeholders: PlaceholderValues;
  clients: AwsClients;
  backupDir?: string;
}

const STUB_FLOW = {
  Version: '2019-10-30',
  StartAction: 'edd-stub',
  Actions: [{ Identifier: 'edd-stub', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
};

const STUB_MODULE = {
  Version: '2019-10-30',
  StartAction: 'edd-stub',
  Actions: [{ Identifier: 'edd-stub', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} }],
  Settings: {
    InputParameters: [],
    OutputParameters: [],
    Transitions: [
      { DisplayName: 'Success', ReferenceName: 'Success', Description: '' },
      { DisplayName: 'Error', ReferenceName: 'Error', Description: '' },
    ],
  },
};

interface Identity {
  id: string;
  arn: string;
}

/**
 * Carries out a plan as a dependency graph: every create, update and association starts as soon as the resources
 * it references exist, so calls of different APIs overlap and the deploy runs as fast as Connect's per-API quotas
 * allow (the pacing lives in ConnectApi). New flows and modules that sit in a reference cycle (flows that transfer
 * to each other, a queue whose outbound whisper flow targets the queue) are first created as SAVED stubs, which
 * breaks the cycle; their real content follows once everything they reference exists.
 */
export async function applyPlan(api: ConnectApi, plan: Plan, options: ApplyOptions): Promise<void> {
  const { target } = plan;
  const instanceId = target.instance.id;
  const scope = target.instance.scope;
  const ids = new Map<string, Identity>();
  for (const [key, s] of target.byKey)
    ids.set(key, { id: s.id, arn: s.arn || instanceResourceArn(scope, instanceId, s.type, s.id) });
  const created = new Set<string>();
  const lexArns = new Map<string, string>();
  for (const change of plan.changes) {
    const refs: SymbolicRef[] = [];
    forEachRef(change.source?.body, (r) => refs.push(r as unknown as SymbolicRef));
    for (const ref of refs)
      if (ref.$ref === 'lex') lexArns.set(externalKey(ref), (await plan.resolver.lexAliasArn(ref))!);
  }

  /** Concrete ARNs (their real region) for associations and ordering. */
  const externalArn = (ref: LambdaRef | LexRef): string | undefined =>
    ref.$ref === 'lambda' ? plan.resolver.lambdaArn(ref) : lexArns.get(externalKey(ref));
  const resolve = (ref: SymbolicRef): string | undefined => {
    switch (ref.$ref) {
      case 'lambda':
      case 'lex': {
        const arn = externalArn(ref);
        return arn && withRegion(arn, ref.region);
      }
      case 'phone-number': {
        const phone = plan.resolver.phone(ref);
        if (!phone) return undefined;
        return ref.form === 'id' ? phone.id : phone.arn || phoneNumberArn(scope, phone.id);
      }
      case 'value':
        return plan.resolver.names.values.valueOf(ref.name);
      case 'unmapped':
        return undefined;
      default: {
        const identity = ids.get(resourceKey(ref.$ref, ref.name));
        if (!identity) return undefined;
        return ref.form === 'id' ? identity.id : withRegion(identity.arn, ref.region);
      }
    }
  };
  const concrete = <T>(change: PlannedChange, value: T): T => {
    const problems: (ReferenceProblem & { ref: SymbolicRef })[] = [];
    const out = concretize(value, resolve, problems) as T;
    if (problems.length > 0)
      throw new Error(`${change.file}: ${describeRef(problems[0]!.ref)} had no id when it was needed`);
    return out;
  };

  const run = async (change: PlannedChange, action: string, work: () => Promise<void>) => {
    const started = Date.now();
    await work();
    const ms = Date.now() - started;
    options.logger.action(action, LABEL[change.type], change.name, `(${ms} ms)`);
    options.report.addResource({ type: change.type, name: change.name, action, durationMs: ms });
  };
  const remember = (change: PlannedChange, identity: Identity) => {
    const key = resourceKey(change.type, change.name);
    ids.set(key, identity);
    created.add(key);
  };
  const send = <O>(change: PlannedChange, command: { input: unknown }) =>
    created.has(resourceKey(change.type, change.name))
      ? api.sendAfterCreate<O>(command, `${LABEL[change.type]} "${change.name}"`)
      : api.send<O>(command, `${LABEL[change.type]} "${change.name}"`);
  const changed = (change: PlannedChange, ...fields: string[]) =>
    change.differences.some((d) => fields.includes(String(d.path[0])));
  const body = (change: PlannedChange) => change.source!.body;
  const idOf = (change: PlannedChange) => ids.get(resourceKey(change.type, change.name))!.id;

  if (options.backupDir) await writeBackup(api, plan, options.backupDir);
  const upload = plan.changes.some((c) => c.type === 'prompt' && c.audioChanged)
    ? await promptUpload(options)
    : undefined;

  // What each change waits for: the resources of this run it references, and the associations it relies on.
  const creating = new Map(
    plan.changes.filter((c) => c.action === 'create').map((c) => [resourceKey(c.type, c.name), c]),
  );
  const associationKey = (arn: string) => `associate:${arn}`;
  const pendingAssociations = new Set(plan.associations.map((a) => a.arn));
  const needs = (value: unknown): string[] => {
    const out = new Set<string>();
    forEachRef(value, (raw) => {
      const ref = raw as unknown as SymbolicRef;
      if (ref.$ref === 'lambda' || ref.$ref === 'lex') {
        const arn = externalArn(ref)!;
        const unqualified = ref.$ref === 'lambda' ? plan.resolver.lambdaArn({ ...ref, qualifier: undefined }) : arn;
        for (const a of [arn, unqualified]) if (pendingAssociations.has(a)) out.add(associationKey(a));
      } else if (isInstanceRef(ref)) {
        const key = resourceKey(ref.$ref, ref.name);
        if (creating.has(key)) out.add(`ready:${key}`);
      }
    });
    return [...out];
  };
  const withoutQuickConnects = (c: PlannedChange) =>
    c.type === 'queue' ? { ...body(c), QuickConnectIds: undefined } : body(c);

  // New flows and modules caught in a reference cycle start as stubs.
  const cycleEdges = (key: string) =>
    needs(withoutQuickConnects(creating.get(key)!))
      .filter((d) => d.startsWith('ready:'))
      .map((d) => d.slice(6));
  const stubbed = new Set<string>();
  for (const component of stronglyConnected([...creating.keys()], cycleEdges)) {
    const cyclic = component.length > 1 || cycleEdges(component[0]!).includes(component[0]!);
    if (!cyclic) continue;
    for (const key of component) {
      const c = creating.get(key)!;
      if (c.type === 'flow' || c.type === 'flow-module') stubbed.add(key);
    }
  }

  const tasks: Task[] = [];
  const add = (key: string, deps: string[], work: () => Promise<void>) => tasks.push({ key, deps, run: work });

  for (const a of plan.associations) {
    add(associationKey(a.arn), [], async () => {
      const started = Date.now();
      const command =
        a.kind === 'lambda'
          ? new connect.AssociateLambdaFunctionCommand({ InstanceId: instanceId, FunctionArn: a.arn })
          : new connect.AssociateBotCommand({ InstanceId: instanceId, LexV2Bot: { AliasArn: a.arn } });
      try {
        await api.send(command, a.label);
      } catch (error) {
        // Associated meanwhile (or by a parallel pipeline): that is the state we want.
        if (!(
          error instanceof AwsOperationError &&
          ['ResourceConflictException', 'DuplicateResourceException'].includes(error.details.code ?? '')
        ))
          throw error;
      }
      options.logger.action(
        'associate',
        a.kind === 'lambda' ? 'Lambda function' : 'Lex bot',
        a.label,
        `(${Date.now() - started} ms)`,
      );
      options.report.addResource({
        type: `${a.kind}-association`,
        name: a.arn,
        action: 'associate',
        durationMs: Date.now() - started,
      });
    });
  }

  for (const c of plan.changes) {
    if (c.action === 'unchanged' || c.action === 'delete') continue;
    const key = resourceKey(c.type, c.name);
    const ready = `ready:${key}`;
    if (c.action === 'create' && stubbed.has(key)) {
      add(ready, [], () => run(c, 'create-stub', () => createFlowOrModule(c, true)));
      add(`content:${key}`, [ready, ...needs(body(c).Content)], () => run(c, 'publish', () => writeContent(c, true)));
      continue;
    }
    switch (c.type) {
      case 'hours-of-operation':
        add(c.action === 'create' ? ready : `update:${key}`, needs(body(c)), () => run(c, c.action, () => hours(c)));
        break;
      case 'agent-status':
        add(c.action === 'create' ? ready : `update:${key}`, needs(body(c)), () =>
          run(c, c.action, () => agentStatus(c)),
        );
        break;
      case 'prompt':
        add(c.action === 'create' ? ready : `update:${key}`, [], () => run(c, c.action, () => prompt(c)));
        break;
      case 'flow':
      case 'flow-module':
        if (c.action === 'create')
          add(ready, needs(body(c)), () => run(c, 'create', () => createFlowOrModule(c, false)));
        else add(`update:${key}`, needs(body(c)), () => run(c, 'update', () => writeContent(c, false)));
        break;
      case 'queue':
        add(c.action === 'create' ? ready : `update:${key}`, needs(withoutQuickConnects(c)), () =>
          run(c, c.action, () => queue(c)),
        );
        if (c.action === 'create' ? body(c).QuickConnectIds : changed(c, 'QuickConnectIds')) {
          add(`quick-connects:${key}`, [ready, ...needs(body(c).QuickConnectIds)], () => queueQuickConnects(c));
        }
        break;
      case 'quick-connect':
        add(c.action === 'create' ? ready : `update:${key}`, needs(body(c)), () =>
          run(c, c.action, () => quickConnect(c)),
        );
        break;
      case 'routing-profile':
        add(c.action === 'create' ? ready : `update:${key}`, needs(body(c)), () =>
          run(c, c.action, () => routingProfile(c)),
        );
        break;
      default:
        break;
    }
  }
  // Prune last, dependents first, one at a time: a deletion Connect refuses stops the rest.
  const deletions = plan.changes.filter((c) => c.action === 'delete').reverse();
  let previous = tasks.map((t) => t.key);
  for (const c of deletions) {
    const key = `delete:${resourceKey(c.type, c.name)}`;
    add(key, previous, () => run(c, 'delete', () => deleteResource(api, instanceId, c)));
    previous = [key];
  }
  await runTaskGraph(tasks);

  async function hours(c: PlannedChange): Promise<void> {
    const b = concrete(c, body(c));
    if (c.action === 'create') {
      const out = await send<{ HoursOfOperationId: string; HoursOfOperationArn: string }>(
        c,
        new connect.CreateHoursOfOperationCommand({
          InstanceId: instanceId,
          Name: c.name,
          Description: b.Description as string,
          TimeZone: b.TimeZone as string,
          Config: b.Config as never,
          Tags: b.Tags as never,
        }),
      );
      remember(c, { id: out.HoursOfOperationId, arn: out.HoursOfOperationArn });
      return;
    }
    if (changed(c, 'Description', 'TimeZone', 'Config')) {
      await send(
        c,
        new connect.UpdateHoursOfOperationCommand({
          InstanceId: instanceId,
          HoursOfOperationId: idOf(c),
          Name: c.name,
          Description: b.Description as string,
          TimeZone: b.TimeZone as string,
          Config: b.Config as never,
        }),
      );
    }
    await updateTags(api, c);
  }

  async function agentStatus(c: PlannedChange): Promise<void> {
    const b = body(c);
    const fields = {
      Name: c.name,
      Description: b.Description as string,
      State: b.State as never,
      DisplayOrder: b.DisplayOrder as number,
    };
    if (c.action === 'create') {
      const out = await send<{ AgentStatusId: string; AgentStatusARN: string }>(
        c,
        new connect.CreateAgentStatusCommand({ InstanceId: instanceId, ...fields, Tags: b.Tags as never }),
      );
      remember(c, { id: out.AgentStatusId, arn: out.AgentStatusARN });
      return;
    }
    if (changed(c, 'Description', 'State', 'DisplayOrder'))
      await send(
        c,
        new connect.UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: idOf(c), ...fields }),
      );
    await updateTags(api, c);
  }

  async function prompt(c: PlannedChange): Promise<void> {
    const b = body(c);
    const audio = c.source!.audio!;
    const s3Uri = c.audioChanged ? await upload!(c.name, audio.bytes, audio.sha256, b.File as string) : undefined;
    if (c.action === 'create') {
      const out = await send<{ PromptId: string; PromptARN: string }>(
        c,
        new connect.CreatePromptCommand({
          InstanceId: instanceId,
          Name: c.name,
          Description: b.Description as string,
          S3Uri: s3Uri!,
          Tags: { ...(b.Tags as Record<string, string>), [PROMPT_AUDIO_TAG]: audio.sha256 },
        }),
      );
      remember(c, { id: out.PromptId, arn: out.PromptARN });
      return;
    }
    if (s3Uri || changed(c, 'Description')) {
      await send(
        c,
        new connect.UpdatePromptCommand({
          InstanceId: instanceId,
          PromptId: idOf(c),
          Name: c.name,
          Description: b.Description as string,
          ...(s3Uri ? { S3Uri: s3Uri } : {}),
        }),
      );
    }
    await updateTags(api, c, s3Uri ? { [PROMPT_AUDIO_TAG]: audio.sha256 } : {});
  }

  async function createFlowOrModule(c: PlannedChange, stub: boolean): Promise<void> {
    const b = body(c);
    const content = JSON.stringify(stub ? (c.type === 'flow' ? STUB_FLOW : STUB_MODULE) : concrete(c, b.Content));
    if (c.type === 'flow') {
      const status = stub ? 'SAVED' : ((b.Status as string | undefined) ?? 'PUBLISHED');
      const out = await createOrAdopt(api, c, instanceId, () =>
        send<{ ContactFlowId: string; ContactFlowArn: string }>(
          c,
          new connect.CreateContactFlowCommand({
            InstanceId: instanceId,
            Name: c.name,
            Type: b.Type as never,
            Description: b.Description as string,
            Content: content,
            Status: status as never,
            Tags: b.Tags as never,
          }),
        ).then((o) => ({ id: o.ContactFlowId, arn: o.ContactFlowArn })),
      );
      remember(c, out);
      if (!stub && b.State === 'ARCHIVED')
        await send(
          c,
          new connect.UpdateContactFlowMetadataCommand({
            InstanceId: instanceId,
            ContactFlowId: out.id,
            ContactFlowState: 'ARCHIVED',
          }),
        );
      return;
    }
    const out = await createOrAdopt(api, c, instanceId, () =>
      send<{ Id: string; Arn: string }>(
        c,
        new connect.CreateContactFlowModuleCommand({
          InstanceId: instanceId,
          Name: c.name,
          Description: b.Description as string,
          Content: content,
          Tags: b.Tags as never,
        }),
      ).then((o) => ({ id: o.Id, arn: o.Arn })),
    );
    remember(c, out);
    if (!stub && b.State === 'ARCHIVED')
      await send(
        c,
        new connect.UpdateContactFlowModuleMetadataCommand({
          InstanceId: instanceId,
          ContactFlowModuleId: out.id,
          State: 'ARCHIVED',
        }),
      );
  }

  /** Writes a flow's or module's content (publishing unless the source is SAVED) and its metadata. */
  async function writeContent(c: PlannedChange, afterStub: boolean): Promise<void> {
    const b = body(c);
    const id = idOf(c);
    if (afterStub || changed(c, 'Content', 'Status')) {
      const Content = JSON.stringify(concrete(c, b.Content));
      const qualified = b.Status === 'SAVED' ? `${id}:$SAVED` : id;
      await publish(() =>
        c.type === 'flow'
          ? send(
              c,
              new connect.UpdateContactFlowContentCommand({
                InstanceId: instanceId,
                ContactFlowId: qualified,
                Content,
              }),
            )
          : send(
              c,
              new connect.UpdateContactFlowModuleContentCommand({
                InstanceId: instanceId,
                ContactFlowModuleId: qualified,
                Content,
              }),
            ),
      );
    }
    if (afterStub ? b.State === 'ARCHIVED' : changed(c, 'Description', 'State')) {
      const State = (b.State as string | undefined) ?? 'ACTIVE';
      await (c.type === 'flow'
        ? send(
            c,
            new connect.UpdateContactFlowMetadataCommand({
              InstanceId: instanceId,
              ContactFlowId: id,
              Description: (b.Description as string) ?? '',
              ContactFlowState: State as never,
            }),
          )
        : send(
            c,
            new connect.UpdateContactFlowModuleMetadataCommand({
              InstanceId: instanceId,
              ContactFlowModuleId: id,
              Description: (b.Description as string) ?? '',
              State: State as never,
            }),
          ));
    }
    if (!afterStub) await updateTags(api, c);
  }

  async function queue(c: PlannedChange): Promise<void> {
    const b = concrete<Record<string, unknown>>(c, withoutQuickConnects(c));
    if (c.action === 'create') {
      const out = await createOrAdopt(api, c, instanceId, () =>
        send<{ QueueId: string; QueueArn: string }>(
          c,
          new connect.CreateQueueCommand({
            InstanceId: instanceId,
            Name: c.name,
            Description: b.Description as string,
            HoursOfOperationId: b.HoursOfOperationId as string,
            MaxContacts: b.MaxContacts as number,
            OutboundCallerConfig: b.OutboundCallerConfig as never,
            Tags: b.Tags as never,
          }),
        ).then((o) => ({ id: o.QueueId, arn: o.QueueArn })),
      );
      remember(c, out);
      if (b.Status === 'DISABLED')
        await send(
          c,
          new connect.UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId: out.id, Status: 'DISABLED' }),
        );
      return;
    }
    const QueueId = idOf(c);
    const updates: Promise<unknown>[] = [];
    if (changed(c, 'Description'))
      updates.push(
        send(
          c,
          new connect.UpdateQueueNameCommand({
            InstanceId: instanceId,
            QueueId,
            Name: c.name,
            Description: (b.Description as string) ?? '',
          }),
        ),
      );
    if (changed(c, 'HoursOfOperationId'))
      updates.push(
        send(
          c,
          new connect.UpdateQueueHoursOfOperationCommand({
            InstanceId: instanceId,
            QueueId,
            HoursOfOperationId: b.HoursOfOperationId as string,
          }),
        ),
      );
    if (changed(c, 'MaxContacts'))
      updates.push(
        send(
          c,
          new connect.UpdateQueueMaxContactsCommand({
            InstanceId: instanceId,
            QueueId,
            MaxContacts: (b.MaxContacts as number) ?? 0,
          }),
        ),
      );
    if (changed(c, 'OutboundCallerConfig'))
      updates.push(
        send(
          c,
          new connect.UpdateQueueOutboundCallerConfigCommand({
            InstanceId: instanceId,
            QueueId,
            OutboundCallerConfig: (b.OutboundCallerConfig as never) ?? {},
          }),
        ),
      );
    if (changed(c, 'Status'))
      updates.push(
        send(
          c,
          new connect.UpdateQueueStatusCommand({
            InstanceId: instanceId,
            QueueId,
            Status: (b.Status as never) ?? 'ENABLED',
          }),
        ),
      );
    await Promise.all(updates);
    await updateTags(api, c);
  }

  async function queueQuickConnects(c: PlannedChange): Promise<void> {
    const QueueId = idOf(c);
    const want = new Set(concrete(c, (body(c).QuickConnectIds as unknown[] | undefined) ?? []) as string[]);
    const have = new Set(
      c.action === 'create'
        ? []
        : (concrete(c, (c.existing!.symbolic.QuickConnectIds as unknown[] | undefined) ?? []) as string[]),
    );
    const add = [...want].filter((id) => !have.has(id));
    const remove = [...have].filter((id) => !want.has(id));
    for (const part of chunks(add, 50))
      await send(
        c,
        new connect.AssociateQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId, QuickConnectIds: part }),
      );
    for (const part of chunks(remove, 50))
      await send(
        c,
        new connect.DisassociateQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId, QuickConnectIds: part }),
      );
    options.logger.action(
      'associate',
      'queue',
      c.name,
      `(${add.length} quick connects added, ${remove.length} removed)`,
    );
  }

  async function quickConnect(c: PlannedChange): Promise<void> {
    const b = concrete(c, body(c));
    if (c.action === 'create') {
      const out = await createOrAdopt(api, c, instanceId, () =>
        send<{ QuickConnectId: string; QuickConnectARN: string }>(
          c,
          new connect.CreateQuickConnectCommand({
            InstanceId: instanceId,
            Name: c.name,
            Description: b.Description as string,
            QuickConnectConfig: b.QuickConnectConfig as never,
            Tags: b.Tags as never,
          }),
        ).then((o) => ({ id: o.QuickConnectId, arn: o.QuickConnectARN })),
      );
      remember(c, out);
      return;
    }
    const QuickConnectId = idOf(c);
    if (changed(c, 'Description'))
      await send(
        c,
        new connect.UpdateQuickConnectNameCommand({
          InstanceId: instanceId,
          QuickConnectId,
          Name: c.name,
          Description: (b.Description as string) ?? '',
        }),
      );
    if (changed(c, 'QuickConnectConfig'))
      await send(
        c,
        new connect.UpdateQuickConnectConfigCommand({
          InstanceId: instanceId,
          QuickConnectId,
          QuickConnectConfig: b.QuickConnectConfig as never,
        }),
      );
    await updateTags(api, c);
  }

  /** Routing profiles take at most 10 queues per call, as Connect requires. */
  async function routingProfile(c: PlannedChange): Promise<void> {
    const b = concrete(c, body(c));
    const queueConfigs = (b.QueueConfigs as QueueConfig[] | undefined) ?? [];
    if (c.action === 'create') {
      const out = await createOrAdopt(api, c, instanceId, () =>
        send<{ RoutingProfileId: string; RoutingProfileArn: string }>(
          c,
          new connect.CreateRoutingProfileCommand({
            InstanceId: instanceId,
            Name: c.name,
            Description: b.Description as string,
            DefaultOutboundQueueId: b.DefaultOutboundQueueId as string,
            MediaConcurrencies: b.MediaConcurrencies as never,
            ...(queueConfigs.length > 0 ? { QueueConfigs: queueConfigs.slice(0, 10) as never } : {}),
            ...(b.AgentAvailabilityTimer ? { AgentAvailabilityTimer: b.AgentAvailabilityTimer as never } : {}),
            Tags: b.Tags as never,
          }),
        ).then((o) => ({ id: o.RoutingProfileId, arn: o.RoutingProfileArn })),
      );
      remember(c, out);
      await Promise.all(
        chunks(queueConfigs.slice(10), 10).map((part) =>
          send(
            c,
            new connect.AssociateRoutingProfileQueuesCommand({
              InstanceId: instanceId,
              RoutingProfileId: out.id,
              QueueConfigs: part as never,
            }),
          ),
        ),
      );
      return;
    }
    const RoutingProfileId = idOf(c);
    if (changed(c, 'Description'))
      await send(
        c,
        new connect.UpdateRoutingProfileNameCommand({
          InstanceId: instanceId,
          RoutingProfileId,
          Name: c.name,
          Description: b.Description as string,
        }),
      );
    if (changed(c, 'MediaConcurrencies'))
      await send(
        c,
        new connect.UpdateRoutingProfileConcurrencyCommand({
          InstanceId: instanceId,
          RoutingProfileId,
          MediaConcurrencies: b.MediaConcurrencies as never,
        }),
      );
    if (changed(c, 'DefaultOutboundQueueId'))
      await send(
        c,
        new connect.UpdateRoutingProfileDefaultOutboundQueueCommand({
          InstanceId: instanceId,
          RoutingProfileId,
          DefaultOutboundQueueId: b.DefaultOutboundQueueId as string,
        }),
      );
    if (changed(c, 'AgentAvailabilityTimer') && b.AgentAvailabilityTimer) {
      await send(
        c,
        new connect.UpdateRoutingProfileAgentAvailabilityTimerCommand({
          InstanceId: instanceId,
          RoutingProfileId,
          AgentAvailabilityTimer: b.AgentAvailabilityTimer as never,
        }),
      );
    }
    if (changed(c, 'QueueConfigs')) {
      const current = (concrete(c, c.existing!.symbolic.QueueConfigs as unknown[] | undefined) ?? []) as QueueConfig[];
      const key = (q: QueueConfig) => `${q.QueueReference.QueueId}/${q.QueueReference.Channel}`;
      const have = new Map(current.map((q) => [key(q), q]));
      const want = new Map(queueConfigs.map((q) => [key(q), q]));
      const add = queueConfigs.filter((q) => !have.has(key(q)));
      const update = queueConfigs.filter(
        (q) => have.has(key(q)) && (have.get(key(q))!.Priority !== q.Priority || have.get(key(q))!.Delay !== q.Delay),
      );
      const remove = current.filter((q) => !want.has(key(q))).map((q) => q.QueueReference);
      for (const part of chunks(remove, 10))
        await send(
          c,
          new connect.DisassociateRoutingProfileQueuesCommand({
            InstanceId: instanceId,
            RoutingProfileId,
            QueueReferences: part as never,
          }),
        );
      for (const part of chunks(update, 10))
        await send(
          c,
          new connect.UpdateRoutingProfileQueuesCommand({
            InstanceId: instanceId,
            RoutingProfileId,
            QueueConfigs: part as never,
          }),
        );
      for (const part of chunks(add, 10))
        await send(
          c,
          new connect.AssociateRoutingProfileQueuesCommand({
            InstanceId: instanceId,
            RoutingProfileId,
            QueueConfigs: part as never,
          }),
        );
    }
    await updateTags(api, c);
  }
}

interface QueueConfig {
  QueueReference: { QueueId: string; Channel: string };
  Priority: number;
  Delay: number;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Publishing right after the resources it references were created can meet Connect's eventual consistency
 * (`InvalidContactFlowException` naming a resource that does exist): retry a few times before giving up.
 */
function publish(work: () => Promise<unknown>): Promise<unknown> {
  return retry(work, {
    attempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 5000,
    isRetryable: (error) => error instanceof AwsOperationError && error.details.code === 'InvalidContactFlowException',
  });
}

/**
 * A create that meets an existing resource of the same name (a run killed after the create, or a listing that
 * had not caught up) adopts it instead of failing, so re-runs converge without duplicates.
 */
async function createOrAdopt(
  api: ConnectApi,
  change: PlannedChange,
  instanceId: string,
  create: () => Promise<Identity>,
): Promise<Identity> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof AwsOperationError && error.details.code === 'DuplicateResourceException')) throw error;
    const found = (await listResources(api, instanceId, change.type)).find(
      (s) => s.name.toLowerCase() === change.name.toLowerCase(),
    );
    if (!found) throw error;
    return { id: found.id, arn: found.arn };
  }
}

async function updateTags(api: ConnectApi, change: PlannedChange, extra: Record<string, string> = {}): Promise<void> {
  const arn = change.existing!.summary.arn;
  const want = { ...((change.source!.body.Tags as Record<string, string> | undefined) ?? {}), ...extra };
  const have = (change.existing!.symbolic.Tags as Record<string, string> | undefined) ?? {};
  const add = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
  const remove = Object.keys(have).filter((k) => !(k in want));
  const label = `${LABEL[change.type]} "${change.name}"`;
  if (Object.keys(add).length > 0)
    await api.send(new connect.TagResourceCommand({ resourceArn: arn, tags: add }), label);
  if (remove.length > 0) await api.send(new connect.UntagResourceCommand({ resourceArn: arn, tagKeys: remove }), label);
}

async function deleteResource(api: ConnectApi, InstanceId: string, change: PlannedChange): Promise<void> {
  const id = change.existing!.summary.id;
  const label = `${LABEL[change.type]} "${change.name}"`;
  const commands: Partial<Record<InstanceResourceType, () => { input: unknown }>> = {
    flow: () => new connect.DeleteContactFlowCommand({ InstanceId, ContactFlowId: id }),
    'flow-module': () => new connect.DeleteContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: id }),
    queue: () => new connect.DeleteQueueCommand({ InstanceId, QueueId: id }),
    'quick-connect': () => new connect.DeleteQuickConnectCommand({ InstanceId, QuickConnectId: id }),
    'routing-profile': () => new connect.DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: id }),
    prompt: () => new connect.DeletePromptCommand({ InstanceId, PromptId: id }),
    'hours-of-operation': () => new connect.DeleteHoursOfOperationCommand({ InstanceId, HoursOfOperationId: id }),
  };
  const command = commands[change.type];
  if (command) await api.send(command(), label);
}

/** S3 upload of prompt audio into the configured bucket of the target account; returns the `s3://` URI. */
async function promptUpload(
  options: ApplyOptions,
): Promise<(name: string, bytes: Buffer, sha256: string, file: string) => Promise<string>> {
  if (!options.config.promptBucket) {
    throw new UsageError(
      `prompts need uploading but ${CONFIG_FILE} has no promptBucket; set it, e.g. "promptBucket": "edd-connect-prompts-\${AccountNumber}"`,
    );
  }
  const bucket = expandPlaceholders(options.config.promptBucket, options.placeholders, `${CONFIG_FILE} promptBucket`);
  const prefix = options.config.promptKeyPrefix ?? 'connect-prompts/';
  const s3 = options.clients.get(S3Client);
  return async (name, bytes, sha256, file) => {
    const extension = file.split('.').pop()!.toLowerCase();
    // Content-addressed keys: re-uploading the same audio is harmless and an old key never changes meaning.
    const key = `${prefix}${fileNameFor(name)}/${sha256}.${extension}`;
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentType: extension === 'mp3' ? 'audio/mpeg' : 'audio/wav',
        }),
      );
    } catch (error) {
      throw toAwsOperationError(error, 'PutObject', `s3://${bucket}/${key}`);
    }
    return `s3://${bucket}/${key}`;
  };
}

/** Checks the prompt bucket before the first write, so a missing bucket stops the deploy before it starts. */
export async function checkPromptBucket(
  clients: AwsClients,
  config: ConnectDeployConfig,
  placeholders: PlaceholderValues,
): Promise<string | undefined> {
  if (!config.promptBucket) return `prompts need uploading but ${CONFIG_FILE} has no promptBucket`;
  const bucket = expandPlaceholders(config.promptBucket, placeholders, `${CONFIG_FILE} promptBucket`);
  try {
    await clients.get(S3Client).send(new HeadBucketCommand({ Bucket: bucket }));
    return undefined;
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'NotFound' || code === 'NoSuchBucket')
      return `prompt bucket ${bucket} does not exist in the target account; create it (it is part of the backend stack) or fix promptBucket in ${CONFIG_FILE}`;
    throw toAwsOperationError(error, 'HeadBucket', bucket);
  }
}

/** Saves the target's current version of everything the plan changes or deletes, in export format. */
async function writeBackup(api: ConnectApi, plan: Plan, dir: string): Promise<void> {
  const touched = plan.changes.filter((c) => (c.action === 'update' || c.action === 'delete') && c.existing);
  await mapConcurrent(touched, UNBOUNDED, async (c) => {
    const base = `${FOLDER[c.type]}/${fileNameFor(c.name)}`;
    let symbolic = c.existing!.symbolic;
    if (c.type === 'prompt') {
      const audio = await downloadPromptAudio(api, plan.target.instance.id, c.existing!.summary);
      const file = `${fileNameFor(c.name)}.${audio.extension}`;
      await writeFileAtomic(join(dir, FOLDER.prompt, file), audio.bytes);
      symbolic = { ...symbolic, File: file };
    }
    await writeFileAtomic(join(dir, `${base}.json`), stableStringify(symbolic));
  });
}
