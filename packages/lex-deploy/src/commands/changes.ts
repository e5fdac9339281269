import type { StepContext } from '@edd/core';
import type { ChangesOptions } from '../cli.js';
import { botChanges } from '../export/changes.js';

const SYMBOL = { added: '+', changed: '~', removed: '-' } as const;

export async function changesCommand(options: ChangesOptions, ctx: StepContext): Promise<number> {
  const { changes, counts } = await botChanges(options.before, options.after);
  for (const c of changes) ctx.logger.info(`${SYMBOL[c.change]} ${c.kind} "${c.name}"  (${c.files.length} files)`);
  ctx.logger.info(`Changes: ${counts.added} added, ${counts.changed} changed, ${counts.removed} removed.`);
  ctx.report.set('changes', changes);
  ctx.report.set('changeCounts', counts);
  return 0;
}
