import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArchiveProblems, readArchive, writeArchive, type BotFiles } from '../src/services/lex/lex-json.js';
import { botArchive, travelBot } from './lex-support.js';

function problems(archive: Uint8Array): string[] {
  try {
    readArchive(archive);
  } catch (error) {
    if (error instanceof ArchiveProblems) return error.reasons;
    throw error;
  }
  throw new Error('expected the archive to be refused');
}

function replace(archive: Uint8Array, changes: Record<string, string | undefined>): Uint8Array {
  const entries = unzipSync(archive);
  for (const [path, content] of Object.entries(changes)) {
    if (content === undefined) delete entries[path];
    else entries[path] = strToU8(content);
  }
  return zipSync(entries);
}

const FILES: BotFiles = {
  bot: {
    name: 'Travel',
    identifier: 'BOT0000001',
    version: 'DRAFT',
    dataPrivacy: { childDirected: false },
    idleSessionTTLInSeconds: 300,
  },
  locales: [
    {
      locale: { name: 'English (US)', identifier: 'en_US', nluConfidenceThreshold: 0.4, custom: 'kept' },
      intents: [
        {
          intent: {
            name: 'BookTrip',
            identifier: 'INT0000001',
            sampleUtterances: [{ utterance: 'book' }],
            slotPriorities: [{ priority: 0, slotName: 'When' }],
          },
          slots: [{ name: 'When', identifier: 'SLT0000001', slotTypeName: 'AMAZON.Date' }],
        },
      ],
      slotTypes: [],
    },
  ],
};

describe('writeArchive', () => {
  it('lays the files out as Lex exports do, fields in Lex order and absent ones as null', () => {
    const entries = unzipSync(writeArchive(FILES));
    const paths = Object.keys(entries).filter((path) => !path.endsWith('/'));
    const locale = JSON.parse(strFromU8(entries['Travel/BotLocales/en_US/BotLocale.json'] as Uint8Array)) as Record<
      string,
      unknown
    >;
    const bot = JSON.parse(strFromU8(entries['Travel/Bot.json'] as Uint8Array)) as Record<string, unknown>;

    expect(paths.sort()).toEqual([
      'Manifest.json',
      'Travel/Bot.json',
      'Travel/BotLocales/en_US/BotLocale.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Intent.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Slots/When/Slot.json',
    ]);
    expect(Object.keys(bot)).toEqual([
      'dataPrivacy',
      'description',
      'errorLogSettings',
      'identifier',
      'idleSessionTTLInSeconds',
      'name',
      'version',
    ]);
    expect(locale).toEqual({
      name: 'English (US)',
      identifier: 'en_US',
      version: null,
      description: null,
      voiceSettings: null,
      nluConfidenceThreshold: 0.4,
      custom: 'kept',
    });
  });

  it('reads back what it writes', () => {
    const read = readArchive(writeArchive(FILES));

    expect(read.bot).toMatchObject(FILES.bot);
    expect(read.locales[0]?.intents[0]?.slots[0]).toMatchObject({ name: 'When', slotTypeName: 'AMAZON.Date' });
  });
});

describe('readArchive', () => {
  it('ignores folders and macOS metadata a zip tool adds', () => {
    const archive = replace(botArchive(travelBot('Travel')), {
      '__MACOSX/Travel/._Bot.json': 'x',
      'Travel/.DS_Store': 'x',
    });

    expect(readArchive(archive).locales.map((locale) => locale.intents.length)).toEqual([3]);
  });

  it('reports every problem it finds, not only the first', () => {
    const archive = replace(botArchive(travelBot('Travel')), {
      'Travel/BotLocales/en_US/BotLocale.json': JSON.stringify({ name: 'x', identifier: 'en_GB' }),
      'Travel/BotLocales/en_US/Intents/Goodbye/Intent.json': '[1, 2]',
      'Travel/BotLocales/en_US/SlotTypes/TripType/SlotType.json': undefined,
    });

    expect(problems(archive)).toEqual([
      'Travel/BotLocales/en_US/BotLocale.json: the locale identifier "en_GB" does not match its folder \'en_US\'.',
      "Slot 'Kind' of intent 'BookTrip' in locale en_US uses the slot type \"TripType\", which is neither built in nor defined in the locale.",
      'Travel/BotLocales/en_US/Intents/Goodbye/Intent.json must hold a JSON object.',
    ]);
  });

  it('refuses manifests of other formats or resources, and archives with several bots', () => {
    const locale = replace(botArchive(travelBot('Travel')), {
      'Manifest.json': JSON.stringify({
        metadata: { schemaVersion: '1', fileFormat: 'TSV', resourceType: 'BOT_LOCALE' },
      }),
    });
    const twoBots = replace(botArchive(travelBot('Travel')), { 'Other/Bot.json': JSON.stringify({ name: 'Other' }) });

    expect(problems(locale)).toEqual([
      'Manifest.json: fileFormat must be LexJson (got "TSV").',
      'Manifest.json: resourceType must be BOT for a bot import (got "BOT_LOCALE").',
    ]);
    expect(problems(twoBots)).toEqual(['The archive holds more than one bot folder: Other, Travel.']);
  });

  it('refuses slot priorities for slots the intent does not have', () => {
    const archive = replace(botArchive(travelBot('Travel')), {
      'Travel/BotLocales/en_US/Intents/Goodbye/Intent.json': JSON.stringify({
        name: 'Goodbye',
        sampleUtterances: [{ utterance: 'bye' }],
        slotPriorities: [{ priority: 0, slotName: 'Ghost' }],
      }),
    });

    expect(problems(archive)).toEqual([
      'Intent \'Goodbye\' in locale en_US gives a priority to the slot "Ghost", which it does not have.',
    ]);
  });
});
