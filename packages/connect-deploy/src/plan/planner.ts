import { createHash } from 'node:crypto';
import { ValidationError, mapConcurrent, type Problem } from '@edd/core';
import { UNBOUNDED, type ConnectApi } from '../aws/connect-api.js';
import { describeResource, downloadPromptAudio, type ResourceSummary } from '../aws/read.js';
import { canonicalOrder } from '../export/canonical.js';
import { MAX_CONTENT_CHARS, describeContentPath } from '../model/flow-content.js';
import { EXPORTED_TYPES, FOLDER, LABEL, fileNameFor, type ExportedType } from '../model/layout.js';
import { resourceKey, type SourceResource } from '../model/source.js';
import { instanceResourceArn, phoneNumberArn, withRegion } from '../references/arns.js';
import {
  concretize,
  forEachRef,
  formatPath,
  symbolize,
  type JsonPath,
  type ReferenceProblem,
} from '../references/rewrite.js';
import { describeRef, unmappedMessage, type SymbolicRef } from '../references/types.js';
import { diff, type Difference } from './diff.js';
import type { ExternalResolver } from './target.js';
import { targetIndex, type TargetState } from './target.js';

export type ChangeAction = 'create' | 'update' | 'unchanged' | 'delete';

export const PROMPT_AUDIO_TAG = 'edd:audio-sha256';

export interface ExistingResource {
  summary: ResourceSummary;
  /** Its fields in export terms (symbolic, canonical order). */
  symbolic: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface PlannedChange {
  type: ExportedType;
  name: string;
  action: ChangeAction;
  /** Source file (or the target resource for deletions). */
  file: string;
  source?: SourceResource;
  existing?: ExistingResource;
  differences: Difference[];
  /** Prompts: the audio has to be uploaded (new prompt or different audio). */
  audioChanged?: boolean;
}

export interface Association {
  kind: 'lambda' | 'lex';
  arn: string;
  label: string;
}

export interface Plan {
  target: TargetState;
  changes: PlannedChange[];
  associations: Association[];
  resolver: ExternalResolver;
}

export interface PlanOptions {
  prune?: { prefix: string };
}

/** Types the deploy creates and updates; the others (security profiles, hierarchy groups) must exist already. */
const DEPLOYED_TYPES = new Set<ExportedType>([
  'hours-of-operation',
  'agent-status',
  'prompt',
  'flow-module',
  'flow',
  'queue',
  'quick-connect',
  'routing-profile',
]);

/** A stand-in id of the right length for resources the plan would create, so size checks measure real content. */
function plannedId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * Builds the change set: every reference resolved (in the export, in the target, or through the config's mapping
 * rules), every resource compared with the target in export terms, and nothing written. Anything that would make
 * the deploy fail half-way (an unresolved reference, a flow whose type changed, content over Connect's limit) is
 * reported here, all at once, as a ValidationError (exit 3).
 */
export async function planDeployment(
  api: ConnectApi,
  resolver: ExternalResolver,
  sources: readonly SourceResource[],
  options: PlanOptions = {},
): Promise<Plan> {
  const target = resolver.target;
  const problems: Problem[] = [];
  const sourceKeys = new Map(sources.map((s) => [resourceKey(s.type, s.name), s]));

  // References first: a deploy must never start when one of them cannot be resolved.
  const associations = new Map<string, Association>();
  await mapConcurrent(sources, UNBOUNDED, async (resource) => {
    const refs: { ref: SymbolicRef; path: JsonPath }[] = [];
    forEachRef(resource.body, (raw, path) => refs.push({ ref: raw as unknown as SymbolicRef, path }));
    for (const { ref, path } of refs) {
      const message = await unresolved(ref, resolver, target, sourceKeys);
      if (message) {
        problems.push({
          file: resource.file,
          resource: `${LABEL[resource.type]} "${resource.name}"`,
          path: where(resource, path),
          message,
        });
        continue;
      }
      if (ref.$ref === 'lambda') {
        // Connect lets a flow invoke a function when the function itself or that exact qualifier is associated.
        const full = resolver.lambdaArn(ref);
        const unqualified = resolver.lambdaArn({ ...ref, qualifier: undefined });
        if (!target.lambdaAssociations.has(full) && !target.lambdaAssociations.has(unqualified)) {
          associations.set(full, {
            kind: 'lambda',
            arn: full,
            label: `Lambda function ${resolver.names.lambdaFunction(ref)}${ref.qualifier ? `:${ref.qualifier}` : ''}`,
          });
        }
      } else if (ref.$ref === 'lex') {
        const arn = (await resolver.lexAliasArn(ref))!;
        if (!target.lexAssociations.has(arn)) associations.set(arn, { kind: 'lex', arn, label: describeRef(ref) });
      }
    }
  });

  const index = await targetIndex(api, target, resolver);
  const existingOf = new Map<string, ExistingResource>();
  const describeExisting = async (resource: SourceResource): Promise<ExistingResource | undefined> => {
    const summary = target.byKey.get(resourceKey(resource.type, resource.name));
    if (!summary) return undefined;
    const described = await describeResource(api, target.instance.id, summary, {
      saved: resource.body.Status === 'SAVED',
    });
    const symbolic = canonicalOrder(resource.type, symbolize(described.body, index, []) as Record<string, unknown>);
    const existing = { summary, symbolic, tags: described.tags };
    existingOf.set(resourceKey(resource.type, resource.name), existing);
    return existing;
  };

  const changes: PlannedChange[] = [];
  let planned = 0;
  const plannedIds = new Map<string, string>();
  for (const s of sources) {
    if (!target.byKey.has(resourceKey(s.type, s.name)))
      plannedIds.set(resourceKey(s.type, s.name), plannedId(++planned));
  }

  // One pass per resource (describe, then compare), so a prompt's audio check starts as soon as its describe ends.
  await mapConcurrent(sources, UNBOUNDED, async (resource) => {
    const existing = await describeExisting(resource);
    const label = `${LABEL[resource.type]} "${resource.name}"`;
    if (!DEPLOYED_TYPES.has(resource.type)) {
      if (!existing)
        problems.push({
          file: resource.file,
          resource: label,
          message: `${label} does not exist in the target instance; create it there first (it is not deployed by connect-deploy)`,
        });
      return;
    }
    if (resource.type === 'flow' && existing && existing.symbolic.Type !== resource.body.Type) {
      problems.push({
        file: resource.file,
        resource: label,
        path: 'Type',
        message: `the target's flow is ${String(existing.symbolic.Type)} and the export's is ${String(resource.body.Type)}; a flow's type can never change: rename the flow in the export or delete it in the target`,
      });
      return;
    }
    if (resource.type === 'flow' || resource.type === 'flow-module') {
      const unresolvedInContent: (ReferenceProblem & { ref: SymbolicRef })[] = [];
      const concrete = concretize(
        resource.body.Content,
        (ref) => sizingValue(ref, target, resolver, plannedIds, existingOf),
        unresolvedInContent,
      );
      const size = JSON.stringify(concrete).length;
      if (size > MAX_CONTENT_CHARS) {
        problems.push({
          file: resource.file,
          resource: label,
          path: 'Content',
          message: `content is ${size} characters once references are resolved; Connect's limit is ${MAX_CONTENT_CHARS}: split the flow into modules`,
        });
        return;
      }
    }
    const desired = canonicalOrder(resource.type, resource.body);
    const change: PlannedChange = {
      type: resource.type,
      name: resource.name,
      action: 'create',
      file: resource.file,
      source: resource,
      differences: [],
    };
    if (resource.type === 'prompt') change.audioChanged = true;
    if (existing) {
      change.existing = existing;
      const current = { ...existing.symbolic };
      if (resource.type === 'prompt') {
        current.File = desired.File;
        change.audioChanged = (await existingAudioSha(api, target, existing)) !== resource.audio?.sha256;
      }
      change.differences = diff(current, desired);
      if (change.audioChanged)
        change.differences.push({ path: ['audio'], before: 'different audio', after: resource.audio?.file });
      change.action = change.differences.length > 0 ? 'update' : 'unchanged';
    }
    changes.push(change);
  });

  if (options.prune) {
    const doomed: ResourceSummary[] = [];
    for (const [type, summaries] of target.listing) {
      if (!DEPLOYED_TYPES.has(type as ExportedType) || type === 'agent-status') continue;
      for (const summary of summaries) {
        if (summary.name.startsWith(options.prune.prefix) && !sourceKeys.has(resourceKey(type, summary.name)))
          doomed.push(summary);
      }
    }
    await mapConcurrent(doomed, UNBOUNDED, async (summary) => {
      const type = summary.type as ExportedType;
      const described = await describeResource(api, target.instance.id, summary);
      const symbolic = canonicalOrder(type, symbolize(described.body, index, []) as Record<string, unknown>);
      changes.push({
        type,
        name: summary.name,
        action: 'delete',
        file: `${FOLDER[type]}/${fileNameFor(summary.name)}.json`,
        existing: { summary, symbolic, tags: described.tags },
        differences: [],
      });
    });
  }

  if (problems.length > 0) {
    throw new ValidationError(
      `the deploy cannot start: ${problems.length} problem${problems.length === 1 ? '' : 's'} found before any write`,
      problems,
    );
  }
  changes.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  return {
    target,
    changes,
    associations: [...associations.values()].sort((a, b) => a.arn.localeCompare(b.arn)),
    resolver,
  };
}

function order(change: PlannedChange): number {
  return EXPORTED_TYPES.indexOf(change.type) + (change.action === 'delete' ? EXPORTED_TYPES.length : 0);
}

function where(resource: SourceResource, path: JsonPath): string {
  if ((resource.type === 'flow' || resource.type === 'flow-module') && path[0] === 'Content') {
    return describeContentPath(resource.body.Content as Record<string, unknown>, path.slice(1));
  }
  return formatPath(path);
}

async function unresolved(
  ref: SymbolicRef,
  resolver: ExternalResolver,
  target: TargetState,
  sources: Map<string, SourceResource>,
): Promise<string | undefined> {
  switch (ref.$ref) {
    case 'lambda':
      return (await resolver.lambdaFound(ref))
        ? undefined
        : ref.name !== undefined
          ? `${describeRef(ref)} does not exist in the target account (its name is the same in every account: it does not follow lambdaFunctionName); deploy it first`
          : `${describeRef(ref)} resolves to ${resolver.names.lambdaFunction(ref)}, which does not exist in the target account; deploy it first or fix lambdaFunctionName in connect-deploy.json`;
    case 'lex':
      return (await resolver.lexAliasArn(ref))
        ? undefined
        : `${describeRef(ref)} resolves to bot ${resolver.names.lexBot(ref)}, which has no alias ${ref.alias} in the target account; deploy the bot first (lex-deploy)${ref.bot !== undefined ? ' or fix lexBotName' : ''}`;
    case 'phone-number':
      return resolver.phone(ref)
        ? undefined
        : `${describeRef(ref)} has no number claimed by the target instance for this environment; claim it or map it in connect-deploy.json phoneNumbers`;
    case 'value':
      return resolver.names.values.valueOf(ref.name) !== undefined
        ? undefined
        : `${describeRef(ref)} has no value for this environment; add one to environmentValues.${ref.name} in connect-deploy.json`;
    case 'unmapped':
      return unmappedMessage(ref);
    default: {
      const key = resourceKey(ref.$ref, ref.name);
      if (sources.has(key) || target.byKey.has(key)) return undefined;
      return `${describeRef(ref)} is neither in the export nor in the target instance`;
    }
  }
}

function sizingValue(
  ref: SymbolicRef,
  target: TargetState,
  resolver: ExternalResolver,
  plannedIds: Map<string, string>,
  existing: Map<string, ExistingResource>,
): string {
  const scope = target.instance.scope;
  switch (ref.$ref) {
    case 'lambda':
      return withRegion(resolver.lambdaArn(ref), ref.region);
    case 'lex':
      return `arn:${scope.partition}:lex:${ref.region ?? scope.region}:${scope.account}:bot-alias/XXXXXXXXXX/XXXXXXXXXX`;
    case 'value':
      return resolver.names.values.valueOf(ref.name) ?? '';
    case 'unmapped':
      return ref.value;
    case 'phone-number': {
      const phone = resolver.phone(ref);
      return ref.form === 'id' ? (phone?.id ?? plannedId(0)) : phoneNumberArn(scope, phone?.id ?? plannedId(0));
    }
    default: {
      const key = resourceKey(ref.$ref, ref.name);
      const id = existing.get(key)?.summary.id ?? target.byKey.get(key)?.id ?? plannedIds.get(key) ?? plannedId(0);
      return ref.form === 'id'
        ? id
        : withRegion(instanceResourceArn(scope, target.instance.id, ref.$ref, id), ref.region);
    }
  }
}

async function existingAudioSha(api: ConnectApi, target: TargetState, existing: ExistingResource): Promise<string> {
  const recorded = existing.tags[PROMPT_AUDIO_TAG];
  if (recorded) return recorded;
  // Prompts this toolkit did not upload (the stock ones) carry no hash: compare the audio itself.
  const audio = await downloadPromptAudio(api, target.instance.id, existing.summary);
  return createHash('sha256').update(audio.bytes).digest('hex');
}

export function summarize(plan: Plan): Record<ChangeAction | 'associate', number> {
  const counts = { create: 0, update: 0, unchanged: 0, delete: 0, associate: plan.associations.length };
  for (const c of plan.changes) counts[c.action]++;
  return counts;
}

export function isNoop(plan: Plan): boolean {
  return plan.associations.length === 0 && plan.changes.every((c) => c.action === 'unchanged');
}
