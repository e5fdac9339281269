import { dirname } from 'node:path';
import {
  APPLYING_HEADING,
  ExitCode,
  PlanBlockedError,
  ValidationError,
  appliedLine,
  formatProblem,
  hasChanges,
  planExitCode,
  printPlanDocument,
  type PlanDocument,
  type StepContext,
} from '@edd/core';
import { writeRequestedReport } from '@edd/plan-report';
import { deployServices, makePlan } from '../api.js';
import { applyDeploy, type DeployResult } from '../deploy/apply.js';
import type { DeployPlan, DeployServices } from '../deploy/plan.js';
import type { PreparedDeploy } from '../deploy/prepare.js';
import type { DeployOptions, PlanOptions } from '../cli.js';
import { loadConfig, targetOf, waitSettings } from './shared.js';

interface Planned {
  prepared: PreparedDeploy;
  services: DeployServices;
  plan: DeployPlan;
  document: PlanDocument;
}

/**
 * Checks the source offline, reads the target and prints the plan. What blocks the deploy (strings naming another
 * account, a code hook function missing in the target) is printed after the plan, never instead of it, and stops
 * here with exit 3, before any write.
 */
async function planned(options: PlanOptions | DeployOptions, ctx: StepContext): Promise<Planned> {
  const sourcePath = options.source;
  const config = await loadConfig(options, dirname(sourcePath));
  const { environment, place } = targetOf(ctx);
  const services = deployServices(ctx.aws, place, ctx.logger, waitSettings(options as DeployOptions, config));
  const { prepared, plan, document } = await makePlan({
    options,
    config,
    environment,
    place,
    target: planTarget(ctx),
    services,
    version: ctx.version,
  });
  for (const warning of prepared.warnings) ctx.logger.warn(formatProblem(warning));
  for (const path of prepared.source.ignored)
    ctx.logger.warn(`${sourcePath}: ${path} is not part of a LexJson bot and is left out`);
  printPlanDocument(document, ctx.logger, { verbose: options.verbose });
  const { request } = prepared;
  ctx.report.set('bot', { name: request.botName, ...(plan.bot ? { id: plan.bot.id } : {}) });
  ctx.report.set('contentSha256', request.contentHash);
  ctx.report.set('plan', document);
  if (document.blockers.length > 0) {
    // Pipelines read what to fix from the report's problems, as for any other refusal before the first write.
    ctx.report.set('problems', document.blockers);
    // A blocked plan is reported too: the page says what stops it, which is what its reviewer needs.
    await reviewPage(options, ctx, document, 'plan');
    throw new PlanBlockedError(document);
  }
  return { prepared, services, plan, document };
}

function reviewPage(
  options: PlanOptions | DeployOptions,
  ctx: StepContext,
  document: PlanDocument,
  kind: 'plan' | 'deploy',
  outcome?: string,
): Promise<void> {
  return writeRequestedReport(options.report, [document], {
    kind,
    ...(outcome ? { outcome } : {}),
    logger: ctx.logger,
  });
}

function planTarget(ctx: StepContext): PlanDocument['target'] {
  const { target } = ctx;
  return target ? { environment: target.environment, account: target.account, region: target.region } : undefined;
}

async function withProblems<T>(ctx: StepContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // The one-line error goes to the report anyway; the pipeline's artifact should also say what to fix, and where.
    if (error instanceof ValidationError && !(error instanceof PlanBlockedError))
      ctx.report.set('problems', error.problems);
    throw error;
  }
}

/** `plan`: the change set, read-only; with `--detailed-exitcode`, exit 6 when it has changes. */
export async function planCommand(options: PlanOptions, ctx: StepContext): Promise<number> {
  return withProblems(ctx, async () => {
    const { document } = await planned(options, ctx);
    await reviewPage(options, ctx, document, 'plan');
    const code = planExitCode(document, { detailedExitcode: options.detailedExitcode });
    ctx.logger.info('dry run: nothing was written');
    return code;
  });
}

function report(ctx: StepContext, result: DeployResult): void {
  ctx.report.set('bot', { name: result.bot.name, id: result.bot.id });
  ctx.report.set('botVersion', result.version);
  ctx.report.set('imported', result.imported);
  ctx.report.set('alias', { name: result.alias.name, id: result.alias.id, arn: result.alias.arn });
  ctx.report.set(
    'locales',
    result.builds.map((b) => ({
      localeId: b.localeId,
      status: b.status,
      buildSeconds: Math.round(b.durationMs / 100) / 10,
    })),
  );
  ctx.report.set('permissions', result.permissions);
  if (result.connect) ctx.report.set('connect', result.connect);
  ctx.report.set('prunedVersions', result.pruned);
  if (result.imported) ctx.report.addResource({ type: 'bot', name: result.bot.name, action: 'import' });
  for (const build of result.builds)
    ctx.report.addResource({
      type: 'locale',
      name: `${result.bot.name} ${build.localeId}`,
      action: 'build',
      durationMs: build.durationMs,
    });
  ctx.report.addResource({
    type: 'alias',
    name: `${result.bot.name} ${result.alias.name}`,
    action: result.alias.action,
  });
  for (const p of result.permissions)
    ctx.report.addResource({ type: 'lambda-permission', name: p.function, action: p.action });
  if (result.connect)
    ctx.report.addResource({ type: 'connect-bot', name: result.connect.instance, action: result.connect.action });
  for (const v of result.pruned)
    ctx.report.addResource({ type: 'version', name: `${result.bot.name} ${v}`, action: 'delete' });
}

/**
 * What the apply did, in the plan's counts: the content the import brought (as planned) and the version it made,
 * then the alias, permissions, association and pruned versions as they turned out.
 */
function appliedCounts(plan: DeployPlan, result: DeployResult) {
  const done = { create: 0, update: 0, delete: 0 };
  if (result.imported) {
    for (const r of plan.content) if (r.action !== 'unchanged') done[r.action]++;
    done.create++;
  }
  if (result.alias.action === 'create') done.create++;
  if (result.alias.action === 'update') done.update++;
  done.create += result.permissions.filter((p) => p.action === 'added').length;
  if (result.connect?.action === 'associated') done.create++;
  done.delete += result.pruned.length;
  return done;
}

/** `deploy`: the plan, then (unless `--dry-run`) the import, builds, version, alias, permissions and association. */
export async function deployCommand(options: DeployOptions, ctx: StepContext): Promise<number> {
  return withProblems(ctx, async () => {
    const { prepared, services, plan, document } = await planned(options, ctx);
    if (ctx.dryRun) {
      await reviewPage(options, ctx, document, 'plan');
      ctx.logger.info('dry run: nothing was written');
      return ExitCode.Success;
    }
    const changes = hasChanges(document);
    const started = Date.now();
    if (changes) ctx.logger.info(APPLYING_HEADING);
    const result = await applyDeploy(services, plan, {
      archive: prepared.archive,
      settings: prepared.importSettings,
    });
    report(ctx, result);
    const applied = changes ? appliedLine(appliedCounts(plan, result), Date.now() - started) : undefined;
    if (applied) ctx.logger.info(applied);
    await reviewPage(
      options,
      ctx,
      document,
      'deploy',
      applied ?? 'Nothing to do: the target already matched the export.',
    );
    return ExitCode.Success;
  });
}
