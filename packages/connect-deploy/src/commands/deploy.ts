import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError, ValidationError, type Problem, type StepContext } from '@edd/core';
import type { DeployOptions } from '../cli.js';
import { resolveInstance } from '../aws/instance.js';
import { CONFIG_FILE } from '../model/config.js';
import { readSource, selectResources, validateSource } from '../model/source.js';
import { applyPlan, checkPromptBucket, plannedUploads } from '../plan/apply.js';
import { isNoop, planDeployment, summarize } from '../plan/planner.js';
import { printPlan } from '../plan/render.js';
import { ExternalNames } from '../model/external-names.js';
import { ExternalResolver, readTarget } from '../plan/target.js';
import { connectApi, instanceAlias, targetLabel } from './shared.js';

export async function deployCommand(options: DeployOptions, ctx: StepContext): Promise<number> {
  const dir = options.source;
  if (options.prune && !options.prunePrefix) {
    throw new UsageError('--prune needs --prune-prefix: only resources whose names start with it are ever deleted');
  }
  const problems: Problem[] = [];
  const model = await readSource(dir, problems);
  validateSource(model, problems, { referencesMayBeInTarget: true });
  if (problems.length > 0) throw new ValidationError(`${dir} is not a valid export; nothing was written`, problems);
  const config = {
    ...model.config,
    include: options.include,
    exclude: options.exclude,
  };
  const sources = selectResources(model.resources, config);

  const api = connectApi(ctx, options, model.config);
  const clock = Date.now();
  const elapsed = () => `${((Date.now() - clock) / 1000).toFixed(1)} s`;
  const alias = instanceAlias(ctx, options.instanceAlias ?? model.instance?.InstanceAlias);
  const instance = await resolveInstance(api, { alias }, targetLabel(ctx));
  const placeholders = ctx.placeholders();
  const target = await readTarget(api, instance);
  ctx.logger.debug(`read the target instance in ${elapsed()}`);
  const allowed = (model.config.allowAccountArns ?? []).map((p) => new RegExp(p));
  const resolver = new ExternalResolver(api, ctx.aws, target, new ExternalNames(model.config, placeholders), (value) =>
    allowed.some((p) => p.test(value)),
  );
  const plan = await planDeployment(api, resolver, sources, {
    ...(options.prune ? { prune: { prefix: options.prunePrefix as string } } : {}),
  });
  if (plannedUploads(plan)) {
    const problem = await checkPromptBucket(ctx.aws, model.config, placeholders);
    if (problem)
      throw new ValidationError('the deploy cannot start', [
        { file: CONFIG_FILE, path: 'promptBucket', message: problem },
      ]);
  }
  ctx.logger.debug(`planned in ${elapsed()}`);
  printPlan(plan, ctx.logger);
  const counts = summarize(plan);
  ctx.report.set('instance', { id: instance.id, alias: instance.alias });
  ctx.report.set('plan', counts);
  for (const c of plan.changes) {
    if (ctx.dryRun || c.action === 'unchanged')
      ctx.report.addResource({
        type: c.type,
        name: c.name,
        action: c.action,
        ...(c.action === 'update' ? { detail: c.differences.map((d) => d.path.join('.')) } : {}),
      });
  }
  if (ctx.dryRun) {
    ctx.logger.info('dry run: nothing was written');
    return 0;
  }
  if (isNoop(plan)) {
    ctx.logger.info('nothing to do: the target already matches the export');
    return 0;
  }
  const backupDir = options.backupDir;
  if (backupDir) {
    await mkdir(backupDir, { recursive: true });
    await copyFile(join(dir, CONFIG_FILE), join(backupDir, CONFIG_FILE)).catch(() => undefined);
  }
  const started = Date.now();
  await applyPlan(api, plan, {
    logger: ctx.logger,
    report: ctx.report,
    config: model.config,
    placeholders,
    clients: ctx.aws,
    ...(backupDir ? { backupDir } : {}),
    waitTimeoutMs: options.waitTimeout * 1000,
  });
  ctx.report.set('calls', api.callCounts());
  ctx.logger.info(
    `deployed to ${instance.alias} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.create} created, ${counts.update} updated, ${counts.delete} deleted, ${counts.associate} associated`,
  );
  return 0;
}
