import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stableStringify, writeFileAtomic, type StepContext } from '@edd/core';
import { resolveInstance } from '../aws/instance.js';
import { CONFIG_FILE, readConfig } from '../model/config.js';
import { exportInstance } from '../export/exporter.js';
import type { ExportOptions } from '../cli.js';
import { connectApi, instanceAlias, targetLabel } from './shared.js';

export async function exportCommand(options: ExportOptions, ctx: StepContext): Promise<number> {
  const out = options.out;
  await mkdir(out, { recursive: true });
  const config = await readConfig(out);
  const api = connectApi(ctx, options, config);
  const alias = instanceAlias(ctx, options.instanceAlias ?? config.instanceAlias);
  const instance = await resolveInstance(api, { alias, id: options.instanceId }, targetLabel(ctx));
  ctx.logger.info(`exporting instance ${instance.alias} (${instance.id}) to ${out}`);
  const result = await exportInstance(api, {
    instance,
    out,
    config,
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    placeholders: ctx.placeholders(),
    logger: ctx.logger,
  });
  const configPath = join(out, CONFIG_FILE);
  if (
    !(await access(configPath).then(
      () => true,
      () => false,
    ))
  ) {
    await writeFileAtomic(configPath, stableStringify({ instanceAlias: instance.alias }));
    ctx.logger.info(`wrote ${configPath}: add the naming rules of your environments to it (see the README)`);
  }
  for (const warning of result.warnings) ctx.logger.warn(warning);
  for (const r of result.resources)
    ctx.report.addResource({ type: r.type, name: r.name, action: 'export', detail: r.file });
  ctx.report.set('warnings', result.warnings);
  ctx.report.set('removedFiles', result.removedFiles);
  ctx.report.set('calls', api.callCounts());
  ctx.logger.info(
    `exported ${result.resources.length} resources${result.warnings.length ? ` with ${result.warnings.length} warnings` : ''}`,
  );
  return 0;
}
