import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/model/config.js';

const dir = mkdtempSync(join(tmpdir(), 'edd-lex-config-'));
function file(content: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, content);
  return path;
}

describe('readConfig', () => {
  it('reads a complete configuration', async () => {
    const config = {
      botName: '${name}-${Environment}',
      aliasName: 'live',
      role: 'AWSServiceRoleForLexV2Bots_Common',
      connectInstanceAlias: 'edd-${Environment}',
      keepVersions: 5,
      waitTimeout: 1200,
      aliases: { live: { codeHooks: { en_US: 'edd-lex-fulfillment-${Environment}' } } },
      references: { Assistant: { dev: 'arn:a', qa: 'arn:b' }, Bucket: 'edd-${AccountNumber}' },
      arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
      sharedAccounts: ['318484875904'],
    };
    expect(await readConfig(file(JSON.stringify(config)), { required: true })).toEqual(config);
  });

  it('is empty when the file is missing, unless it was asked for', async () => {
    expect(await readConfig(join(dir, 'none.json'), { required: false })).toEqual({});
    await expect(readConfig(join(dir, 'none.json'), { required: true })).rejects.toThrow(UsageError);
  });

  it('lists every problem at once', async () => {
    const path = file(
      JSON.stringify({
        keepVersions: -1,
        aliases: { live: { codeHooks: { english: 'f' } } },
        arnTemplates: ['arn:aws:kms:*'],
        botname: 'x',
      }),
    );
    const error = (await readConfig(path, { required: true }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('keepVersions');
    expect(error.message).toContain('aliases.live.codeHooks.english');
    expect(error.message).toContain('arnTemplates.0: must contain ${AccountNumber}, ${Region} or ${Environment}');
    expect(error.message).toContain('botname');
  });

  it('refuses a file that is not JSON, or that gives a key twice', async () => {
    await expect(readConfig(file('{"role": "a",\n "role": "b"}'), { required: false })).rejects.toThrow(
      /:2: key "role" appears twice/,
    );
    await expect(readConfig(file('{ nope'), { required: false })).rejects.toThrow('invalid JSON');
  });
});
