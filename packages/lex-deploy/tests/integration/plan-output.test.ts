import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanDocument } from '@edd/core';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBot, writeFolder } from '../fixtures/sample-bot.js';
import { expectGolden, planText } from '../golden.js';
import {
  DEV,
  FAST,
  QA,
  TIME_SCALE,
  clientsFor,
  createFunction,
  createInstance,
  lastSeq,
  lexDeploy,
  type AccountClients,
} from './support.js';

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
let qa: AccountClients;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-plan-'));

/** The repository: the bot as the console exported it from dev, beside its rules. */
function repository(name: string, rules: object = RULES): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lex-deploy.json'), JSON.stringify(rules));
  writeFolder(join(dir, 'EDDBot'), sampleBot({ name: 'EDDBot', account: DEV.AccountNumber }));
  return join(dir, 'EDDBot');
}

/** Edits one JSON file of a bot folder in place, as someone would in a pull request. */
// The files are written as the console writes them; each edit knows the shape it changes.
type Document = Record<string, unknown>;
const at = <T>(value: unknown): T => value as T;

function edit(source: string, path: string, change: (document: Document) => void): void {
  const file = join(source, 'EDDBot', path);
  const document = JSON.parse(readFileSync(file, 'utf8')) as Document;
  change(document);
  writeFileSync(file, JSON.stringify(document));
}

const run = (verb: string, source: string, ...flags: string[]) =>
  lexDeploy(localAws, QA, [verb, '--source', source, ...flags, ...(verb === 'deploy' ? FAST : [])]);

let source: string;

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
  qa = await clientsFor(localAws, QA.AccountNumber);
  await createFunction(localAws, QA.AccountNumber, 'edd-lex-fulfillment-qa');
  await createInstance(qa, 'edd-qa');
  source = repository('planned');
});
afterAll(() => localAws?.close());

describe('lex-deploy plan', () => {
  it('shows a new bot as created, locale by locale, with what deploy does around it', async () => {
    const since = lastSeq(localAws);
    const outcome = await run('plan', source);
    expect(outcome.code, outcome.stderr).toBe(0);
    expectGolden('plan-new-bot.txt', planText(outcome.stderr));
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });

  it('deploys it, printing what it applies under Applying and closing with Applied', async () => {
    const outcome = await run('deploy', source);
    expect(outcome.code, outcome.stderr).toBe(0);
    const applying = outcome.stderr.split('\n').indexOf('Applying');
    expect(applying, outcome.stderr).toBeGreaterThan(0);
    const lines = outcome.stderr.split('\n').slice(applying);
    expect(lines[1]).toBe('+ bot version "(new version)"');
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}built en_US in \d+\.\d s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}version 1 in \d+\.\d s$/));
    expect(lines).toContain('+ alias "live"  -> version 1');
    expect(lines).toContain('+ Lambda permission "edd-lex-fulfillment-qa"');
    expect(lines).toContain('+ Connect association "edd-qa"');
    expect(lines).toContainEqual(expect.stringMatching(/^Applied: 19 created, 0 updated, 0 deleted in \d+\.\d s\.$/));
  });

  it('counts an unchanged bot without reading its content, and exits 0 with --detailed-exitcode', async () => {
    const since = lastSeq(localAws);
    const outcome = await run('plan', source, '--detailed-exitcode');
    expect(outcome.code, outcome.stderr).toBe(0);
    expectGolden('plan-unchanged.txt', planText(outcome.stderr));
    const reads = localAws.calls({ account: QA.AccountNumber, service: 'lex', since }).map((c) => c.operation);
    expect(reads.filter((op) => /^(Describe|List)(Intent|Slot|BotLocale)/.test(op))).toEqual([]);
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });

  it('shows what changed per locale: utterances, prompts, settings, slot type values, intents and slot types', async () => {
    edit(source, 'BotLocales/en_US/Intents/CheckBalance/Intent.json', (intent) => {
      at<{ utterance: string }[]>(intent.sampleUtterances)[0]!.utterance = 'How much money do I have';
      const closing = at<{ closingResponse: { messageGroupsList: { message: { plainTextMessage: Document } }[] } }>(
        intent.intentClosingSetting,
      );
      closing.closingResponse.messageGroupsList[0]!.message.plainTextMessage.value = 'Thank you for calling EDD';
    });
    edit(source, 'BotLocales/en_US/Intents/CheckBalance/Slots/AccountNumber/Slot.json', (slot) => {
      at<{ promptSpecification: Document }>(slot.valueElicitationSetting).promptSpecification.maxRetries = 3;
    });
    edit(source, 'BotLocales/en_US/BotLocale.json', (locale) => {
      locale.nluConfidenceThreshold = 0.45;
    });
    edit(source, 'BotLocales/es_US/SlotTypes/AccountType/SlotType.json', (slotType) => {
      at<unknown[]>(slotType.slotTypeValues).push({ sampleValue: { value: 'mercado monetario' }, synonyms: null });
    });
    rmSync(join(source, 'EDDBot/BotLocales/en_US/SlotTypes/BranchCode'), { recursive: true });
    mkdirSync(join(source, 'EDDBot/BotLocales/en_US/Intents/ReportFraud'));
    writeFileSync(
      join(source, 'EDDBot/BotLocales/en_US/Intents/ReportFraud/Intent.json'),
      JSON.stringify({
        name: 'ReportFraud',
        identifier: 'NEWINTENT1',
        description: 'Routes callers who report fraud',
        sampleUtterances: [{ utterance: 'I want to report fraud' }, { utterance: 'someone used my card' }],
      }),
    );

    const since = lastSeq(localAws);
    const outcome = await run('plan', source, '--detailed-exitcode');
    expect(outcome.code, outcome.stderr).toBe(6);
    expectGolden('plan-changes.txt', planText(outcome.stderr));
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });

  it('carries the same plan in --json, every field with its before and after', async () => {
    const outcome = await run('plan', source, '--json');
    expect(outcome.code, outcome.stderr).toBe(0);
    const plan = (JSON.parse(outcome.stdout) as { plan: PlanDocument }).plan;
    expect(plan).toMatchObject({ format: 'edd-plan/1', step: 'lex-deploy', subject: 'bot EDDBot-qa', blockers: [] });
    const intent = plan.resources.find((r) => r.kind === 'intent' && r.name === 'CheckBalance' && r.group === 'en_US');
    expect(intent).toMatchObject({ action: 'update' });
    expect(intent!.fields).toEqual(
      expect.arrayContaining([
        { path: 'sampleUtterances', before: 'What is my balance' },
        { path: 'sampleUtterances', after: 'How much money do I have' },
      ]),
    );
    expect(plan.resources.find((r) => r.kind === 'alias')).toMatchObject({
      action: 'update',
      fields: [{ path: 'botVersion', before: '1', after: '(new version)' }],
    });
  });

  it('--report writes the plan as a page naming the changed intents and utterances, or as Markdown; no write', async () => {
    const pages = mkdtempSync(join(tmpdir(), 'edd-lex-report-'));
    const since = lastSeq(localAws);
    const html = await run('plan', source, '--report', join(pages, 'plan.html'));
    expect(html.code, html.stderr).toBe(0);
    expect(html.stderr).toContain(`review page: ${join(pages, 'plan.html')} (HTML)`);
    const page = readFileSync(join(pages, 'plan.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<body data-report="plan">');
    expect(page).toContain('bot EDDBot-qa');
    for (const name of ['CheckBalance', 'ReportFraud', 'BranchCode', 'How much money do I have', 'What is my balance'])
      expect(page).toContain(name);
    expect(page).not.toMatch(/<script|https?:/i);

    const md = await lexDeploy(localAws, QA, [
      'deploy',
      '--dry-run',
      '--source',
      source,
      '--report',
      join(pages, 'plan.md'),
      ...FAST,
    ]);
    expect(md.code, md.stderr).toBe(0);
    const markdown = readFileSync(join(pages, 'plan.md'), 'utf8');
    expect(markdown).toMatch(/^# Plan for bot EDDBot-qa in qa\n/);
    expect(markdown).toContain('CheckBalance');
    expect(markdown).toContain('How much money do I have');
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });

  it('--report refuses a name that is not .html or .md with one line, before any call', async () => {
    const since = lastSeq(localAws);
    const outcome = await run('plan', source, '--report', join(work, 'plan.txt'));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim()).toBe(
      'error: --report must name an .html file (a page for a browser) or an .md file (Markdown for a pull request)',
    );
    expect(localAws.calls({ account: QA.AccountNumber, since })).toEqual([]);
  });

  it('deploys the changes and then plans nothing', async () => {
    const deployed = await run('deploy', source, '--report', join(work, 'deploy.html'));
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toMatch(/^Applied: 2 created, 5 updated, 1 deleted in \d+\.\d s\.$/m);
    const page = readFileSync(join(work, 'deploy.html'), 'utf8');
    expect(page).toContain('<body data-report="deploy">');
    expect(page).toMatch(/<p class="outcome">Applied: 2 created, 5 updated, 1 deleted in \d+\.\d s\.<\/p>/);
    const again = await run('plan', source, '--detailed-exitcode');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete, \d+ unchanged\.$/m);
  });

  it('prints the plan, then what blocks it, and exits 3 without a write', async () => {
    const rules = { ...RULES, aliases: { live: { codeHooks: { en_US: 'edd-missing-${Environment}' } } } };
    const blocked = repository('blocked', rules);
    const since = lastSeq(localAws);
    const outcome = await run('plan', blocked, '--detailed-exitcode', '--report', join(work, 'blocked.md'));
    expect(outcome.code, outcome.stderr).toBe(3);
    // The reviewer's page says what stops the plan, as the log does.
    expect(readFileSync(join(work, 'blocked.md'), 'utf8')).toContain('edd-missing-qa');
    const lines = outcome.stderr.split('\n');
    const summary = lines.findIndex((l) => l.startsWith('Plan: '));
    expect(summary, outcome.stderr).toBeGreaterThan(0);
    expect(lines.slice(summary + 1, summary + 3)).toEqual([
      'Blocked: 1 problem must be fixed before this plan can be applied:',
      `    Lambda function arn:aws:lambda:us-east-1:${QA.AccountNumber}:function:edd-missing-qa: does not exist in the target account; deploy it first or fix the code hook in the configuration`,
    ]);
    expect(lines).toContain('error: the plan is blocked by 1 problem (listed above); nothing was written');
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });
});
