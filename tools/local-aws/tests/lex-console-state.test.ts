import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBotCommand,
  CreateBotLocaleCommand,
  CreateIntentCommand,
  DescribeBotLocaleCommand,
  ListIntentsCommand,
} from '@aws-sdk/client-lex-models-v2';
import { strToU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import {
  botArchive,
  exportFiles,
  importArchive,
  LEX_ROLE,
  lexClient,
  portableFiles,
  travelBot,
} from './lex-support.js';
import { admin } from './support.js';

describe('lex console building, kept and paced', () => {
  const started: LocalAws[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((localAws) => localAws.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function start(options: Parameters<typeof startLocalAws>[0]): Promise<LocalAws> {
    const localAws = await startLocalAws(options);
    started.push(localAws);
    return localAws;
  }

  it('keeps a console-built locale and the files an import kept across a restart with a state directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-aws-lex-state-'));
    dirs.push(dir);
    const first = await start({ timeScale: 20, quotas: false, stateDir: dir });
    const lex = lexClient(first);
    const flow = strToU8('{"nodes":[]}');
    const imported = await importArchive(
      lex,
      botArchive({
        ...travelBot('Travel'),
        extraFiles: { 'Travel/BotLocales/en_US/Intents/BookTrip/ConversationFlow.json': flow },
      }),
      'Travel',
    );
    const botId = imported.importedResourceId as string;
    await lex.send(
      new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR', nluIntentConfidenceThreshold: 0.5 }),
    );
    await lex.send(
      new CreateIntentCommand({
        botId,
        botVersion: 'DRAFT',
        localeId: 'fr_FR',
        intentName: 'Reserver',
        sampleUtterances: [{ utterance: 'réserver un voyage' }],
      }),
    );
    const before = await exportFiles(lex, botId, 'DRAFT');
    await first.close();
    started.splice(started.indexOf(first), 1);

    const second = await start({ timeScale: 20, quotas: false, stateDir: dir });
    const after = await exportFiles(lexClient(second), botId, 'DRAFT');
    const intents = await lexClient(second).send(
      new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR' }),
    );

    expect(portableFiles(after)).toEqual(portableFiles(before));
    expect(after['Travel/BotLocales/en_US/Intents/BookTrip/ConversationFlow.json']).toEqual(flow);
    expect(intents.intentSummaries?.map((intent) => intent.intentName)).toEqual(['FallbackIntent', 'Reserver']);
  });

  it('paces each console operation with its own bucket of 2 a second, burst 5', async () => {
    const localAws = await start({ quotas: true });
    const lex = lexClient(localAws);
    await admin(localAws, 'POST', 'lex/timings', { botCreationMs: 0, localeCreationMs: 0 });
    const { botId } = await lex.send(
      new CreateBotCommand({
        botName: 'Paced',
        roleArn: LEX_ROLE,
        dataPrivacy: { childDirected: false },
        idleSessionTTLInSeconds: 300,
      }),
    );
    await lex.send(
      new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 }),
    );
    const where = { botId, botVersion: 'DRAFT', localeId: 'en_US' };
    // Ten at once: the bucket lets its burst of 5 through, and refills 2 a second, so however slow the machine,
    // some of them are refused for as long as the ten take less than 2.5 s.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        lex.send(
          new CreateIntentCommand({ ...where, intentName: `Intent${index}`, sampleUtterances: [{ utterance: 'hi' }] }),
        ),
      ),
    );
    const created = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason as Error & { $metadata?: { httpStatusCode?: number } }] : [],
    );
    const listed = await lex.send(new ListIntentsCommand(where));
    const locale = await lex.send(new DescribeBotLocaleCommand(where));

    expect(created.length).toBeGreaterThanOrEqual(5);
    expect(refused.length).toBeGreaterThan(0);
    for (const throttled of refused)
      expect([throttled.name, throttled.$metadata?.httpStatusCode, throttled.message]).toEqual([
        'ThrottlingException',
        429,
        'Rate exceeded',
      ]);
    // The fallback intent and every intent that got through.
    expect(listed.intentSummaries).toHaveLength(created.length + 1);
    expect(locale.intentsCount).toBe(created.length + 1);
  });
});
