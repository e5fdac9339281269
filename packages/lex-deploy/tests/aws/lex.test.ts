import { ServiceQuotaExceededException } from '@aws-sdk/client-lex-models-v2';
import { WaitTimeoutError, silentLogger, type AwsClients } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { LexApi } from '../../src/aws/lex.js';

// Lex's build quota and build failures depend on timing across accounts' pipelines; a scripted client plays them
// out exactly.

type Handler = (operation: string, input: Record<string, unknown>) => unknown;

function lexWith(handler: Handler, timeoutMs = 5000): LexApi {
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) =>
      handler(command.constructor.name.replace(/Command$/, ''), command.input),
  };
  const clients = { get: () => client } as unknown as AwsClients;
  return new LexApi(
    clients,
    { account: '640079793484', region: 'us-east-1' },
    { timeoutMs, intervalMs: 10 },
    silentLogger,
  );
}

const quota = () =>
  new ServiceQuotaExceededException({ message: 'You can build at most 5 bot locales at the same time', $metadata: {} });
const bot = { id: 'BOTID12345', name: 'EDDBot-qa' };

describe('LexApi.buildLocales', () => {
  it('waits for a free build slot when Lex answers ServiceQuotaExceededException, then builds', async () => {
    let refusals = 2;
    const polls = new Map<string, number>();
    const lex = lexWith((operation, input) => {
      if (operation === 'BuildBotLocale') {
        if (refusals-- > 0) throw quota();
        return { botLocaleStatus: 'Building' };
      }
      const seen = (polls.get(input.localeId as string) ?? 0) + 1;
      polls.set(input.localeId as string, seen);
      return { botLocaleStatus: seen < 3 ? 'Building' : 'Built' };
    });
    const builds = await lex.buildLocales(bot, ['en_US']);
    expect(builds).toEqual([expect.objectContaining({ localeId: 'en_US', status: 'Built', failureReasons: [] })]);
    expect(refusals).toBe(-1);
  });

  it('never has more than five builds of its own running', async () => {
    let running = 0;
    let most = 0;
    const started = new Map<string, number>();
    const lex = lexWith((operation, input) => {
      const locale = input.localeId as string;
      if (operation === 'BuildBotLocale') {
        running += 1;
        most = Math.max(most, running);
        started.set(locale, 0);
        return { botLocaleStatus: 'Building' };
      }
      const polls = started.get(locale)! + 1;
      started.set(locale, polls);
      if (polls < 3) return { botLocaleStatus: 'Building' };
      running -= 1;
      return { botLocaleStatus: 'Built' };
    });
    const locales = ['en_US', 'en_GB', 'es_US', 'es_ES', 'fr_CA', 'fr_FR', 'de_DE', 'it_IT'];
    const builds = await lex.buildLocales(bot, locales);
    expect(builds.map((b) => b.status)).toEqual(locales.map(() => 'Built'));
    expect(most).toBe(5);
  });

  it('gives up with exit 5 when the slots stay taken past the wait timeout', async () => {
    const lex = lexWith((operation) => {
      if (operation === 'BuildBotLocale') throw quota();
      throw new Error(`unexpected ${operation}`);
    }, 60);
    const error = await lex.buildLocales(bot, ['en_US']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toContain('waiting to start the build of locale en_US of bot EDDBot-qa');
  });

  it("collects a failed locale's reasons and recommended actions", async () => {
    const lex = lexWith((operation, input) => {
      if (operation === 'BuildBotLocale') return { botLocaleStatus: 'Building' };
      return input.localeId === 'es_US'
        ? {
            botLocaleStatus: 'Failed',
            failureReasons: ['Slot type X has no values'],
            recommendedActions: ['Add values to X'],
          }
        : { botLocaleStatus: 'Built' };
    });
    const builds = await lex.buildLocales(bot, ['en_US', 'es_US']);
    expect(builds.map((b) => [b.localeId, b.status, b.failureReasons, b.recommendedActions])).toEqual([
      ['en_US', 'Built', [], []],
      ['es_US', 'Failed', ['Slot type X has no values'], ['Add values to X']],
    ]);
  });
});
