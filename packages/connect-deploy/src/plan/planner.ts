import { ABSENT, fingerprint, formatProblem, mapConcurrent, type Problem } from '@edd/core';
import { UNBOUNDED, type ConnectApi } from '../aws/connect-api.js';
import { canonicalOrder } from '../export/canonical.js';
import { fileNameFor } from '../model/layout.js';
import { describeResourcePath, resourceKey, type SourceResource } from '../model/source.js';
import { instanceResourceArn, phoneNumberArn, withRegion } from '../references/arns.js';
import { concretize, forEachRef, symbolize, type JsonPath, type ReferenceProblem } from '../references/rewrite.js';
import { describeRef, isInstanceRef, unmappedMessage, withQualifier, type SymbolicRef } from '../references/types.js';
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
  /** Of what was read (concrete fields and tags): a saved plan refuses to apply once it moves. */
  fingerprint: string;
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
  /** SHA-256 of the target's attachment and of the export's, when the type has one. */
  attachmentSha?: { target?: string; source?: string };
}

export interface Association {
  kind: 'lambda' | 'lex';
  arn: string;
  /** What it is called in the target: the function name (with its qualifier), `<bot>/<alias>` for Lex. */
  name: string;
  label: string;
}

/**
 * How the target differs from the export in a setting connect-deploy reports but does not write (a `reported` type
 * the config's `deploySettings` does not name).
 */
export interface ReportedDifference {
  type: string;
  name: string;
  file: string;
  /** `missing`: in the export only; `extra`: in the target only; `differs`: in both, not alike. */
  state: 'missing' | 'extra' | 'differs';
  differences: Difference[];
}

export interface Plan {
  target: TargetState;
  changes: PlannedChange[];
  /** Associations to make. */
  associations: Association[];
  /** Associations the export relies on that the target already has. */
  associated: Association[];
  resolver: ExternalResolver;
  /**
   * What stops the deploy (an unresolved reference, a change the type forbids, a field over AWS's size limit): the
   * plan is still computed and shown, then these, and nothing is written.
   */
  blockers: Problem[];
  /** `<type>/<name>` -> fingerprint of every target resource (and Lambda, Lex alias, number) the plan read. */
  fingerprints: Record<string, string>;
  /** Differences reported, never applied. */
  reported: ReportedDifference[];
}

export interface PlanOptions {
  prune?: { prefix: string };
  /** The config's `deploySettings`: folders of `reported` types to write like deployed ones. */
  deploySettings?: readonly string[];
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
 * collected, all at once, as the plan's blockers: the plan is still shown, then what blocks it. It knows the
 * resource types only through their descriptors.
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
  const deploySettings = new Set(options.deploySettings ?? []);
  const reportOnly = (descriptor: AnyResource) =>
    descriptor.deploy === 'reported' && !deploySettings.has(descriptor.folder);
  const reported: ReportedDifference[] = [];

  // References first: a deploy must never start when one of them cannot be resolved.
  const associations = new Map<string, Association>();
  const associated = new Map<string, Association>();
  const fingerprints: Record<string, string> = {};
  await mapConcurrent(sources, UNBOUNDED, async (resource) => {
    const refs: { ref: SymbolicRef; path: JsonPath }[] = [];
    forEachRef(resource.body, (raw, path) => refs.push({ ref: raw as unknown as SymbolicRef, path }));
    for (const { ref, path } of refs) {
      const message = await unresolved(ref, resolver, target, sourceKeys, reportOnly);
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
        const functionName = resolver.names.lambdaFunction(ref);
        fingerprints[`lambda/${functionName}`] = 'present';
        const name = `${functionName}${ref.qualifier ? `:${ref.qualifier}` : ''}`;
        const association: Association = { kind: 'lambda', arn: full, name, label: `Lambda function ${name}` };
        if (target.lambdaAssociations.has(full) || target.lambdaAssociations.has(unqualified)) {
          const arn = target.lambdaAssociations.has(full) ? full : unqualified;
          associated.set(arn, { ...association, arn, name: arn === full ? name : functionName });
        } else associations.set(full, association);
      } else if (ref.$ref === 'lex') {
        const arn = (await resolver.lexAliasArn(ref))!;
        const name = `${resolver.names.lexBot(ref)}/${ref.alias}`;
        fingerprints[`lex/${name}`] = arn;
        const association: Association = { kind: 'lex', arn, name, label: describeRef(ref) };
        (target.lexAssociations.has(arn) ? associated : associations).set(arn, association);
      } else if (ref.$ref === 'phone-number') {
        const phone = resolver.phone(ref)!;
        fingerprints[`phone-number/${phone.number}`] = phone.arn || phone.id;
      } else if (isInstanceRef(ref) && !sourceKeys.has(resourceKey(ref.$ref, ref.name))) {
        // Found in the target only: its identity is what the deploy will write into the export's references.
        const summary = target.byKey.get(resourceKey(ref.$ref, ref.name))!;
        fingerprints[`${ref.$ref}/${summary.name}`] ??= fingerprint({ id: summary.id, arn: summary.arn });
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
    const existing = { summary, symbolic, tags: described.tags, fingerprint: fingerprint(described) };
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
    const key = `${resource.type}/${existing?.summary.name ?? resource.name}`;
    fingerprints[key] = existing?.fingerprint ?? ABSENT;
    const where = { file: resource.file, resource: label(descriptor, resource.name) };
    if (descriptor.deploy === 'existing') {
      if (!existing)
        problems.push({
          ...where,
          message: `${where.resource} does not exist in the target instance; create it there first (it is not deployed by connect-deploy)`,
        });
      return;
    }
    if (reportOnly(descriptor)) {
      const differences = existing ? diff(existing.symbolic, canonicalOrder(resource.type, resource.body)) : [];
      if (!existing || differences.length > 0)
        reported.push({
          type: resource.type,
          name: resource.name,
          file: resource.file,
          state: existing ? 'differs' : 'missing',
          differences,
        });
      return;
    }
    const refusal = descriptor.check?.(resource.body, existing?.symbolic, target.instance);
    if (refusal) problems.push({ ...where, ...(refusal.path ? { path: refusal.path } : {}), message: refusal.message });
    if (descriptor.sizeLimit) {
      const { field, chars, message } = descriptor.sizeLimit;
      const concrete = concretize(
        resource.body[field],
        (ref) => sizingValue(ref, target, resolver, plannedIds, existingOf),
        [],
      );
      const size = typeof concrete === 'string' ? concrete.length : JSON.stringify(concrete).length;
      if (size > chars) problems.push({ ...where, path: field, message: message(size) });
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
    if (attachment) {
      change.attachmentChanged = true;
      change.attachmentSha = { ...(resource.attachment ? { source: resource.attachment.sha256 } : {}) };
    }
    if (existing) {
      change.existing = existing;
      const current = { ...existing.symbolic };
      if (attachment) {
        current[attachment.field] = desired[attachment.field];
        const sha = await attachment.sha256({ api, instanceId: target.instance.id }, existing.summary, existing.tags);
        change.attachmentChanged = sha !== resource.attachment?.sha256;
        change.attachmentSha = { ...change.attachmentSha, target: sha };
        fingerprints[key] = fingerprint([existing.fingerprint, sha]);
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

  // What only the target has of the settings the export holds (and is never deleted, not even with --prune).
  for (const descriptor of RESOURCES) {
    if (descriptor.deploy !== 'reported' || !sources.some((s) => s.type === descriptor.type)) continue;
    for (const summary of target.listing.get(descriptor.type) ?? []) {
      if (sourceKeys.has(resourceKey(summary.type, summary.name))) continue;
      const file = `${descriptor.folder}/${fileNameFor(summary.name)}.json`;
      reported.push({ type: summary.type, name: summary.name, file, state: 'extra', differences: [] });
    }
  }

  if (options.prune) {
    const doomed: ResourceSummary[] = [];
    for (const descriptor of RESOURCES) {
      if (descriptor.deploy !== 'deployed' || !descriptor.delete) continue;
      // An opt-in type (users) is pruned only by a deploy that carries it; what every instance comes with, never.
      if (descriptor.export === 'opt-in' && !sources.some((s) => s.type === descriptor.type)) continue;
      const builtIn = new Set((descriptor.builtIn ?? []).map((name) => name.toLowerCase()));
      for (const summary of target.listing.get(descriptor.type) ?? []) {
        if (builtIn.has(summary.name.toLowerCase())) continue;
        if (summary.name.startsWith(options.prune.prefix) && !sourceKeys.has(resourceKey(summary.type, summary.name)))
          doomed.push(summary);
      }
    }
    await mapConcurrent(doomed, UNBOUNDED, async (summary) => {
      const descriptor = resourceOf(summary.type);
      const described = await descriptor.describe({ api, instanceId: target.instance.id }, summary, {});
      const symbolic = canonicalOrder(summary.type, symbolize(described.body, index, []) as Record<string, unknown>);
      const read = fingerprint(described);
      fingerprints[`${summary.type}/${summary.name}`] = read;
      changes.push({
        type: summary.type,
        name: summary.name,
        action: 'delete',
        file: `${descriptor.folder}/${fileNameFor(summary.name)}.json`,
        existing: { summary, symbolic, tags: described.tags, fingerprint: read },
        differences: [],
      });
    });
  }

  for (const a of associations.values()) fingerprints[`${a.kind}-association/${a.arn}`] = ABSENT;
  for (const a of associated.values()) fingerprints[`${a.kind}-association/${a.arn}`] = 'present';
  changes.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  const byArn = (a: Association, b: Association) => a.arn.localeCompare(b.arn);
  return {
    target,
    changes,
    associations: [...associations.values()].sort(byArn),
    associated: [...associated.values()].sort(byArn),
    resolver,
    // Collected concurrently: sorted, so the same input always gives the same plan.
    blockers: problems.sort((a, b) => formatProblem(a).localeCompare(formatProblem(b))),
    fingerprints: Object.fromEntries(Object.entries(fingerprints).sort(([a], [b]) => a.localeCompare(b))),
    reported: reported.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name)),
  };
}

function order(change: { type: string; action?: ChangeAction }): number {
  const at = RESOURCES.findIndex((r) => r.type === change.type);
  return at + (change.action === 'delete' ? RESOURCES.length : 0);
}

async function unresolved(
  ref: SymbolicRef,
  resolver: ExternalResolver,
  target: TargetState,
  sources: Map<string, SourceResource>,
  reportOnly: (descriptor: AnyResource) => boolean,
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
      if (target.byKey.has(key)) return undefined;
      // What deploy only reports is never created: a reference to one resolves in the target or nowhere.
      if (sources.has(key) && !reportOnly(resourceOf(ref.$ref))) return undefined;
      return sources.has(key)
        ? `${describeRef(ref)} is not in the target instance, and deploy does not create it (it is only reported)`
        : `${describeRef(ref)} is neither in the export nor in the target instance`;
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

/** Nothing to write: every resource unchanged and every association in place. */
export function isNoop(plan: Plan): boolean {
  return plan.associations.length === 0 && plan.changes.every((c) => c.action === 'unchanged');
}

export type { ReferenceProblem };
