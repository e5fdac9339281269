import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientConfig, startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanBlockedError, ValidationError, deployBot, planBot, validateBot, type LexAccess } from '../../src/index.js';
import { sampleBot, writeFolder } from '../fixtures/sample-bot.js';
import { DEV, QA, REGION, TIME_SCALE, clientsFor, createFunction, createInstance, lastSeq } from './support.js';

const RULES = {
  botName: '${name}-${Environment}',
  references: {
    KnowledgeAssistant: {
      dev: `arn:aws:wisdom:us-east-1:${DEV.AccountNumber}:assistant/11111111-2222-4333-8444-555555555555`,
      qa: `arn:aws:wisdom:us-east-1:${QA.AccountNumber}:assistant/66666666-7777-4888-9999-000000000000`,
    },
    GrammarBucket: 'edd-lex-grammars-${AccountNumber}',
  },
  arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
  connectInstanceAlias: 'edd-${Environment}',
  aliases: { live: { codeHooks: { en_US: 'edd-lex-fulfillment-${Environment}' } } },
};

let localAws: LocalAws;
let access: LexAccess;
const endpoint = process.env.AWS_ENDPOINT_URL;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-library-'));

function repository(name: string, rules: object): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lex-deploy.json'), JSON.stringify(rules));
  writeFolder(join(dir, 'EDDBot'), sampleBot({ name: 'EDDBot', account: DEV.AccountNumber }));
  return join(dir, 'EDDBot');
}

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
  // The SDK's own setting for where AWS is: the library builds its clients like any application would.
  process.env.AWS_ENDPOINT_URL = localAws.url;
  const qa = await clientsFor(localAws, QA.AccountNumber);
  await createFunction(localAws, QA.AccountNumber, 'edd-lex-fulfillment-qa');
  await createInstance(qa, 'edd-qa');
  const { credentials } = await clientConfig(localAws.url, QA.AccountNumber, { region: REGION });
  access = { target: { environment: 'qa', region: REGION }, credentials, pollIntervalMs: 20 };
});
afterAll(() => {
  if (endpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = endpoint;
  return localAws?.close();
});

describe('the library', () => {
  it('validates offline, and for an environment names the bot there', async () => {
    const source = repository('valid', RULES);
    const since = lastSeq(localAws);
    expect(await validateBot({ source })).toMatchObject({ folder: 'EDDBot', locales: ['en_US', 'es_US'] });
    const forQa = await validateBot({ source, target: { environment: 'qa' } });
    expect(forQa.botName).toBe('EDDBot-qa');
    expect(forQa.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(localAws.calls({ since })).toEqual([]);
  });

  it('refuses a bot that names another account, with the file and path of each string', async () => {
    const source = repository('foreign', { botName: '${name}-${Environment}' });
    const refused = await validateBot({ source, target: { environment: 'qa' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).problems.length).toBeGreaterThan(0);
    const blocked = await deployBot({ ...access, source }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(PlanBlockedError);
  });

  it('plans without writing, deploys, and then plans nothing', async () => {
    const source = repository('deployed', RULES);
    const since = lastSeq(localAws);
    const first = await planBot({ ...access, source });
    expect(first.changes).toBe(true);
    expect(first.plan).toMatchObject({ step: 'lex-deploy', subject: 'bot EDDBot-qa', blockers: [] });
    expect(first.plan.resources).toContainEqual(
      expect.objectContaining({ kind: 'intent', action: 'create', group: 'en_US' }),
    );
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);

    const deployed = await deployBot({ ...access, source });
    expect(deployed.result).toMatchObject({ imported: true, alias: { name: 'live', action: 'create' } });
    expect(deployed.plan.counts).toEqual(first.plan.counts);

    const again = await planBot({ ...access, source });
    expect(again.changes).toBe(false);
    expect(again.plan.counts.create + again.plan.counts.update + again.plan.counts.delete).toBe(0);
  });
});
