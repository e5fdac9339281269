import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botChanges } from '../../src/index.js';

const SAMPLE = join(import.meta.dirname, '../../../../examples/sample-app/lex');

function twoCopies(): { before: string; after: string } {
  const dir = mkdtempSync(join(tmpdir(), 'edd-bot-changes-'));
  cpSync(SAMPLE, join(dir, 'before'), { recursive: true });
  cpSync(SAMPLE, join(dir, 'after'), { recursive: true });
  return { before: join(dir, 'before'), after: join(dir, 'after') };
}

describe('botChanges', () => {
  it('finds nothing between two identical folders', async () => {
    const { before, after } = twoCopies();
    expect(await botChanges(before, after)).toEqual({ changes: [], counts: { added: 0, changed: 0, removed: 0 } });
  });

  it('sums the files that differ up per bot: changed, added, removed', async () => {
    const { before, after } = twoCopies();
    const intent = join(after, 'EDDBot/EDDBot/BotLocales/en_US/Intents/TalkToAgent/Intent.json');
    const body = JSON.parse(readFileSync(intent, 'utf8')) as Record<string, unknown>;
    writeFileSync(intent, JSON.stringify({ ...body, description: 'Asks for a person' }, null, 2));
    rmSync(join(after, 'EDDBot/EDDBot/BotLocales/en_US/Intents/FallbackIntent'), { recursive: true });
    cpSync(join(after, 'EDDBot'), join(after, 'EDDClaims'), { recursive: true });
    cpSync(join(before, 'EDDBot'), join(before, 'EDDRetired'), { recursive: true });

    const { changes, counts } = await botChanges(before, after);
    expect(changes.map((c) => c.line)).toEqual([
      'Lex bot EDDBot: changed',
      'Lex bot EDDClaims: added',
      'Lex bot EDDRetired: removed',
    ]);
    expect(changes[0]!.files).toEqual([
      'EDDBot/EDDBot/BotLocales/en_US/Intents/FallbackIntent/Intent.json',
      'EDDBot/EDDBot/BotLocales/en_US/Intents/TalkToAgent/Intent.json',
    ]);
    expect(counts).toEqual({ added: 1, changed: 1, removed: 1 });
  });

  it('names a file beside the bots by its name, and takes a missing before folder for an empty one', async () => {
    const { after } = twoCopies();
    const { changes } = await botChanges(join(after, '../not-there'), after);
    expect(changes.map((c) => c.line)).toEqual(['Lex bot EDDBot: added', 'Lex file lex-deploy.json: added']);
  });
});
