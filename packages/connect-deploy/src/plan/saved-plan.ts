import {
  refuseSourceDrift,
  ValidationError,
  describeDrift,
  fingerprint,
  fingerprintDrift,
  SAVED_PLAN_FORMAT,
  type PlanDocument,
  type PlanFingerprints,
  type SavedPlan,
} from '@edd/core';
import { z } from 'zod';
import type { InstanceRef } from '../aws/instance.js';
import { CONFIG_FILE, type ConnectDeployConfig } from '../model/config.js';
import type { SourceResource } from '../model/source.js';
import { isResourceType, resourceOf } from '../resources/index.js';
import type { Plan } from './planner.js';

/**
 * connect-deploy's part of a saved plan: the instance, the selection of the export it was made from, and the change
 * set in the applier's terms (each resource's action and the top-level fields it writes, each association). A saved
 * plan is applied only when the change set computed from the current source and target is exactly this one and no
 * fingerprint moved.
 */
export const changeSetSchema = z
  .object({
    instance: z.object({ id: z.string().min(1), alias: z.string() }).strict(),
    selection: z
      .object({
        include: z.array(z.string()),
        exclude: z.array(z.string()),
        prunePrefix: z.string().optional(),
      })
      .strict(),
    changes: z.array(
      z
        .object({
          resource: z.string(),
          action: z.enum(['create', 'update', 'delete']),
          fields: z.array(z.string()),
          attachment: z.boolean(),
        })
        .strict(),
    ),
    associations: z.array(z.object({ kind: z.enum(['lambda', 'lex']), arn: z.string() }).strict()),
  })
  .strict();
export type ChangeSet = z.infer<typeof changeSetSchema>;
export type Selection = ChangeSet['selection'];

export function changeSetOf(plan: Plan, instance: InstanceRef, selection: Selection): ChangeSet {
  return {
    instance: { id: instance.id, alias: instance.alias },
    selection,
    changes: plan.changes
      .filter((c) => c.action !== 'unchanged')
      .map((c) => ({
        resource: `${c.type}/${c.name}`,
        action: c.action as 'create' | 'update' | 'delete',
        fields: [...new Set(c.differences.map((d) => String(d.path[0])))].sort(),
        attachment: c.action !== 'delete' && c.attachmentChanged === true,
      })),
    associations: plan.associations.map((a) => ({ kind: a.kind, arn: a.arn })),
  };
}

/** The source as the plan read it: each selected resource (its fields and attachment) and the config. */
export function sourceFingerprints(
  sources: readonly SourceResource[],
  config: ConnectDeployConfig,
): Pick<PlanFingerprints, 'source' | 'sourceFiles'> {
  const files: Record<string, string> = { [CONFIG_FILE]: fingerprint(config) };
  for (const s of sources) files[s.file] = fingerprint({ body: s.body, attachment: s.attachment?.sha256 ?? null });
  const sourceFiles = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
  return { source: fingerprint(sourceFiles), sourceFiles };
}

export function savedPlan(
  document: PlanDocument,
  plan: Plan,
  instance: InstanceRef,
  selection: Selection,
  source: Pick<PlanFingerprints, 'source' | 'sourceFiles'>,
): SavedPlan<ChangeSet> {
  return {
    format: SAVED_PLAN_FORMAT,
    plan: document,
    fingerprints: { ...source, target: plan.fingerprints },
    changeSet: changeSetOf(plan, instance, selection),
  };
}

/** A fingerprint key in words: `queue/EDD Billing` -> `queue "EDD Billing"`. */
export function describeFingerprintKey(key: string): string {
  const slash = key.indexOf('/');
  const type = key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (isResourceType(type)) return `${resourceOf(type).label} "${name}"`;
  switch (type) {
    case 'lambda':
      return `Lambda function ${name}`;
    case 'lex':
      return `Lex bot alias ${name}`;
    case 'phone-number':
      return `phone number ${name}`;
    case 'lambda-association':
      return `Lambda association ${name}`;
    case 'lex-association':
      return `Lex association ${name}`;
    default:
      return key;
  }
}

const selectionText = (s: Selection) =>
  [
    ...s.include.map((p) => `--include ${p}`),
    ...s.exclude.map((p) => `--exclude ${p}`),
    ...(s.prunePrefix !== undefined ? [`--prune --prune-prefix ${s.prunePrefix}`] : []),
  ].join(' ') || 'the whole export';

/**
 * Before any AWS call: the saved plan was made from this selection of this source. Refuses (exit 3) naming each
 * file that changed, appeared or went away.
 */
export function checkSavedSource(
  file: string,
  saved: SavedPlan<ChangeSet>,
  selection: Selection,
  source: Pick<PlanFingerprints, 'source' | 'sourceFiles'>,
): void {
  if (JSON.stringify(saved.changeSet.selection) !== JSON.stringify(selection))
    throw new ValidationError(
      `${file} cannot be applied: it was made for ${selectionText(saved.changeSet.selection)}, and this run selects ${selectionText(selection)}; pass the same options`,
    );
  refuseSourceDrift(file, saved.fingerprints, source);
}

/**
 * After planning again from the same source: the target the plan read has not moved, and the change set is the one
 * approved. Refuses (exit 3) naming every resource that moved.
 */
export function checkSavedTarget(
  file: string,
  saved: SavedPlan<ChangeSet>,
  plan: Plan,
  instance: InstanceRef,
  selection: Selection,
): void {
  const wanted = saved.changeSet.instance;
  if (wanted.id !== instance.id)
    throw new ValidationError(
      `${file} cannot be applied: it is a plan for instance ${wanted.alias} (${wanted.id}), not for ${instance.alias} (${instance.id})`,
    );
  const drift = fingerprintDrift(saved.fingerprints.target, plan.fingerprints);
  if (drift.length > 0)
    throw new ValidationError(
      `${file} cannot be applied: the target changed since the plan was made; make the plan again and have it approved; nothing was written`,
      drift.map((d) => ({ resource: describeFingerprintKey(d.key), message: describeDrift(d) })),
    );
  const now = changeSetOf(plan, instance, selection);
  const key = (c: ChangeSet['changes'][number]) => JSON.stringify(c);
  const savedChanges = new Set(saved.changeSet.changes.map(key));
  const nowChanges = new Set(now.changes.map(key));
  const differing = [
    ...saved.changeSet.changes.filter((c) => !nowChanges.has(key(c))),
    ...now.changes.filter((c) => !savedChanges.has(key(c))),
  ].map((c) => describeFingerprintKey(c.resource));
  const associationsMoved =
    JSON.stringify(saved.changeSet.associations) !== JSON.stringify(now.associations) ? ['its associations'] : [];
  const moved = [...new Set([...differing, ...associationsMoved])];
  if (moved.length > 0)
    throw new ValidationError(
      `${file} cannot be applied: the change it holds is not the change this source makes in this target (${moved.join(', ')}); make the plan again; nothing was written`,
    );
}
