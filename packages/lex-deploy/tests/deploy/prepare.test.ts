import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputRoot, UsageError, ValidationError } from '@edd/core';
import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import { prepareDeploy, type PrepareOptions } from '../../src/deploy/prepare.js';
import type { LexDeployConfig } from '../../src/model/config.js';
import { neutralBot } from '../../src/model/normalize.js';
import { EnvironmentRules } from '../../src/model/rules.js';
import { replaceFolder } from '../../src/model/tree.js';
import { DEV_ASSISTANT, sampleBot, writeFolder } from '../fixtures/sample-bot.js';
import { sourceOf } from '../fixtures/trees.js';

const DEV = '658456346551';
const QA = '640079793484';
const config: LexDeployConfig = {
  botName: '${name}-${Environment}',
  connectInstanceAlias: 'edd-${Environment}',
  aliases: { live: { codeHooks: { en_US: 'edd-lex-fulfillment-${Environment}' } } },
  references: {
    Assistant: {
      dev: `arn:aws:wisdom:us-east-1:${DEV}:assistant/${DEV_ASSISTANT}`,
      qa: `arn:aws:wisdom:us-east-1:${QA}:assistant/q`,
    },
    Bucket: 'edd-lex-grammars-${AccountNumber}',
  },
  arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
};
const environment = (name: string, account: string) => ({
  values: { Environment: name, AccountNumber: account, Region: 'us-east-1' },
  record: registry.findByAccount(account)!,
});
const work = mkdtempSync(join(tmpdir(), 'edd-lex-prepare-'));

function options(source: string, extra: Partial<PrepareOptions> = {}): PrepareOptions {
  return {
    source,
    config,
    records: registry.records,
    environment: environment('qa', QA),
    place: { account: QA, region: 'us-east-1' },
    ...extra,
  };
}

describe('prepareDeploy', () => {
  it('prepares the same deploy from a console export of dev and from its neutral export', async () => {
    const raw = writeFolder(join(work, 'raw'), sampleBot({ name: 'EDDBot-dev', account: DEV }));
    const neutral = neutralBot(sourceOf(sampleBot({ name: 'EDDBot-dev', account: DEV })), {
      name: 'EDDBot',
      rules: new EnvironmentRules(config, registry.records),
      environment: environment('dev', DEV),
    });
    await replaceFolder(await OutputRoot.open(work, '--out'), 'neutral', neutral.tree);

    const fromRaw = await prepareDeploy(options(raw));
    const fromNeutral = await prepareDeploy(options(join(work, 'neutral')));
    expect(fromRaw.request).toEqual(fromNeutral.request);
    expect(fromRaw.request).toMatchObject({
      botName: 'EDDBot-qa',
      aliasName: 'live',
      locales: ['en_US', 'es_US'],
      connectInstanceAlias: 'edd-qa',
      keepVersions: 5,
      codeHooks: { en_US: { qualifiedArn: `arn:aws:lambda:us-east-1:${QA}:function:edd-lex-fulfillment-qa` } },
    });
    expect(fromRaw.importSettings).toEqual({
      botName: 'EDDBot-qa',
      roleArn: `arn:aws:iam::${QA}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Common`,
      dataPrivacy: { childDirected: false },
      idleSessionTTLInSeconds: 300,
    });
  });

  it('gives another content hash for other content or another role', async () => {
    const a = await prepareDeploy(options(writeFolder(join(work, 'a'), sampleBot({ name: 'EDDBot', account: QA }))));
    const b = await prepareDeploy(
      options(writeFolder(join(work, 'b'), sampleBot({ name: 'EDDBot', account: QA, variant: 1 }))),
    );
    const role = await prepareDeploy(options(join(work, 'a'), { role: 'edd-lex-bots' }));
    expect(new Set([a.request.contentHash, b.request.contentHash, role.request.contentHash]).size).toBe(3);
    expect(role.roleArn).toBe(`arn:aws:iam::${QA}:role/edd-lex-bots`);
  });

  it('refuses a code hook for a locale the bot does not have', async () => {
    const source = writeFolder(join(work, 'hooks'), sampleBot({ name: 'EDDBot', account: QA }));
    const withHook = { ...config, aliases: { live: { codeHooks: { fr_CA: 'edd-fn' } } } };
    const error = (await prepareDeploy(options(source, { config: withHook })).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems).toEqual([
      {
        file: 'lex-deploy.json',
        path: 'aliases.live.codeHooks.fr_CA',
        message: 'the bot has no locale fr_CA (it has en_US, es_US)',
      },
    ]);
  });

  it('refuses an alias name Lex would refuse', async () => {
    const source = writeFolder(join(work, 'alias'), sampleBot({ name: 'EDDBot', account: QA }));
    await expect(prepareDeploy(options(source, { aliasName: 'not valid' }))).rejects.toThrow(UsageError);
  });
});
