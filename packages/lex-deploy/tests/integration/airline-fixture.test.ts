import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry } from '@edd/environments';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBotSource, validateBotSource } from '../../src/model/bot-source.js';
import { neutralBot } from '../../src/model/normalize.js';
import { EnvironmentRules } from '../../src/model/rules.js';
import { readSourceTree } from '../../src/model/tree.js';
import { FAST, QA, REGION, TIME_SCALE, lexDeploy, readTree } from './support.js';

// A bot exported from a real Lex console (two locales, published under its own licence). Read in place, never copied.
const corpus = process.env.EDD_FIXTURES_DIR ?? join(import.meta.dirname, '../../../../../shared/fixtures');
const botDir = join(corpus, 'lex', 'airline-bot');
const present = existsSync(botDir);
if (!present) console.log(`real-world Lex export not found at ${botDir}: skipping (set EDD_FIXTURES_DIR to run it)`);

let localAws: LocalAws;
beforeAll(async () => {
  if (present) localAws = await startLocalAws({ timeScale: TIME_SCALE });
});
afterAll(() => localAws?.close());

describe.runIf(present)('a real console export (airline bot)', () => {
  it('is a valid LexJson bot whose README and LICENSE are not part of it', async () => {
    const { source, problems } = readBotSource(await readSourceTree(botDir), botDir);
    expect(problems).toEqual([]);
    expect(source!.locales).toEqual(['en_US', 'it_IT']);
    expect(source!.ignored).toEqual(['LICENSE', 'README.md']);
    expect(validateBotSource(source!)).toEqual([]);
  });

  it('deploys, and exports back to its own content written neutral', async () => {
    const deployed = await lexDeploy(localAws, QA, ['deploy', '--source', botDir, '--json', ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(JSON.parse(deployed.stdout)).toMatchObject({ bot: { name: 'LexBot' }, botVersion: '1' });

    const out = mkdtempSync(join(tmpdir(), 'edd-lex-airline-'));
    const exported = await lexDeploy(localAws, QA, [
      'export',
      '--bot-name',
      'LexBot',
      '--bot-version',
      '1',
      '--out',
      out,
      ...FAST,
    ]);
    expect(exported.code, exported.stderr).toBe(0);

    const { source } = readBotSource(await readSourceTree(botDir), botDir);
    const environment = {
      values: { Environment: QA.Environment, AccountNumber: QA.AccountNumber, Region: REGION },
      record: registry.findByAccount(QA.AccountNumber)!,
    };
    const expected = neutralBot(source!, {
      name: 'LexBot',
      rules: new EnvironmentRules({}, registry.records),
      environment,
    });
    const files = readTree(join(out, 'LexBot'));
    expect([...files.keys()].sort()).toEqual([...expected.tree.keys()].sort());
    for (const [path, data] of expected.tree) expect(files.get(path), path).toBe(new TextDecoder().decode(data));
  });
});
