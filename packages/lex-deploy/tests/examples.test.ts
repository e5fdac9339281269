import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import { prepareDeploy } from '../src/deploy/prepare.js';
import { configSchema } from '../src/model/config.js';
import { neutralBot } from '../src/model/normalize.js';
import { EnvironmentRules } from '../src/model/rules.js';
import { readFolder } from '../src/model/tree.js';
import { sampleBot } from './fixtures/sample-bot.js';
import { sourceOf } from './fixtures/trees.js';

// examples/lex is what an application repository holds: the rules and one bot as export writes it.
const examples = join(import.meta.dirname, '../examples/lex');
const config = configSchema.parse(JSON.parse(readFileSync(join(examples, 'lex-deploy.json'), 'utf8')));
const environment = (name: string, account: string) => ({
  values: { Environment: name, AccountNumber: account, Region: 'us-east-1' },
  record: registry.findByAccount(account)!,
});

describe('examples/lex', () => {
  it('holds exactly what export writes for the sample bot built in dev', async () => {
    const exported = neutralBot(sourceOf(sampleBot({ name: 'EDDBot-dev', account: '658456346551' })), {
      name: 'EDDBot',
      rules: new EnvironmentRules(config, registry.records),
      environment: environment('dev', '658456346551'),
    });
    const files = await readFolder(join(examples, 'EDDBot'));
    expect([...files.keys()]).toEqual([...exported.tree.keys()]);
    for (const [path, data] of exported.tree)
      expect(new TextDecoder().decode(files.get(path)), path).toBe(new TextDecoder().decode(data));
  });

  it('deploys to qa as EDDBot-qa with its code hooks', async () => {
    const prepared = await prepareDeploy({
      source: join(examples, 'EDDBot'),
      config,
      records: registry.records,
      environment: environment('qa', '640079793484'),
      place: { account: '640079793484', region: 'us-east-1' },
    });
    expect(prepared.request.botName).toBe('EDDBot-qa');
    expect(Object.keys(prepared.request.codeHooks)).toEqual(['en_US', 'es_US']);
  });
});
