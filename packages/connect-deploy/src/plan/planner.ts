import { ValidationError, mapConcurrent, type Problem } from '@edd/core';
import { UNBOUNDED, type ConnectApi } from '../aws/connect-api.js';
import { canonicalOrder } from '../export/canonical.js';
import { fileNameFor } from '../model/layout.js';
import { describeResourcePath, resourceKey, type SourceResource } from '../model/source.js';
import { instanceResourceArn, phoneNumberArn, withRegion } from '../references/arns.js';
import { concretize, forEachRef, symbolize, type JsonPath, type ReferenceProblem } from '../references/rewrite.js';
import { describeRef, unmappedMessage, withQualifier, type SymbolicRef } from '../references/types.js';
import { RESOURCES, resourceOf, type AnyResource, type ResourceSummary } from '../resources/index.js';
import { diff, type Difference } from './diff.js';
import type { ExternalResolver } from './target.js';
import { targetIndex, type TargetState } from './target.js';

export type ChangeAction = 'create' | 'update' | 'unchanged' | 'delete';

export interface ExistingResource {
  summary: ResourceSummary;
  /** Its fields in export terms (symbolic, canonical order). */
  symbolic: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface PlannedChange {
  type: string;
  name: string;
  action: ChangeAction;
  /** Source file (or the target resource for deletions). */
  file: string;
  source?: SourceResource;
  existing?: ExistingResource;
  differences: Difference[];
  /** The resource's attachment (a prompt's audio) has to be uploaded: a new resource, or different bytes. */
  attachmentChanged?: boolean;
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

/** A stand-in id of the right length for resources the plan would create, so size checks measure real content. */
function plannedId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const label = (descriptor: AnyResource, name: string) => `${descriptor.label} "${name}"`;

/**
 * Builds the change set: every reference resolved (in the export, in the target, or through the config's mapping
 * rules), every resource compared with the target in export terms, and nothing written. Anything that would make
 * the deploy fail half-way (an unresolved reference, a change the type forbids, a field over AWS's size limit) is
 * reported here, all at once, as a ValidationError (exit 3). It knows the resource types only through their
 * descriptors.
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
          resource: label(resourceOf(resource.type), resource.name),
          path: describeResourcePath(resource, path),
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
    const descriptor = resourceOf(resource.type);
    const described = await descriptor.describe({ api, instanceId: target.instance.id }, summary, {
      saved: descriptor.comparesDraft?.(resource.body) ?? false,
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

  // One pass per resource (describe, then compare), so an attachment's check starts as soon as its describe ends.
  await mapConcurrent(sources, UNBOUNDED, async (resource) => {
    const descriptor = resourceOf(resource.type);
    const existing = await describeExisting(resource);
    const where = { file: resource.file, resource: label(descriptor, resource.name) };
    if (descriptor.deploy === 'existing') {
      if (!existing)
        problems.push({
          ...where,
          message: `${where.resource} does not exist in the target instance; create it there first (it is not deployed by connect-deploy)`,
        });
      return;
    }
    const refusal = descriptor.check?.(resource.body, existing?.symbolic);
    if (refusal) {
      problems.push({ ...where, ...(refusal.path ? { path: refusal.path } : {}), message: refusal.message });
      return;
    }
    if (descriptor.sizeLimit) {
      const { field, chars, message } = descriptor.sizeLimit;
      const concrete = concretize(
        resource.body[field],
        (ref) => sizingValue(ref, target, resolver, plannedIds, existingOf),
        [],
      );
      const size = typeof concrete === 'string' ? concrete.length : JSON.stringify(concrete).length;
      if (size > chars) {
        problems.push({ ...where, path: field, message: message(size) });
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
    const attachment = descriptor.attachment;
    if (attachment) change.attachmentChanged = true;
    if (existing) {
      change.existing = existing;
      const current = { ...existing.symbolic };
      if (attachment) {
        current[attachment.field] = desired[attachment.field];
        const sha = await attachment.sha256({ api, instanceId: target.instance.id }, existing.summary, existing.tags);
        change.attachmentChanged = sha !== resource.attachment?.sha256;
      }
      change.differences = diff(current, desired);
      if (change.attachmentChanged && attachment)
        change.differences.push({
          path: [attachment.field],
          before: `the target's ${attachment.what}`,
          after: resource.attachment?.file,
        });
      change.action = change.differences.length > 0 ? 'update' : 'unchanged';
    }
    changes.push(change);
  });

  if (options.prune) {
    const doomed: ResourceSummary[] = [];
    for (const descriptor of RESOURCES) {
      if (descriptor.deploy !== 'deployed' || !descriptor.delete) continue;
      for (const summary of target.listing.get(descriptor.type) ?? []) {
        if (summary.name.startsWith(options.prune.prefix) && !sourceKeys.has(resourceKey(summary.type, summary.name)))
          doomed.push(summary);
      }
    }
    await mapConcurrent(doomed, UNBOUNDED, async (summary) => {
      const descriptor = resourceOf(summary.type);
      const described = await descriptor.describe({ api, instanceId: target.instance.id }, summary, {});
      const symbolic = canonicalOrder(summary.type, symbolize(described.body, index, []) as Record<string, unknown>);
      changes.push({
        type: summary.type,
        name: summary.name,
        action: 'delete',
        file: `${descriptor.folder}/${fileNameFor(summary.name)}.json`,
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
  const at = RESOURCES.findIndex((r) => r.type === change.type);
  return at + (change.action === 'delete' ? RESOURCES.length : 0);
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
      return withQualifier(
        ref.form === 'id' ? id : withRegion(instanceResourceArn(scope, target.instance.id, ref.$ref, id), ref.region),
        ref,
      );
    }
  }
}

export function summarize(plan: Plan): Record<ChangeAction | 'associate', number> {
  const counts = { create: 0, update: 0, unchanged: 0, delete: 0, associate: plan.associations.length };
  for (const c of plan.changes) counts[c.action]++;
  return counts;
}

export function isNoop(plan: Plan): boolean {
  return plan.associations.length === 0 && plan.changes.every((c) => c.action === 'unchanged');
}

export type { ReferenceProblem };
