import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ApplyProgress,
  PlanBlockedError,
  UsageError,
  ValidationError,
  formatProblem,
  planExitCode,
  readStepPlan,
  requireTarget,
  saveRequestedPlan,
  type PlanDocument,
  type Problem,
  type StepContext,
} from '@edd/core';
import { writeRequestedReport, type ReportKind } from '@edd/plan-report';
import type { DeployOptions, PlanOptions } from '../cli.js';
import type { ConnectApi } from '../aws/connect-api.js';
import { resolveInstance, type InstanceRef } from '../aws/instance.js';
import { CONFIG_FILE } from '../model/config.js';
import { ExternalNames } from '../model/external-names.js';
import { readSource, selectResources, validateSource, type SourceModel } from '../model/source.js';
import { applyPlan, checkPromptBucket, plannedUploads } from '../plan/apply.js';
import { planDocument } from '../plan/document.js';
import { isNoop, planDeployment, type Plan } from '../plan/planner.js';
import { printPlan, printReported } from '../plan/render.js';
import {
  changeSetSchema,
  checkSavedSource,
  checkSavedTarget,
  savedPlan,
  sourceFingerprints,
  type Selection,
} from '../plan/saved-plan.js';
import { ExternalResolver, readTarget } from '../plan/target.js';
import { formatPath } from '../references/json-path.js';
import { connectApi, instanceAlias, targetLabel } from './shared.js';

/** What plan and deploy share: where the export is, what of it, where it goes, and how fast. */
type ChangeOptions = Omit<PlanOptions, 'out' | 'detailedExitcode' | 'report'>;

interface Planned {
  model: SourceModel;
  api: ConnectApi;
  instance: InstanceRef;
  plan: Plan;
  document: PlanDocument;
}

/** The export, read and checked offline: a file that does not parse stops the step before anything is planned. */
async function readExport(options: ChangeOptions) {
  if (options.prune && !options.prunePrefix) {
    throw new UsageError('--prune needs --prune-prefix: only resources whose names start with it are ever deleted');
  }
  const dir = options.source;
  const problems: Problem[] = [];
  const model = await readSource(dir, problems);
  validateSource(model, problems, { referencesMayBeInTarget: true });
  if (problems.length > 0) throw new ValidationError(`${dir} is not a valid export; nothing was written`, problems);
  const selection: Selection = {
    include: options.include ?? [],
    exclude: options.exclude ?? [],
    ...(options.prune ? { prunePrefix: options.prunePrefix! } : {}),
  };
  const sources = selectResources(model.resources, {
    ...model.config,
    include: options.include,
    exclude: options.exclude,
  });
  return { model, selection, sources, fingerprints: sourceFingerprints(sources, model.config) };
}

/** Reads the target, resolves every reference and compares: the plan as a value, with what blocks it. */
async function planFrom(
  ctx: StepContext,
  options: ChangeOptions,
  { model, selection, sources }: Awaited<ReturnType<typeof readExport>>,
): Promise<Planned> {
  const api = connectApi(ctx, options, model.config);
  const clock = Date.now();
  const elapsed = () => `${((Date.now() - clock) / 1000).toFixed(1)} s`;
  const alias = instanceAlias(ctx, options.instanceAlias ?? model.instance?.InstanceAlias);
  const instance = await resolveInstance(api, { alias }, targetLabel(ctx));
  const placeholders = ctx.placeholders();
  const names = new ExternalNames(model.config, placeholders);
  const target = await readTarget(api, instance, names);
  ctx.logger.debug(`read the target instance in ${elapsed()}`);
  const allowed = (model.config.allowAccountArns ?? []).map((p) => new RegExp(p));
  const resolver = new ExternalResolver(api, ctx.aws, target, names, (value) => allowed.some((p) => p.test(value)));
  const plan = await planDeployment(api, resolver, sources, {
    ...(selection.prunePrefix !== undefined ? { prune: { prefix: selection.prunePrefix } } : {}),
    ...(model.config.deploySettings ? { deploySettings: model.config.deploySettings } : {}),
  });
  if (plannedUploads(plan)) {
    const problem = await checkPromptBucket(ctx.aws, model.config, placeholders);
    if (problem) {
      plan.blockers.push({ file: CONFIG_FILE, path: 'promptBucket', message: problem });
      plan.blockers.sort((a, b) => formatProblem(a).localeCompare(formatProblem(b)));
    }
  }
  ctx.logger.debug(`planned in ${elapsed()}`);
  const { environment, account, region } = requireTarget(ctx);
  const document = planDocument(plan, {
    step: ctx.step,
    version: ctx.version,
    target: { environment, account, region },
  });
  return { model, api, instance, plan, document };
}

/** The plan on the log and in the report; the report also lists each resource with its action. */
function show(ctx: StepContext, { instance, plan, document }: Planned, verbose: boolean): void {
  printPlan(document, ctx.logger, { verbose });
  ctx.report.set('instance', { id: instance.id, alias: instance.alias });
  printReported(plan.reported, ctx.logger);
  ctx.report.set('plan', document);
  ctx.report.set(
    'reported',
    plan.reported.map((r) => ({ ...r, differences: r.differences.map((d) => formatPath(d.path)) })),
  );
  for (const c of plan.changes) {
    if (ctx.dryRun || c.action === 'unchanged')
      ctx.report.addResource({
        type: c.type,
        name: c.name,
        action: c.action,
        ...(c.action === 'update' ? { detail: c.differences.map((d) => d.path.join('.')) } : {}),
      });
  }
}

export async function planCommand(options: PlanOptions, ctx: StepContext): Promise<number> {
  const source = await readExport(options);
  const planned = await planFrom(ctx, options, source);
  show(ctx, planned, options.verbose);
  await saveRequestedPlan(
    options.out,
    planned.document,
    () => savedPlan(planned.document, planned.plan, planned.instance, source.selection, source.fingerprints),
    ctx.logger,
  );
  await writeRequestedReport(options.report, [planned.document], { kind: 'plan', logger: ctx.logger });
  const code = planExitCode(planned.document, { detailedExitcode: options.detailedExitcode });
  ctx.logger.info('dry run: nothing was written');
  return code;
}

export async function deployCommand(options: DeployOptions, ctx: StepContext): Promise<number> {
  const saved = options.plan ? await readStepPlan(ctx, options.plan, changeSetSchema) : undefined;
  const source = await readExport(options);
  if (saved) checkSavedSource(options.plan!, saved, source.selection, source.fingerprints);
  const planned = await planFrom(ctx, options, source);
  if (saved) {
    checkSavedTarget(options.plan!, saved, planned.plan, planned.instance, source.selection);
    ctx.logger.info(`applying the saved plan ${options.plan}: neither the source nor the target moved since`);
  }
  show(ctx, planned, options.verbose);
  // A blocked plan is reported too: the page says what stops it, which is what its reviewer needs.
  const report = (kind: ReportKind, outcome?: string) =>
    writeRequestedReport(options.report, [planned.document], {
      kind,
      ...(outcome ? { outcome } : {}),
      logger: ctx.logger,
    });
  if (planned.document.blockers.length > 0) {
    await report('plan');
    throw new PlanBlockedError(planned.document);
  }
  if (ctx.dryRun) {
    await report('plan');
    ctx.logger.info('dry run: nothing was written');
    return 0;
  }
  const { plan, api, model } = planned;
  if (isNoop(plan)) {
    await report('deploy', 'Nothing to do: the target already matched the export.');
    ctx.logger.info('nothing to do: the target already matches the export');
    return 0;
  }
  const backupDir = options.backupDir;
  if (backupDir) {
    await mkdir(backupDir, { recursive: true });
    await copyFile(join(options.source, CONFIG_FILE), join(backupDir, CONFIG_FILE)).catch(() => undefined);
  }
  const progress = new ApplyProgress(ctx.logger);
  try {
    await applyPlan(api, plan, {
      logger: ctx.logger,
      report: ctx.report,
      config: model.config,
      placeholders: ctx.placeholders(),
      clients: ctx.aws,
      ...(backupDir ? { backupDir } : {}),
      waitTimeoutMs: options.waitTimeout * 1000,
      progress,
    });
  } catch (error) {
    // The page of a deploy that stopped says what it had done and why: what a reviewer of the failure needs first.
    // Its own failure to be written must not hide why the deploy stopped.
    await report('stopped', progress.stopped(error)).catch((e: unknown) => ctx.logger.warn((e as Error).message));
    throw error;
  }
  const applied = progress.finish();
  ctx.report.set('calls', api.callCounts());
  await report('deploy', applied);
  return 0;
}
