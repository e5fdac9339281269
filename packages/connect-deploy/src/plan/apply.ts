import * as connect from '@aws-sdk/client-connect';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ApplyProgress,
  AwsOperationError,
  UsageError,
  awsErrorCode,
  expandPlaceholders,
  mapConcurrent,
  stableStringify,
  toAwsOperationError,
  writeFileAtomic,
  type AwsClients,
  type Logger,
  type PlaceholderValues,
  type RunReport,
} from '@edd/core';
import { join } from 'node:path';
import { UNBOUNDED, type ConnectApi } from '../aws/connect-api.js';
import { CONFIG_FILE, type ConnectDeployConfig } from '../model/config.js';
import { fileNameFor } from '../model/layout.js';
import { resourceKey } from '../model/source.js';
import { instanceResourceArn, phoneNumberArn, withRegion } from '../references/arns.js';
import { concretize, forEachRef, type ReferenceProblem } from '../references/rewrite.js';
import {
  describeRef,
  externalKey,
  isInstanceRef,
  withQualifier,
  type LambdaRef,
  type LexRef,
  type SymbolicRef,
} from '../references/types.js';
import { resourceOf, type AnyResource, type Attachment, type Identity, type WriteContext } from '../resources/index.js';
import { deepEqual } from './diff.js';
import { TaskGraph, stronglyConnected } from './graph.js';
import type { Plan, PlannedChange } from './planner.js';

export interface ApplyOptions {
  logger: Logger;
  report: RunReport;
  config: ConnectDeployConfig;
  placeholders: PlaceholderValues;
  clients: AwsClients;
  backupDir?: string;
  /**
   * Where the apply lines go. Without it, applyPlan prints them under their own `Applying` heading and closes with
   * the `Applied:` line; a caller that writes more afterwards passes its own and finishes it.
   */
  progress?: ApplyProgress;
  /** How long a write may wait for AWS to finish what it started (a vocabulary being processed). */
  waitTimeoutMs?: number;
}

/** `--wait-timeout`'s default, in milliseconds. */
export const DEFAULT_WAIT_TIMEOUT_MS = 900_000;

/** How each step of the applier reads in the apply grammar: the plan's action, and what the step did. */
const STEP: Record<string, { action: 'create' | 'update' | 'delete'; what?: string }> = {
  create: { action: 'create' },
  'create-stub': { action: 'create', what: 'stub' },
  complete: { action: 'create', what: 'content' },
  update: { action: 'update' },
  delete: { action: 'delete' },
};

type Body = Record<string, unknown>;

/** A body without some of its top-level fields. */
function without(body: Body, fields: readonly string[]): Body {
  if (fields.length === 0) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !fields.includes(k)));
}

function only(body: Body, fields: readonly string[]): Body {
  return Object.fromEntries(Object.entries(body).filter(([k]) => fields.includes(k)));
}

/**
 * Carries out a plan as a dependency graph: every create, update and association starts as soon as the resources
 * it references exist, so calls of different APIs overlap and the deploy runs as fast as Connect's per-API quotas
 * allow (the pacing lives in ConnectApi). Resources of types that can start as stubs (flows, modules) and sit in a
 * reference cycle (flows that transfer to each other, a queue whose outbound whisper flow targets the queue) are
 * created as stubs first, which breaks the cycle; their real fields follow once everything they reference exists.
 * Fields a type writes after creation (a queue's quick connects) never take part in a cycle. Everything about a
 * type comes from its descriptor.
 */
export async function applyPlan(api: ConnectApi, plan: Plan, options: ApplyOptions): Promise<void> {
  const { target } = plan;
  const instance = target.instance;
  const scope = instance.scope;
  const ids = new Map<string, Identity>();
  for (const [key, s] of target.byKey)
    ids.set(key, {
      id: s.id,
      // A type without an ARN of the instance's form (an hours override, the hierarchy structure) keeps the empty one.
      arn: s.arn || (resourceOf(s.type).arnKind ? instanceResourceArn(scope, instance.id, s.type, s.id) : ''),
    });
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
        return withQualifier(ref.form === 'id' ? identity.id : withRegion(identity.arn, ref.region), ref);
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

  const keyOf = (change: PlannedChange) => resourceKey(change.type, change.name);
  const labelOf = (change: PlannedChange) => `${resourceOf(change.type).label} "${change.name}"`;
  const upload = needsUpload(plan) ? uploader(options) : undefined;
  const context = (change: PlannedChange): WriteContext => ({
    api,
    instance,
    send: <O>(command: { input: unknown }) =>
      created.has(keyOf(change))
        ? api.sendAfterCreate<O>(command, labelOf(change))
        : api.send<O>(command, labelOf(change)),
    ...(change.source?.attachment ? { attachment: change.source.attachment } : {}),
    attachmentChanged: change.attachmentChanged ?? false,
    waitTimeoutMs: options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
    upload: (attachment) => {
      if (!upload) throw new Error(`${change.file}: an attachment to upload was not planned`);
      return upload(change.name, attachment);
    },
  });
  const progress = options.progress ?? new ApplyProgress(options.logger);
  const run = async (change: PlannedChange, action: string, work: () => Promise<void>) => {
    const started = Date.now();
    await work();
    const ms = Date.now() - started;
    const step = STEP[action]!;
    progress.line(
      step.action,
      resourceOf(change.type).label,
      change.name,
      `${step.what ? `${step.what} ` : ''}(${ms} ms)`,
    );
    options.report.addResource({ type: change.type, name: change.name, action, durationMs: ms });
  };

  if (options.backupDir) await writeBackup(api, plan, options.backupDir);

  // What each change waits for: the resources of this run it references, and the associations it relies on.
  const creating = new Map(plan.changes.filter((c) => c.action === 'create').map((c) => [keyOf(c), c]));
  const graph = new TaskGraph();
  const associationTask = (arn: string) => `associate:${arn}`;
  const createTask = (key: string) => `create:${key}`;
  const writtenTask = (type: string) => `written:${type}`;
  const pendingAssociations = new Set(plan.associations.map((a) => a.arn));
  const needs = (value: unknown): string[] => {
    const out = new Set<string>();
    forEachRef(value, (raw) => {
      const ref = raw as unknown as SymbolicRef;
      if (ref.$ref === 'lambda' || ref.$ref === 'lex') {
        const arn = externalArn(ref)!;
        const unqualified = ref.$ref === 'lambda' ? plan.resolver.lambdaArn({ ...ref, qualifier: undefined }) : arn;
        for (const a of [arn, unqualified]) if (pendingAssociations.has(a)) out.add(associationTask(a));
      } else if (isInstanceRef(ref)) {
        const key = resourceKey(ref.$ref, ref.name);
        if (creating.has(key)) out.add(createTask(key));
      }
    });
    return [...out];
  };
  const deferredFields = (descriptor: AnyResource): readonly string[] => descriptor.deferred?.fields ?? [];
  const bodyOf = (change: PlannedChange) => change.source!.body;

  // New resources of stub-able types caught in a reference cycle (through fields written at creation) start as stubs.
  const cycleEdges = (key: string) => {
    const change = creating.get(key)!;
    return needs(without(bodyOf(change), deferredFields(resourceOf(change.type))))
      .filter((task) => task.startsWith('create:'))
      .map((task) => task.slice('create:'.length));
  };
  const stubbed = new Set<string>();
  for (const component of stronglyConnected([...creating.keys()], cycleEdges)) {
    const cyclic = component.length > 1 || cycleEdges(component[0]!).includes(component[0]!);
    if (!cyclic) continue;
    for (const key of component) if (resourceOf(creating.get(key)!.type).stub) stubbed.add(key);
  }

  for (const a of plan.associations) {
    graph.add(associationTask(a.arn), [], async () => {
      const started = Date.now();
      const command =
        a.kind === 'lambda'
          ? new connect.AssociateLambdaFunctionCommand({ InstanceId: instance.id, FunctionArn: a.arn })
          : new connect.AssociateBotCommand({ InstanceId: instance.id, LexV2Bot: { AliasArn: a.arn } });
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
      progress.line(
        'create',
        a.kind === 'lambda' ? 'Lambda association' : 'Lex association',
        a.name,
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

  for (const change of plan.changes) {
    if (change.action === 'unchanged' || change.action === 'delete') continue;
    const descriptor = resourceOf(change.type);
    const key = keyOf(change);
    const body = bodyOf(change);
    const deferred = deferredFields(descriptor);
    const immediate = without(body, deferred);
    const ctx = context(change);
    const first = (descriptor.after ?? []).map(writtenTask);
    const writeUpdates = async (current: Body, changedFields: ReadonlySet<string>) => {
      const identity = ids.get(key)!;
      const desired = concrete(change, body);
      const now = concrete(change, current);
      await Promise.all(
        (descriptor.updates ?? [])
          .filter((rule) => rule.fields.some((f) => changedFields.has(f)))
          .map((rule) => rule.write(ctx, identity, desired, now)),
      );
    };

    if (change.action === 'create') {
      const create = descriptor.create;
      if (!create)
        throw new Error(`${descriptor.label} "${change.name}": the ${descriptor.label} type cannot be created`);
      const createFrom = (fields: Body) => async () => {
        const identity = await createOrAdopt(descriptor, ctx, change, () => create(ctx, concrete(change, fields)));
        ids.set(key, identity);
        created.add(key);
      };
      if (stubbed.has(key)) {
        const stub = without(descriptor.stub!(body) as Body, deferred);
        graph.add(createTask(key), first, () => run(change, 'create-stub', createFrom(stub)));
        const fill = new Set(Object.keys({ ...stub, ...immediate }).filter((f) => !deepEqual(stub[f], immediate[f])));
        graph.add(`fill:${key}`, [createTask(key), ...needs(immediate)], () =>
          run(change, 'complete', () => writeUpdates(stub, fill)),
        );
      } else {
        graph.add(createTask(key), [...needs(immediate), ...first], () => run(change, 'create', createFrom(immediate)));
      }
      if (descriptor.deferred && deferred.some((f) => body[f] !== undefined)) {
        const write = descriptor.deferred.write;
        graph.add(`deferred:${key}`, [createTask(key), ...needs(only(body, deferred))], async () => {
          const detail = await write(ctx, ids.get(key)!, concrete(change, body), undefined);
          progress.line('create', descriptor.label, change.name, detail);
        });
      }
      continue;
    }

    // An update: the rules of the fields that differ, then the tags; deferred fields in a task of their own.
    const changedFields = new Set(change.differences.map((d) => String(d.path[0])));
    const existing = change.existing!;
    const immediateChanged = [...changedFields].some((f) => !deferred.includes(f));
    if (immediateChanged) {
      graph.add(`update:${key}`, [...needs(immediate), ...first], () =>
        run(change, 'update', async () => {
          await writeUpdates(existing.symbolic, changedFields);
          if (descriptor.tagged) await updateTags(api, change, descriptor);
        }),
      );
    }
    if (descriptor.deferred && deferred.some((f) => changedFields.has(f))) {
      const write = descriptor.deferred.write;
      graph.add(`deferred:${key}`, [...needs(only(body, deferred)), ...first], async () => {
        const detail = await write(ctx, ids.get(key)!, concrete(change, body), concrete(change, existing.symbolic));
        progress.line('update', descriptor.label, change.name, detail);
      });
    }
  }

  // The types a descriptor says come first (`after`): one barrier each, behind every task writing one of theirs.
  for (const type of new Set(plan.changes.flatMap((c) => resourceOf(c.type).after ?? []))) {
    const suffixes = plan.changes.filter((c) => c.type === type).map((c) => `:${keyOf(c)}`);
    graph.add(
      writtenTask(type),
      graph.keys().filter((task) => suffixes.some((suffix) => task.endsWith(suffix))),
      async () => {},
    );
  }

  // Prune last, dependents first, one at a time: a deletion Connect refuses stops the rest.
  const deletions = plan.changes.filter((c) => c.action === 'delete').reverse();
  let previous = graph.keys();
  for (const change of deletions) {
    const descriptor = resourceOf(change.type);
    const key = `delete:${keyOf(change)}`;
    graph.add(key, previous, () =>
      run(change, 'delete', () => descriptor.delete!(context(change), change.existing!.summary)),
    );
    previous = [key];
  }
  await graph.run();
  if (!options.progress) progress.finish();
}

/**
 * A create that meets an existing resource of the same name (a run killed after the create, or a listing that
 * had not caught up) adopts it instead of failing, so re-runs converge without duplicates.
 */
async function createOrAdopt(
  descriptor: AnyResource,
  ctx: WriteContext,
  change: PlannedChange,
  create: () => Promise<Identity>,
): Promise<Identity> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof AwsOperationError && error.details.code === 'DuplicateResourceException')) throw error;
    const found = (await descriptor.list({ api: ctx.api, instanceId: ctx.instance.id })).find(
      (s) => s.name.toLowerCase() === change.name.toLowerCase(),
    );
    if (!found) throw error;
    return { id: found.id, arn: found.arn };
  }
}

async function updateTags(api: ConnectApi, change: PlannedChange, descriptor: AnyResource): Promise<void> {
  const arn = change.existing!.summary.arn;
  const recorded =
    change.attachmentChanged && change.source?.attachment && descriptor.attachment
      ? descriptor.attachment.recordTags(change.source.attachment)
      : {};
  const want = { ...((change.source!.body.Tags as Record<string, string> | undefined) ?? {}), ...recorded };
  const have = (change.existing!.symbolic.Tags as Record<string, string> | undefined) ?? {};
  const add = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
  const remove = Object.keys(have).filter((k) => !(k in want));
  const label = `${descriptor.label} "${change.name}"`;
  if (Object.keys(add).length > 0)
    await api.send(new connect.TagResourceCommand({ resourceArn: arn, tags: add }), label);
  if (remove.length > 0) await api.send(new connect.UntagResourceCommand({ resourceArn: arn, tagKeys: remove }), label);
}

function needsUpload(plan: Plan): boolean {
  return plan.changes.some((c) => c.attachmentChanged && c.action !== 'unchanged' && c.action !== 'delete');
}

/** Whether the plan uploads attachments (prompt audio), which needs the prompt bucket. */
export function plannedUploads(plan: Plan): boolean {
  return needsUpload(plan);
}

/** S3 upload of attachments (prompt audio) into the configured bucket of the target account; returns `s3://` URIs. */
function uploader(options: ApplyOptions): (name: string, attachment: Attachment) => Promise<string> {
  if (!options.config.promptBucket) {
    throw new UsageError(
      `prompts need uploading but ${CONFIG_FILE} has no promptBucket; set it, e.g. "promptBucket": "edd-connect-prompts-\${AccountNumber}"`,
    );
  }
  const bucket = expandPlaceholders(options.config.promptBucket, options.placeholders, `${CONFIG_FILE} promptBucket`);
  const prefix = options.config.promptKeyPrefix ?? 'connect-prompts/';
  const s3 = options.clients.get(S3Client);
  return async (name, attachment) => {
    const extension = attachment.file.split('.').pop()!.toLowerCase();
    // Content-addressed keys: re-uploading the same audio is harmless and an old key never changes meaning.
    const key = `${prefix}${fileNameFor(name)}/${attachment.sha256}.${extension}`;
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: attachment.bytes,
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
    const descriptor = resourceOf(c.type);
    const base = `${descriptor.folder}/${fileNameFor(c.name)}`;
    let symbolic = c.existing!.symbolic;
    if (descriptor.attachment) {
      const { bytes, extension } = await descriptor.attachment.read(
        { api, instanceId: plan.target.instance.id },
        c.existing!.summary,
      );
      const file = `${fileNameFor(c.name)}.${extension}`;
      await writeFileAtomic(join(dir, descriptor.folder, file), bytes);
      symbolic = { ...symbolic, [descriptor.attachment.field]: file };
    }
    await writeFileAtomic(join(dir, `${base}.json`), stableStringify(symbolic));
  });
}
