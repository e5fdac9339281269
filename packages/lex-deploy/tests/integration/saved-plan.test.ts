import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeBotAliasCommand,
  ListBotAliasesCommand,
  ListBotsCommand,
  ListIntentsCommand,
  UpdateBotAliasCommand,
  UpdateIntentCommand,
} from '@aws-sdk/client-lex-models-v2';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBot, writeFolder, zipFiles } from '../fixtures/sample-bot.js';
import {
  DEV,
  FAST,
  QA,
  SANDBOX,
  TIME_SCALE,
  admin,
  clientsFor,
  createFunction,
  createInstance,
  lastSeq,
  lexDeploy,
  seedBot,
  type AccountClients,
} from './support.js';

const RULES = {
  botName: '${name}-${Environment}',
  references: {
    KnowledgeAssistant: {
      dev: `arn:aws:wisdom:us-east-1:${DEV.AccountNumber}:assistant/11111111-2222-4333-8444-555555555555`,
      qa: `arn:aws:wisdom:us-east-1:${QA.AccountNumber}:assistant/66666666-7777-4888-9999-000000000000`,
      sandbox1: `arn:aws:wisdom:us-east-1:${SANDBOX.AccountNumber}:assistant/66666666-7777-4888-9999-000000000001`,
    },
    GrammarBucket: 'edd-lex-grammars-${AccountNumber}',
  },
  arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
  connectInstanceAlias: 'edd-${Environment}',
  aliases: { live: { codeHooks: { en_US: 'edd-lex-fulfillment-${Environment}' } } },
};

// Shaped like an AWS secret access key: the logs mask it, so the saved plan must not hold it either.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

let localAws: LocalAws;
let qa: AccountClients;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-saved-'));
const plans = join(work, 'plans');

/** The repository: the bot as the console exported it from dev, beside its rules. */
function repository(name: string, rules: object = RULES): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lex-deploy.json'), JSON.stringify(rules));
  writeFolder(join(dir, name), sampleBot({ name, account: DEV.AccountNumber }));
  return join(dir, name);
}

const intentFile = (source: string, name: string) =>
  join(source, name, 'BotLocales/en_US/Intents/CheckBalance/Intent.json');

/** Changes the intent's description, as a pull request would. */
function describeIntent(source: string, name: string, description: string): void {
  const file = intentFile(source, name);
  const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  document.description = description;
  writeFileSync(file, JSON.stringify(document));
}

const writesSince = (since: number, account = QA.AccountNumber) =>
  localAws.calls({ account, write: true, since }).map((c) => c.operation);

async function aliasOf(botName: string, aliasName: string) {
  const bots = await qa.lex.send(
    new ListBotsCommand({ filters: [{ name: 'BotName', values: [botName], operator: 'EQ' }] }),
  );
  const botId = bots.botSummaries![0]!.botId!;
  const aliases = await qa.lex.send(new ListBotAliasesCommand({ botId }));
  const botAliasId = aliases.botAliasSummaries!.find((a) => a.botAliasName === aliasName)!.botAliasId!;
  return { botId, botAliasId, alias: await qa.lex.send(new DescribeBotAliasCommand({ botId, botAliasId })) };
}

/** A bot deployed once, as it is before the change under review. */
async function deployed(name: string): Promise<string> {
  const source = repository(name);
  const first = await lexDeploy(localAws, QA, ['deploy', '--source', source, ...FAST]);
  expect(first.code, first.stderr).toBe(0);
  return source;
}

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
  qa = await clientsFor(localAws, QA.AccountNumber);
  await createFunction(localAws, QA.AccountNumber, 'edd-lex-fulfillment-qa');
  await createInstance(qa, 'edd-qa');
  mkdirSync(plans, { recursive: true });
});
afterAll(() => localAws?.close());

describe('saved plans', () => {
  it('applies exactly the saved plan, then a deploy writes nothing and the plan cannot be applied twice', async () => {
    const source = await deployed('Applied');
    describeIntent(source, 'Applied', `Tells the caller the balance; key ${SECRET}`);
    const file = join(plans, 'applied.json');
    const planned = await lexDeploy(localAws, QA, ['plan', '--source', source, '--out', file]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain(`saved the plan to ${file}: deploy --plan ${file} applies exactly it`);

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    const saved = JSON.parse(text) as {
      plan: { resources: { kind: string; name: string; action: string; fields?: { path: string }[] }[] };
      changeSet: { content: unknown[]; import: boolean; alias: { action: string } };
    };
    expect(saved.plan.resources.filter((r) => r.action !== 'unchanged').map((r) => `${r.action} ${r.kind}`)).toEqual([
      'update intent',
      'create bot version',
      'update alias',
    ]);
    expect(saved.changeSet).toMatchObject({
      content: [{ resource: 'intent "CheckBalance" [en_US]', action: 'update', fields: ['description'] }],
      import: true,
      alias: { action: 'update', fields: ['botVersion'] },
    });

    const since = lastSeq(localAws);
    const applied = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', file, ...FAST]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`applying the saved plan ${file}: neither the source nor the target moved since`);
    expect(applied.stderr).not.toContain(SECRET);
    expect(writesSince(since)).toContain('StartImport');
    expect(writesSince(since)).toContain('UpdateBotAlias');
    const { alias } = await aliasOf('Applied-qa', 'live');
    expect(alias.botVersion).toBe('2');

    const after = lastSeq(localAws);
    const again = await lexDeploy(localAws, QA, ['deploy', '--source', source, ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(writesSince(after)).toEqual([]);

    // Applied once, the plan is spent: the alias and the versions it read have moved.
    const twice = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', file, ...FAST]);
    expect(twice.code, twice.stderr).toBe(3);
    expect(twice.stderr).toContain(`error: ${file} cannot be applied: the target changed since the plan was made`);
    expect(twice.stderr).toContain('alias "live": changed since the plan');
    expect(writesSince(after)).toEqual([]);
  });

  it('refuses, naming it, when the alias changed after the plan was made, and writes nothing', async () => {
    const source = await deployed('Moved');
    describeIntent(source, 'Moved', 'Reads the balance out');
    const file = join(plans, 'moved.json');
    const planned = await lexDeploy(localAws, QA, ['plan', '--source', source, '--out', file]);
    expect(planned.code, planned.stderr).toBe(0);

    // Someone changes the alias by hand between the approval and the deploy.
    const { botId, botAliasId, alias } = await aliasOf('Moved-qa', 'live');
    await qa.lex.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId,
        botAliasName: 'live',
        botVersion: alias.botVersion,
        description: 'pinned by hand during an incident',
        botAliasLocaleSettings: alias.botAliasLocaleSettings,
      }),
    );

    const since = lastSeq(localAws);
    const r = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', file, ...FAST]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      `error: ${file} cannot be applied: the target changed since the plan was made; make the plan again and have it approved; nothing was written`,
    );
    expect(r.stderr).toContain('alias "live": changed since the plan');
    expect(writesSince(since)).toEqual([]);
  });

  it('refuses, naming it, when the DRAFT the plan compared with changed after the plan was made', async () => {
    // A bot built in the console of this account, without the alias: the plan compares the source with its DRAFT.
    const botId = await seedBot(
      qa,
      QA.AccountNumber,
      zipFiles(sampleBot({ name: 'Drafted', account: QA.AccountNumber })),
      'Drafted-qa',
    );
    const source = repository('Drafted');
    describeIntent(source, 'Drafted', 'Reads the balance from the DRAFT');
    const file = join(plans, 'drafted.json');
    const planned = await lexDeploy(localAws, QA, ['plan', '--source', source, '--out', file]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain('compared with the DRAFT');

    const intents = await qa.lex.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    const intent = intents.intentSummaries!.find((i) => i.intentName === 'CheckBalance')!;
    await qa.lex.send(
      new UpdateIntentCommand({
        botId,
        botVersion: 'DRAFT',
        localeId: 'en_US',
        intentId: intent.intentId,
        intentName: 'CheckBalance',
        description: 'Edited in the console meanwhile',
      }),
    );

    const since = lastSeq(localAws);
    const r = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', file, ...FAST]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('the content of bot "Drafted-qa" the plan compared with: changed since the plan');
    expect(writesSince(since)).toEqual([]);
  });

  it('refuses a changed source file, other options, another target or a tampered plan before any AWS call', async () => {
    const source = await deployed('Checked');
    describeIntent(source, 'Checked', 'Reads the balance of every account');
    const file = join(plans, 'checked.json');
    const planned = await lexDeploy(localAws, QA, ['plan', '--source', source, '--out', file]);
    expect(planned.code, planned.stderr).toBe(0);
    const since = lastSeq(localAws);

    const options = await lexDeploy(localAws, QA, [
      'deploy',
      '--source',
      source,
      '--plan',
      file,
      '--alias-name',
      'beta',
      '--keep-versions',
      '2',
      ...FAST,
    ]);
    expect(options.code, options.stderr).toBe(3);
    expect(options.stderr).toContain(
      'it was made with --alias-name live --keep-versions 5, and this run gives --alias-name beta --keep-versions 2; pass the same options',
    );

    const elsewhere = await lexDeploy(localAws, SANDBOX, ['deploy', '--source', source, '--plan', file, ...FAST]);
    expect(elsewhere.code, elsewhere.stderr).toBe(3);
    expect(elsewhere.stderr).toContain(
      'it is a plan for qa/640079793484 (us-east-1), not for sandbox1/559450564007 (us-east-1); make a plan for this target',
    );

    const foreign = join(plans, 'foreign.json');
    writeFileSync(foreign, readFileSync(file, 'utf8').replace('"step": "lex-deploy"', '"step": "connect-deploy"'));
    const other = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', foreign, ...FAST]);
    expect(other.code, other.stderr).toBe(3);
    expect(other.stderr).toContain('it is a plan of connect-deploy; lex-deploy applies only its own plans');

    const tampered = join(plans, 'tampered.json');
    writeFileSync(tampered, readFileSync(file, 'utf8').replace('"import": true', '"import": "yes"'));
    const malformed = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', tampered, ...FAST]);
    expect(malformed.code, malformed.stderr).toBe(3);
    expect(malformed.stderr).toContain('it is not a saved plan of this format');

    const edited = intentFile(source, 'Checked');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('every account', 'each account'));
    const changed = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', file, ...FAST]);
    expect(changed.code, changed.stderr).toBe(3);
    expect(changed.stderr).toContain('the source changed since the plan was made');
    expect(changed.stderr).toContain(`${edited}: changed since the plan`);

    // Not one call reached AWS, not even the account check: every refusal came from the files alone.
    expect(localAws.calls({ account: QA.AccountNumber, since })).toEqual([]);
    expect(localAws.calls({ account: SANDBOX.AccountNumber, since })).toEqual([]);
  });

  it('refuses a hand-edited change set that no fingerprint gives away', async () => {
    const source = await deployed('Edited');
    describeIntent(source, 'Edited', 'Balance and nothing else');
    const file = join(plans, 'edited.json');
    const planned = await lexDeploy(localAws, QA, ['plan', '--source', source, '--out', file]);
    expect(planned.code, planned.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { changeSet: { prune: string[] } };
    saved.changeSet.prune = ['1'];
    writeFileSync(file, JSON.stringify(saved));

    const since = lastSeq(localAws);
    const r = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', file, ...FAST]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      'cannot be applied: the change it holds is not the change this source makes in this target (the versions to prune)',
    );
    expect(writesSince(since)).toEqual([]);
  });

  it('checks a saved plan in a dry run and writes nothing; plan --out keeps the exit code of --detailed-exitcode', async () => {
    const source = await deployed('Rehearsed');
    describeIntent(source, 'Rehearsed', 'A rehearsal of the change');
    const file = join(plans, 'rehearsed.json');
    const planned = await lexDeploy(localAws, QA, ['plan', '--source', source, '--out', file, '--detailed-exitcode']);
    expect(planned.code, planned.stderr).toBe(6);
    expect(existsSync(file)).toBe(true);

    const since = lastSeq(localAws);
    const dry = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--plan', file, '--dry-run', ...FAST]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`applying the saved plan ${file}`);
    expect(dry.stderr).toContain('dry run: nothing was written');

    // The Deploy action runs in another checkout of the same commit: the files are known by their place in the bot.
    const checkout = join(work, 'checkout');
    cpSync(join(work, 'Rehearsed'), join(checkout, 'Rehearsed'), { recursive: true });
    const elsewhere = await lexDeploy(localAws, QA, [
      'deploy',
      '--source',
      join(checkout, 'Rehearsed', 'Rehearsed'),
      '--plan',
      file,
      '--dry-run',
      ...FAST,
    ]);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toContain(`applying the saved plan ${file}`);
    expect(writesSince(since)).toEqual([]);
  });

  it('does not save a blocked plan', async () => {
    const rules = { ...RULES, aliases: { live: { codeHooks: { en_US: 'edd-missing-${Environment}' } } } };
    const source = repository('Blocked', rules);
    const file = join(plans, 'blocked.json');
    const r = await lexDeploy(localAws, QA, ['plan', '--source', source, '--out', file]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`not saved to ${file}: a blocked plan cannot be applied`);
    expect(existsSync(file)).toBe(false);
  });
});

describe('a deploy that fails partway', () => {
  it('still writes its review page, saying what it did and what failed', async () => {
    await admin(localAws, 'lex/build-failures', {
      botName: 'Unbuilt-qa',
      localeId: 'es_US',
      reasons: ["Slot type 'AccountType' has no values for es_US"],
    });
    const source = repository('Unbuilt');
    const page = join(work, 'unbuilt.md');
    const r = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--report', page, ...FAST]);
    expect(r.code, r.stderr).toBe(4);
    const text = readFileSync(page, 'utf8');
    expect(text).toContain('Deploy stopped: bot Unbuilt-qa in qa');
    expect(text).toMatch(/Stopped after [\d.]+ s \(exit 4\)/);
    expect(text).toContain('the build of es\\_US of bot Unbuilt-qa failed');
    expect(text).toContain("es\\_US: Slot type 'AccountType' has no values for es\\_US");
    expect(text).toMatch(/Done before it stopped: \+ bot version &quot;\(new version\)&quot;; imported as bot \w+ in/);
    expect(text).toContain('built en\\_US in');
    expect(text).toContain('failed to build es\\_US in');
  });
});
