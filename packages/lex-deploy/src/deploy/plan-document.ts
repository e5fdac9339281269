import {
  countPlan,
  stableStringify,
  type FieldChange,
  type PlanDocument,
  type PlannedResource,
  type Problem,
} from '@edd/core';
import { functionLabel } from '../model/names.js';
import { desiredAlias, type AliasSettings } from './alias.js';
import { NEW_VERSION, NEW_VERSION_LABEL, type DeployPlan } from './plan.js';

/** The alias as a plan compares it: its version, and per locale whether it is enabled and the function it calls. */
function aliasView(alias: AliasSettings | undefined): Map<string, unknown> {
  const view = new Map<string, unknown>();
  if (!alias) return view;
  view.set('botVersion', alias.botVersion === NEW_VERSION ? NEW_VERSION_LABEL : alias.botVersion);
  for (const locale of Object.keys(alias.botAliasLocaleSettings ?? {}).sort()) {
    const settings = alias.botAliasLocaleSettings![locale]!;
    view.set(`${locale}.enabled`, settings.enabled);
    view.set(`${locale}.codeHook`, settings.codeHookSpecification?.lambdaCodeHook?.lambdaARN);
  }
  return view;
}

function aliasFields(current: AliasSettings | undefined, desired: AliasSettings): FieldChange[] {
  const [before, after] = [aliasView(current), aliasView(desired)];
  const fields: FieldChange[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const [was, is] = [before.get(path), after.get(path)];
    if (stableStringify(was ?? null) === stableStringify(is ?? null)) continue;
    fields.push({ path, ...(was !== undefined ? { before: was } : {}), ...(is !== undefined ? { after: is } : {}) });
  }
  return fields;
}

export interface PlanDocumentOptions {
  version: string;
  target?: PlanDocument['target'];
  createdAt?: string;
  /** What stops the deploy besides what planning found (strings that name another account). */
  blockers?: readonly Problem[];
}

/**
 * A deploy's plan in the grammar every step shares: the bot's content (bot, locales, slot types, intents, slots),
 * then what deploy does around it: the version it creates (import, builds, version), the alias, the Lambda
 * permissions, the Connect association and the versions it prunes.
 */
export function deployPlanDocument(plan: DeployPlan, options: PlanDocumentOptions): PlanDocument {
  const { request } = plan;
  const resources: PlannedResource[] = [...plan.content];
  if (plan.reuseVersion === undefined) {
    const against = plan.comparedWith ? `; compared with ${plan.comparedWith}` : '';
    const hidden =
      plan.bot && plan.content.length > 0 && plan.content.every((r) => r.action === 'unchanged')
        ? '; the content differs only in what Lex does not describe (such as the visual builder files)'
        : '';
    resources.push({
      kind: 'bot version',
      name: NEW_VERSION_LABEL,
      action: 'create',
      note: `import, build ${request.locales.join(', ')}, then version${against}${hidden}`,
    });
  }
  const target = plan.reuseVersion ?? NEW_VERSION;
  const desired = desiredAlias(plan.alias.current, {
    name: request.aliasName,
    botVersion: target,
    locales: request.locales,
    codeHooks: Object.fromEntries(Object.entries(request.codeHooks).map(([l, fn]) => [l, fn.qualifiedArn])),
  });
  const aliasChanges = aliasFields(plan.alias.current, desired);
  resources.push({
    kind: 'alias',
    name: request.aliasName,
    action: plan.alias.action,
    ...(plan.alias.action !== 'unchanged' && aliasChanges.length > 0 ? { fields: aliasChanges } : {}),
  });
  for (const { fn, action } of plan.permissions)
    resources.push({
      kind: 'Lambda permission',
      name: functionLabel(fn),
      action: action === 'add' ? 'create' : 'unchanged',
      ...(action === 'add' ? { note: `lexv2.amazonaws.com may invoke it for alias ${request.aliasName}` } : {}),
    });
  if (plan.connect)
    resources.push({
      kind: 'Connect association',
      name: plan.connect.instance.alias,
      action: plan.connect.action === 'associate' ? 'create' : 'unchanged',
      ...(plan.connect.action === 'associate' ? { note: `alias ${request.aliasName} of ${request.botName}` } : {}),
    });
  for (const version of plan.prune)
    resources.push({ kind: 'bot version', name: version, action: 'delete', note: 'no alias uses it' });
  return {
    format: 'edd-plan/1',
    step: 'lex-deploy',
    version: options.version,
    subject: `bot ${request.botName}`,
    ...(options.target ? { target: options.target } : {}),
    createdAt: options.createdAt ?? new Date().toISOString(),
    resources,
    counts: countPlan(resources),
    blockers: [...(options.blockers ?? []), ...plan.blockers],
  };
}
