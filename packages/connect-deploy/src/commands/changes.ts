import type { StepContext } from '@edd/core';
import type { ChangesOptions } from '../cli.js';
import { exportChanges } from '../export/changes.js';

const SYMBOL = { added: '+', changed: '~', removed: '-' } as const;

export async function changesCommand(options: ChangesOptions, ctx: StepContext): Promise<number> {
  const { changes, counts } = await exportChanges(options.before, options.after);
  for (const c of changes) {
    const what = c.kind === 'file' ? `file ${c.name}` : `${c.kind} "${c.name}"`;
    ctx.logger.info(`${SYMBOL[c.change]} ${what}  (${c.files.join(', ')})`);
  }
  ctx.logger.info(`Changes: ${counts.added} added, ${counts.changed} changed, ${counts.removed} removed.`);
  ctx.report.set('changes', changes);
  ctx.report.set('changeCounts', counts);
  return 0;
}
