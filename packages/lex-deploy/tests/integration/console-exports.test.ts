import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry } from '@edd/environments';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { CreateExportCommand, DescribeExportCommand } from '@aws-sdk/client-lex-models-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBotSource } from '../../src/model/bot-source.js';
import { contentHash } from '../../src/model/content-hash.js';
import { targetBot } from '../../src/model/normalize.js';
import { EnvironmentRules } from '../../src/model/rules.js';
import { unzipTree } from '../../src/model/tree.js';
import { DEV_ASSISTANT, QA_ASSISTANT, sampleBot, writeFolder, zipFiles } from '../fixtures/sample-bot.js';
import { treeOf } from '../fixtures/trees.js';
import {
  DEV,
  FAST,
  QA,
  REGION,
  TIME_SCALE,
  clientsFor,
  lastSeq,
  lexDeploy,
  readTree,
  seedBot,
  type Outcome,
} from './support.js';

// Exports as people bring them from the Lex console: renamed after the fact, and carrying the visual builder's files.

const CONFIG = {
  botName: '${name}-${Environment}',
  references: {
    KnowledgeAssistant: {
      dev: `arn:aws:wisdom:us-east-1:${DEV.AccountNumber}:assistant/${DEV_ASSISTANT}`,
      qa: `arn:aws:wisdom:us-east-1:${QA.AccountNumber}:assistant/${QA_ASSISTANT}`,
    },
    GrammarBucket: 'edd-lex-grammars-${AccountNumber}',
  },
  arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
};

let localAws: LocalAws;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-console-'));

function repository(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lex-deploy.json'), JSON.stringify(CONFIG, null, 2));
  return dir;
}

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
});
afterAll(() => localAws?.close());

// These round trips start from a bot that dev's Lex holds, so they depend on the emulator doing what Lex does: an
// import takes the bot's name from the import request, and files Lex does not interpret are kept through import and
// export. Where the emulator does not (yet), the test says so and is skipped; it never passes without checking.
const EMULATOR_NAME_MISMATCH = /the bot name ".*" does not match its folder/;

/** The files dev's Lex gives back for a bot's DRAFT, read straight from its export archive. */
async function draftFiles(botId: string): Promise<string[]> {
  const { lex } = await clientsFor(localAws, DEV.AccountNumber);
  const { exportId } = await lex.send(
    new CreateExportCommand({
      resourceSpecification: { botExportSpecification: { botId, botVersion: 'DRAFT' } },
      fileFormat: 'LexJson',
    }),
  );
  for (let i = 0; i < 400; i++) {
    const described = await lex.send(new DescribeExportCommand({ exportId }));
    if (described.exportStatus === 'Completed') {
      const archive = new Uint8Array(await (await fetch(described.downloadUrl!)).arrayBuffer());
      return [...unzipTree(archive, 'export').keys()];
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the export of the dev bot did not complete');
}

/** Every file of a repository's bot folder holds no trace of the dev account or of ids Lex gave there. */
function expectNeutral(files: Map<string, string>): void {
  for (const [path, text] of files) {
    expect(text, path).not.toContain(DEV.AccountNumber);
    expect(text, path).not.toContain(DEV_ASSISTANT);
    expect(text, path).not.toMatch(/"identifier": "ID\d{8}"/);
  }
}

/**
 * Dev holds the bot (imported there from a console export), the dev export goes to git, is deployed into QA, and
 * QA's export must give the same bytes; deploying again writes nothing.
 */
async function roundTrip(exportName: string): Promise<{ a: Map<string, string>; deployed: Outcome }> {
  const repoA = repository(`${exportName}-a`);
  const repoB = repository(`${exportName}-b`);
  const exported = await lexDeploy(localAws, DEV, [
    'export',
    '--bot-name',
    `${exportName}-\${Environment}`,
    '--out',
    repoA,
    ...FAST,
  ]);
  expect(exported.code, exported.stderr).toBe(0);
  const a = readTree(join(repoA, exportName));
  expectNeutral(a);

  const deployed = await lexDeploy(localAws, QA, ['deploy', '--source', join(repoA, exportName), '--json', ...FAST]);
  expect(deployed.code, deployed.stderr).toBe(0);
  expect(JSON.parse(deployed.stdout)).toMatchObject({ bot: { name: `${exportName}-qa` }, imported: true });

  const since = lastSeq(localAws);
  const again = await lexDeploy(localAws, QA, ['deploy', '--source', join(repoA, exportName), ...FAST]);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete, \d+ unchanged\.$/m);
  expect(again.stderr).not.toMatch(/^Applying$/m);
  expect(localAws.calls({ write: true, since }).map((c) => c.operation)).toEqual([]);

  const reexported = await lexDeploy(localAws, QA, [
    'export',
    '--bot-name',
    `${exportName}-\${Environment}`,
    '--out',
    repoB,
    ...FAST,
  ]);
  expect(reexported.code, reexported.stderr).toBe(0);
  expect(readTree(join(repoB, exportName))).toEqual(a);
  return { a, deployed };
}

describe('an export renamed after the fact (its folder differs from the name in Bot.json)', () => {
  it('is deployed from git under the name its folder gives, with a warning, and validate agrees', async () => {
    const dir = writeFolder(
      join(work, 'renamed-git'),
      sampleBot({ name: 'Renamed', nameInBotFile: 'Prototype', account: QA.AccountNumber }),
    );
    const validated = await lexDeploy(localAws, QA, ['validate', '--source', dir]);
    expect(validated.code, validated.stderr).toBe(0);
    const warning = /warning: .*Renamed\/Bot\.json \$\.name: "Prototype" differs from its folder 'Renamed'/;
    expect(validated.stderr).toMatch(warning);

    const planned = await lexDeploy(localAws, QA, ['deploy', '--source', dir, '--dry-run', ...FAST]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toMatch(warning);

    const deployed = await lexDeploy(localAws, QA, ['deploy', '--source', dir, '--json', ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(JSON.parse(deployed.stdout)).toMatchObject({ bot: { name: 'Renamed' }, imported: true });
  });

  it('round-trips dev -> QA byte-identical once dev holds it under the name its import gave', async (context) => {
    const seeded = await seedBot(
      await clientsFor(localAws, DEV.AccountNumber),
      DEV.AccountNumber,
      zipFiles(sampleBot({ name: 'Frontdesk-dev', nameInBotFile: 'FrontdeskPrototype', account: DEV.AccountNumber })),
      'Frontdesk-dev',
    ).catch((error: Error) => error);
    if (seeded instanceof Error && EMULATOR_NAME_MISMATCH.test(seeded.message)) {
      console.log(`skipped: local-aws refuses the renamed import that Lex accepts (${seeded.message})`);
      context.skip();
    }
    if (seeded instanceof Error) throw seeded;
    const { a } = await roundTrip('Frontdesk');
    expect(JSON.parse(a.get('Frontdesk/Bot.json')!)).toMatchObject({ name: 'Frontdesk' });
  });
});

describe('files lex-deploy does not model (the visual builder ConversationFlow.json)', () => {
  it('are kept through export -> git -> deploy -> export, unchanged, and a redeploy writes nothing', async (context) => {
    const botId = await seedBot(
      await clientsFor(localAws, DEV.AccountNumber),
      DEV.AccountNumber,
      zipFiles(sampleBot({ name: 'Builder-dev', account: DEV.AccountNumber, conversationFlows: true })),
      'Builder-dev',
    );
    const kept = (await draftFiles(botId)).filter((p) => p.endsWith('/ConversationFlow.json'));
    if (kept.length === 0) {
      console.log('skipped: local-aws drops ConversationFlow.json on import or export, which Lex keeps');
      context.skip();
    }
    const { a } = await roundTrip('Builder');
    for (const locale of ['en_US', 'es_US']) {
      const flow = a.get(`Builder/BotLocales/${locale}/Intents/CheckBalance/ConversationFlow.json`);
      expect(flow, locale).toBeDefined();
      // Kept as it came, nulls too; only its keys are sorted and it is indented like every file in git.
      expect(JSON.parse(flow!)).toMatchObject({
        edges: [{ label: null, source: 'start', target: 'ask-type' }, { label: 'success' }],
        nodes: [{ data: { intent: 'CheckBalance', localeId: locale } }, {}, { data: { message: null } }],
      });
    }
  });

  it('count in the content hash, so a change to them alone is a new version and none is no new version', () => {
    const environment = {
      values: { Environment: QA.Environment, AccountNumber: QA.AccountNumber, Region: REGION },
      record: registry.findByAccount(QA.AccountNumber)!,
    };
    const rules = new EnvironmentRules({}, registry.records);
    const hashOf = (files: Map<string, string>) => {
      const { source } = readBotSource(treeOf(files), 'src');
      return contentHash(targetBot(source!, { name: 'Builder-qa', rules, environment }).tree, 'role');
    };
    const files = sampleBot({ name: 'Builder', account: QA.AccountNumber, conversationFlows: true });
    const moved = new Map(files);
    const path = 'Builder/BotLocales/en_US/Intents/CheckBalance/ConversationFlow.json';
    moved.set(path, files.get(path)!.replace('"x":320', '"x":360'));
    expect(hashOf(moved)).not.toBe(hashOf(files));
    expect(hashOf(new Map(files))).toBe(hashOf(files));
  });
});
