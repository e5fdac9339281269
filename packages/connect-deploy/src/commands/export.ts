import { join } from 'node:path';
import { InputRoot, OutputRoot, stableStringify, type StepContext } from '@edd/core';
import { resolveInstance } from '../aws/instance.js';
import { CONFIG_FILE, readConfig } from '../model/config.js';
import { exportInstance } from '../export/exporter.js';
import type { ExportOptions } from '../cli.js';
import { connectApi, instanceAlias, targetLabel } from './shared.js';

export async function exportCommand(options: ExportOptions, ctx: StepContext): Promise<number> {
  const out = options.out;
  const output = await OutputRoot.open(out, '--out');
  const root = await InputRoot.open(out, { what: '--out' });
  const firstExport = !(await root.exists(CONFIG_FILE, 'file'));
  const config = await readConfig(root);
  const api = connectApi(ctx, options, config);
  const alias = instanceAlias(ctx, options.instanceAlias ?? config.instanceAlias);
  const instance = await resolveInstance(api, { alias, id: options.instanceId }, targetLabel(ctx));
  ctx.logger.info(`exporting instance ${instance.alias} (${instance.id}) to ${out}`);
  const result = await exportInstance(api, {
    instance,
    out,
    config,
    inferConfig: firstExport,
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    placeholders: ctx.placeholders(),
    logger: ctx.logger,
  });
  if (firstExport) {
    // The first export writes the rules it used, so the files and the rules agree from the start.
    await output.write(CONFIG_FILE, stableStringify(result.config));
    for (const rule of result.inferred) ctx.logger.info(`inferred ${rule.key} "${rule.value}" from ${rule.from}`);
    ctx.logger.info(
      `wrote ${join(out, CONFIG_FILE)} with these rules; review them and add phoneNumbers and environmentValues as needed (see the README)`,
    );
    ctx.report.set('inferred', result.inferred);
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
