import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/errors.js';
import { LexBots, type LexClock } from '../src/services/lex/bots.js';
import type { LocaleRecord, Scope } from '../src/services/lex/records.js';
import { LexTransfers } from '../src/services/lex/transfers.js';
import { ObjectStore } from '../src/services/s3/object-store.js';
import { botArchive, LEX_ROLE, SHARED_ACCOUNT, travelBot } from './lex-support.js';

/** A clock that only moves when told, so that every asynchronous state can be looked at. */
class ManualClock implements LexClock {
  time = 1_000_000;
  now(): number {
    return this.time;
  }
  after(ms: number): number {
    return this.time + ms;
  }
}

const SCOPE: Scope = { account: SHARED_ACCOUNT, region: 'us-east-1' };
const fail = (code: string, message: string) => new AwsError({ code, message });

function setUp() {
  const clock = new ManualClock();
  const bots = new LexBots(clock, fail);
  const objects = new ObjectStore();
  const transfers = new LexTransfers(bots, objects, clock, fail, () => undefined);
  return { clock, bots, objects, transfers };
}

function locale(localeId: string): LocaleRecord {
  const now = new Date();
  return {
    localeId,
    file: { name: localeId, identifier: localeId },
    intents: [],
    slotTypes: [],
    created: now,
    updated: now,
    build: { status: 'NotBuilt', failureReasons: [] },
  };
}

function uploadArchive(objects: ObjectStore, url: string, archive: Uint8Array): void {
  const { pathname } = new URL(url);
  const [, bucket = '', ...key] = pathname.split('/');
  objects.putServiceObject('lexv2.amazonaws.com', { bucket, key: key.join('/') }, Buffer.from(archive));
}

describe('LexBots', () => {
  it('settles builds when their time has come, and only then', () => {
    const { clock, bots } = setUp();
    const bot = bots.addBot(
      SCOPE,
      { botName: 'Clocked', roleArn: LEX_ROLE, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 },
      {},
    );
    bot.draft.push(locale('en_US'));

    bots.buildBotLocale(SCOPE, { botId: bot.id, botVersion: 'DRAFT', localeId: 'en_US' });
    clock.time += bots.timings.buildMs - 1;
    const during = bots.describeBotLocale(SCOPE, { botId: bot.id, botVersion: 'DRAFT', localeId: 'en_US' });
    clock.time += 1;
    const after = bots.describeBotLocale(SCOPE, { botId: bot.id, botVersion: 'DRAFT', localeId: 'en_US' });

    expect(during.botLocaleStatus).toBe('Building');
    expect(after.botLocaleStatus).toBe('Built');
  });

  it('counts running builds across the bots of an account and region only', () => {
    const { bots } = setUp();
    const other: Scope = { account: SHARED_ACCOUNT, region: 'eu-west-2' };
    const settings = { roleArn: LEX_ROLE, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 };
    const ids = ['en_US', 'en_GB', 'en_AU', 'es_US', 'fr_CA', 'de_DE'];
    const first = bots.addBot(SCOPE, { ...settings, botName: 'First' }, {});
    const second = bots.addBot(SCOPE, { ...settings, botName: 'Second' }, {});
    const elsewhere = bots.addBot(other, { ...settings, botName: 'Elsewhere' }, {});
    first.draft.push(...ids.slice(0, 3).map(locale));
    second.draft.push(...ids.slice(3).map(locale));
    elsewhere.draft.push(locale('en_US'));

    for (const localeId of ids.slice(0, 3))
      bots.buildBotLocale(SCOPE, { botId: first.id, botVersion: 'DRAFT', localeId });
    for (const localeId of ids.slice(3, 5))
      bots.buildBotLocale(SCOPE, { botId: second.id, botVersion: 'DRAFT', localeId });
    bots.buildBotLocale(other, { botId: elsewhere.id, botVersion: 'DRAFT', localeId: 'en_US' });
    let refused: unknown;
    try {
      bots.buildBotLocale(SCOPE, { botId: second.id, botVersion: 'DRAFT', localeId: 'de_DE' });
    } catch (error) {
      refused = error;
    }

    expect((refused as AwsError).code).toBe('ServiceQuotaExceededException');
  });
});

describe('LexTransfers', () => {
  it('changes nothing until an import completes, then creates the bot under the requested name', () => {
    const { clock, bots, objects, transfers } = setUp();
    const { importId, uploadUrl } = transfers.createUploadUrl(SCOPE, 'http://127.0.0.1:1') as {
      importId: string;
      uploadUrl: string;
    };
    uploadArchive(objects, uploadUrl, botArchive(travelBot('InFile')));

    transfers.startImport(SCOPE, {
      importId,
      mergeStrategy: 'Overwrite',
      resourceSpecification: {
        botImportSpecification: { botName: 'Renamed', roleArn: LEX_ROLE, dataPrivacy: { childDirected: false } },
      },
    });
    const before = bots.listBots(SCOPE, {}).botSummaries;
    clock.time += bots.timings.importMs;
    const described = transfers.describeImport(SCOPE, { importId });

    expect(before).toEqual([]);
    expect(described).toMatchObject({ importStatus: 'Completed', importedResourceName: 'Renamed' });
    expect(bots.botAliasExists(SCOPE.account, SCOPE.region, described.importedResourceId as string, 'TSTALIASID')).toBe(
      true,
    );
    expect(bots.botAliasExists(SCOPE.account, 'eu-west-2', described.importedResourceId as string, 'TSTALIASID')).toBe(
      false,
    );
  });
});
