import { dirname } from 'node:path';
import { ValidationError, formatProblem, type StepContext } from '@edd/core';
import { registry } from '@edd/environments';
import { ConnectBots } from '../aws/connect.js';
import { LambdaPermissions } from '../aws/lambda.js';
import { LexApi } from '../aws/lex.js';
import { applyDeploy } from '../deploy/apply.js';
import { isNoop, planDeploy, printPlan, type DeployServices } from '../deploy/plan.js';
import { prepareDeploy } from '../deploy/prepare.js';
import type { DeployOptions } from '../cli.js';
import { loadConfig, targetOf, waitSettings } from './shared.js';

export async function deployCommand(options: DeployOptions, ctx: StepContext): Promise<number> {
  try {
    return await deploy(options, ctx);
  } catch (error) {
    // The one-line error goes to the report anyway; the pipeline's artifact should also say what to fix, and where.
    if (error instanceof ValidationError) ctx.report.set('problems', error.problems);
    throw error;
  }
}

async function deploy(options: DeployOptions, ctx: StepContext): Promise<number> {
  const sourcePath = options.source;
  const config = await loadConfig(options, dirname(sourcePath));
  const { environment, place } = targetOf(ctx);
  const prepared = await prepareDeploy({
    source: sourcePath,
    config,
    records: registry.records,
    environment,
    place,
    botName: options.botName,
    aliasName: options.aliasName,
    role: options.role,
    connectInstanceAlias: options.connectInstanceAlias,
    keepVersions: options.keepVersions,
  });
  for (const warning of prepared.warnings) ctx.logger.warn(formatProblem(warning));
  for (const path of prepared.source.ignored)
    ctx.logger.warn(`${sourcePath}: ${path} is not part of a LexJson bot and is left out`);
  const { request } = prepared;
  const services: DeployServices = {
    lex: new LexApi(ctx.aws, place, waitSettings(options, config), ctx.logger),
    lambda: new LambdaPermissions(ctx.aws),
    connect: new ConnectBots(ctx.aws),
    place,
    logger: ctx.logger,
  };
  const plan = await planDeploy(services, request);
  printPlan(plan, ctx.logger);
  ctx.report.set('bot', { name: request.botName, ...(plan.bot ? { id: plan.bot.id } : {}) });
  ctx.report.set('contentSha256', request.contentHash);
  if (ctx.dryRun) {
    ctx.report.set('plan', {
      import: plan.reuseVersion === undefined,
      version: plan.reuseVersion ?? 'new',
      alias: { name: request.aliasName, action: plan.alias.action, differences: plan.alias.differences },
      permissions: plan.permissions.map((p) => ({ function: p.fn.qualifiedArn, action: p.action })),
      ...(plan.connect ? { connect: { instance: plan.connect.instance.alias, action: plan.connect.action } } : {}),
      prune: plan.prune,
    });
    ctx.logger.info('dry run: nothing was written');
    return 0;
  }
  const started = Date.now();
  const result = await applyDeploy(services, plan, { archive: prepared.archive, settings: prepared.importSettings });
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
  ctx.logger.info(
    isNoop(plan)
      ? `nothing to do: ${result.bot.name} ${result.alias.name} already serves this content (version ${result.version})`
      : `deployed ${result.bot.name} version ${result.version} behind alias ${result.alias.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}
