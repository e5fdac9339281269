import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeBotLocaleCommand } from '@aws-sdk/client-lex-models-v2';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBot, writeFolder, zipFiles } from '../fixtures/sample-bot.js';
import { FAST, QA, TIME_SCALE, admin, clientsFor, lexDeploy } from './support.js';

let localAws: LocalAws;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-parallel-'));

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
  // Builds long enough that the ten locales of five bots overlap, as real builds of minutes do, even on a busy machine.
  await admin(localAws, 'lex/timings', { buildMs: 150_000 });
});
afterAll(() => localAws?.close());

/** The same bot handed over in every form people use: a folder, a zip, a zip of a folder with `manifest.json`. */
function source(index: number): string {
  const name = `Parallel${index}`;
  const files = sampleBot({ name, account: QA.AccountNumber, variant: index });
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  if (index % 3 === 0) return writeFolder(join(dir, name), files);
  const zip = join(dir, `${name}.zip`);
  writeFileSync(
    zip,
    index % 3 === 1 ? zipFiles(files) : zipFiles(files, { wrap: `${name}-export`, manifest: 'manifest.json' }),
  );
  return zip;
}

describe('five deploys in parallel', () => {
  it('all succeed although the account builds at most five locales at once', async () => {
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => lexDeploy(localAws, QA, ['deploy', '--source', source(i), '--json', ...FAST])),
    );
    for (const outcome of outcomes) expect(outcome.code, outcome.stderr).toBe(0);

    const refused = localAws.calls({ service: 'lex', operation: 'BuildBotLocale' }).filter((c) => c.status === 402);
    expect(refused.length).toBeGreaterThan(0);
    const qa = await clientsFor(localAws, QA.AccountNumber);
    for (const outcome of outcomes) {
      const report = JSON.parse(outcome.stdout) as {
        bot: { id: string };
        botVersion: string;
        locales: { localeId: string; status: string }[];
      };
      expect(report.botVersion).toBe('1');
      expect(report.locales.map((l) => `${l.localeId} ${l.status}`)).toEqual(['en_US Built', 'es_US Built']);
      for (const localeId of ['en_US', 'es_US']) {
        const locale = await qa.lex.send(
          new DescribeBotLocaleCommand({ botId: report.bot.id, botVersion: '1', localeId }),
        );
        expect(locale.botLocaleStatus).toBe('Built');
      }
    }
  });
});
