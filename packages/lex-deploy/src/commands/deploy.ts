import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  APPLYING_HEADING,
  ExitCode,
  PlanBlockedError,
  ValidationError,
  appliedLine,
  exitCodeOf,
  formatProblem,
  hasChanges,
  planExitCode,
  planTargetOf,
  printPlanDocument,
  readStepPlan,
  redact,
  saveRequestedPlan,
  type Logger,
  type PlanDocument,
  type PlanFingerprints,
  type SavedPlan,
  type StepContext,
} from '@edd/core';
import { writeRequestedReport, type ReportKind } from '@edd/plan-report';
import { deployServices, planPrepared, prepareSource } from '../api.js';
import { applyDeploy, type DeployResult } from '../deploy/apply.js';
import type { DeployPlan, DeployServices } from '../deploy/plan.js';
import type { PreparedDeploy } from '../deploy/prepare.js';
import {
  changeSetSchema,
  checkSavedSource,
  checkSavedTarget,
  savedOptionsOf,
  savedPlan,
  sourceFingerprints,
  type ChangeSet,
  type SavedOptions,
} from '../deploy/saved-plan.js';
import type { DeployOptions, PlanOptions } from '../cli.js';
import { CONFIG_FILE } from '../model/config.js';
import { loadConfig, targetOf, waitSettings } from './shared.js';

interface Planned {
  prepared: PreparedDeploy;
  services: DeployServices;
  plan: DeployPlan;
  document: PlanDocument;
  /** The options that shaped the plan and the source it read, as a saved plan records them. */
  saving: { options: SavedOptions; source: Pick<PlanFingerprints, 'source' | 'sourceFiles'> };
}

/**
 * Checks the source offline, reads the target and prints the plan. What blocks the deploy (strings naming another
 * account, a code hook function missing in the target) is printed after the plan, never instead of it, and stops
 * here with exit 3, before any write. With a saved plan, the source is checked against it before the first AWS
 * call (the account check included), and the target after it is read again.
 */
async function planned(
  options: PlanOptions | DeployOptions,
  ctx: StepContext,
  saved?: { file: string; plan: SavedPlan<ChangeSet> },
): Promise<Planned> {
  const sourcePath = options.source;
  const config = await loadConfig(options, dirname(sourcePath));
  const { environment, place } = targetOf(ctx);
  const prepared = await prepareSource({ options, config, environment, place });
  const savedOptions = savedOptionsOf(prepared);
  const isZip = !(await stat(sourcePath)).isDirectory();
  const configFile = options.config ?? join(dirname(sourcePath), CONFIG_FILE);
  const source = sourceFingerprints(prepared.files, config, savedOptions);
  if (saved) checkSavedSource(saved.file, saved.plan, savedOptions, source, { source: sourcePath, isZip, configFile });
  await ctx.verifyAccount();
  const services = deployServices(ctx.aws, place, ctx.logger, waitSettings(options as DeployOptions, config));
  const { plan, document } = await planPrepared(
    { services, version: ctx.version, target: planTargetOf(ctx) },
    prepared,
  );
  if (saved) {
    checkSavedTarget(saved.file, saved.plan, plan, document);
    ctx.logger.info(`applying the saved plan ${saved.file}: neither the source nor the target moved since`);
  }
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
    await saveRequestedPlan(
      'out' in options ? options.out : undefined,
      document,
      () => savedPlan(document, plan, savedOptions, source),
      ctx.logger,
    );
    // A blocked plan is reported too: the page says what stops it, which is what its reviewer needs.
    await reviewPage(options, ctx, document, 'plan');
    throw new PlanBlockedError(document);
  }
  return { prepared, services, plan, document, saving: { options: savedOptions, source } };
}

function reviewPage(
  options: PlanOptions | DeployOptions,
  ctx: StepContext,
  document: PlanDocument,
  kind: ReportKind,
  outcome?: string,
): Promise<void> {
  return writeRequestedReport(options.report, [document], {
    kind,
    ...(outcome ? { outcome } : {}),
    logger: ctx.logger,
  });
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
    const { document, plan, saving } = await planned(options, ctx);
    await saveRequestedPlan(
      options.out,
      document,
      () => savedPlan(document, plan, saving.options, saving.source),
      ctx.logger,
    );
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

/** The error's line and the items it lists (a failed build's reasons), as one sentence. */
function failureText(error: unknown): string {
  const explain = (error as { explain?: () => readonly string[] }).explain;
  const lines = typeof explain === 'function' ? explain.call(error) : [String((error as Error).message ?? error)];
  return lines.map((line) => line.trim()).join('; ');
}

/** A logger that also keeps the lines of the apply, for the review page of a deploy that fails partway. */
function recording(logger: Logger, lines: string[]): Logger {
  return {
    debugEnabled: logger.debugEnabled,
    info: (message) => {
      if (message !== APPLYING_HEADING) lines.push(message.trim());
      logger.info(message);
    },
    warn: (message) => {
      lines.push(message.trim());
      logger.warn(message);
    },
    error: (message) => logger.error(message),
    debug: (message) => logger.debug(message),
    action: (action, type, name, detail) => logger.action(action, type, name, detail),
  };
}

/**
 * `deploy`: the plan, then (unless `--dry-run`) the import, builds, version, alias, permissions and association.
 * With `--plan`, the saved plan is checked first and applied only when nothing it was made from moved.
 */
export async function deployCommand(options: DeployOptions, ctx: StepContext): Promise<number> {
  return withProblems(ctx, async () => {
    const saved = options.plan
      ? {
          file: options.plan,
          plan: await readStepPlan(ctx, options.plan, changeSetSchema),
        }
      : undefined;
    const { prepared, services, plan, document } = await planned(options, ctx, saved);
    if (ctx.dryRun) {
      await reviewPage(options, ctx, document, 'plan');
      ctx.logger.info('dry run: nothing was written');
      return ExitCode.Success;
    }
    const changes = hasChanges(document);
    const started = Date.now();
    if (changes) ctx.logger.info(APPLYING_HEADING);
    const done: string[] = [];
    let result: DeployResult;
    try {
      result = await applyDeploy({ ...services, logger: recording(ctx.logger, done) }, plan, {
        archive: prepared.archive,
        settings: prepared.importSettings,
      });
    } catch (error) {
      // The page of a deploy that stopped says what it had done and why: what a reviewer of the failure needs first.
      // Its own failure to be written must not hide why the deploy stopped.
      const did = done.length > 0 ? `Done before it stopped: ${done.join('; ')}.` : 'Nothing was written.';
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      await reviewPage(
        options,
        ctx,
        document,
        'stopped',
        redact(`Stopped after ${seconds} s (exit ${exitCodeOf(error)}): ${failureText(error)}. ${did}`),
      ).catch((e: unknown) => ctx.logger.warn((e as Error).message));
      throw error;
    }
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
