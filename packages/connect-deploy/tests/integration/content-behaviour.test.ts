import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { buildContactCenter, id } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV, QA, REGION, admin, connectDeploy, prepareEnvironment, type Environment } from './support.js';

// Connect processes a vocabulary in 5 s; time runs twice as fast, so 2.5 s here: longer than a 1 s --wait-timeout.
const TIME_SCALE = 2;
const FAST = ['--rate', '200', '--burst', '200', '--concurrency', '16'];
const CONFIG = {
  instanceAlias: 'edd-${Environment}',
  lambdaFunctionName: '${name}-${Environment}',
  lexBotName: '${name}-${Environment}',
  phoneNumbers: { 'main-line': { dev: '+18005550100', qa: '+18005550200' } },
};

let localAws: LocalAws;
let dev: Environment;
let qa: Environment;
let source: string;
const work = mkdtempSync(join(tmpdir(), 'edd-content-'));

function lastSeq(): number {
  return Math.max(0, ...localAws.calls().map((c) => c.seq));
}

function freshDir(name: string): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'connect-deploy.json'), `${JSON.stringify(CONFIG, null, 2)}\n`);
  return dir;
}

/** A copy of the source export with one file changed. */
function variant(name: string, file: string, change: (body: Record<string, never>) => void): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(source, dir, { recursive: true });
  const body = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, never>;
  change(body);
  writeFileSync(join(dir, file), JSON.stringify(body));
  return dir;
}

/** Only the files of one type (and the config): what a change of that type deploys. */
function only(dir: string, folder: string): string {
  const out = freshDir(`${folder}-only-${Math.random().toString(36).slice(2)}`);
  cpSync(join(dir, folder), join(out, folder), { recursive: true });
  return out;
}

async function deploy(dir: string, ...extra: string[]) {
  return connectDeploy(localAws, QA, ['deploy', '--source', dir, ...FAST, ...extra]);
}

async function expectZeroWritesOnRedeploy(dir: string): Promise<void> {
  const since = lastSeq();
  const again = await deploy(dir);
  expect(again.code, again.stderr).toBe(0);
  expect(localAws.calls({ account: QA.AccountNumber, write: true, since: since + 1 })).toEqual([]);
}

const vocabularies = async () =>
  (await qa.clients.connect.send(new connect.SearchVocabulariesCommand({ InstanceId: qa.instance.id })))
    .VocabularySummaryList!;

beforeAll(async () => {
  localAws = await startLocalAws({ quotas: false, timeScale: TIME_SCALE });
  dev = await prepareEnvironment(localAws, DEV, ['+18005550100', '+18005550101']);
  qa = await prepareEnvironment(localAws, QA, ['+18005550200', '+18005550201']);
  await buildContactCenter(
    { connect: dev.clients.connect, instanceId: dev.instance.id, account: DEV.AccountNumber, region: REGION },
    {
      flows: [
        {
          Name: 'EDD Tasks',
          Type: 'CONTACT_FLOW',
          actions: [{ Identifier: 'a', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
        },
      ],
      views: [{ Name: 'EDD Form', Template: { Head: { Title: 'Form' } }, Actions: ['Submit'], versions: 1 }],
      vocabularies: [{ Name: 'EDD_Terms', LanguageCode: 'en-US', Content: 'Phrase\nEDD\n', isDefault: true }],
      evaluationForms: [
        {
          Title: 'EDD Review',
          activate: true,
          Items: [{ Question: { Title: 'Was the agent polite?', RefId: 'q1', QuestionType: 'TEXT' } }],
        },
      ],
      rules: [
        {
          Name: 'EDD_Follow_Up',
          TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
          Function: { Version: '2022-11-25', RuleFunction: { Operator: 'OR', Operands: [] } },
          Actions: [
            { ActionType: 'CREATE_TASK', TaskAction: { Name: 'Call back', ContactFlowId: id('flow', 'EDD Tasks') } },
          ],
          PublishStatus: 'PUBLISHED',
        },
      ],
    },
  );
  source = freshDir('source');
  const exported = await connectDeploy(localAws, DEV, ['export', '--out', source, ...FAST]);
  expect(exported.code, exported.stderr).toBe(0);
  const deployed = await deploy(source);
  expect(deployed.code, deployed.stderr).toBe(0);
}, 180_000);
afterAll(() => localAws?.close());

describe('vocabularies', () => {
  it('waits for a new one until --wait-timeout (exit 5), and the next deploy waits and converges', async () => {
    const dir = freshDir('slow');
    mkdirSync(join(dir, 'vocabularies'));
    writeFileSync(
      join(dir, 'vocabularies/EDD_Slow.json'),
      JSON.stringify({ Name: 'EDD_Slow', LanguageCode: 'en-GB', Content: 'Phrase\nEDD\n', Default: true }),
    );
    const timedOut = await deploy(dir, '--wait-timeout', '1');
    expect(timedOut.code, timedOut.stderr).toBe(5);
    expect(timedOut.stderr).toMatch(
      /timed out after \d+ s waiting for vocabulary "EDD_Slow" to become ACTIVE \(last state: CREATION_IN_PROGRESS\)/,
    );

    // The vocabulary exists but is not yet its language's default: this deploy waits for it, then makes it so.
    const again = await deploy(dir);
    expect(again.code, again.stderr).toBe(0);
    const slow = (await vocabularies()).find((v) => v.Name === 'EDD_Slow')!;
    expect(slow.State).toBe('ACTIVE');
    const defaults = await qa.clients.connect.send(
      new connect.ListDefaultVocabulariesCommand({ InstanceId: qa.instance.id, LanguageCode: 'en-GB' }),
    );
    expect(defaults.DefaultVocabularyList!.map((d) => d.VocabularyId)).toEqual([slow.Id]);
    await expectZeroWritesOnRedeploy(dir);
  });

  it("stops with Connect's reason when it could not process one (exit 4)", async () => {
    await admin(localAws, 'connect/vocabulary-failures', {
      account: QA.AccountNumber,
      vocabularyName: 'EDD_Broken',
      reason: 'The phrase "EDD!" holds a character a vocabulary cannot',
    });
    const dir = freshDir('broken');
    mkdirSync(join(dir, 'vocabularies'));
    writeFileSync(
      join(dir, 'vocabularies/EDD_Broken.json'),
      JSON.stringify({ Name: 'EDD_Broken', LanguageCode: 'en-US', Content: 'Phrase\nEDD!\n' }),
    );
    const failed = await deploy(dir);
    expect(failed.code, failed.stderr).toBe(4);
    expect(failed.stderr).toContain(
      'CreateVocabulary vocabulary "EDD_Broken" failed: Connect could not process it: The phrase "EDD!" holds a character a vocabulary cannot; fix its content and deploy again',
    );
  });

  it('replaces one whose content changed, and keeps it the default of its language', async () => {
    const before = (await vocabularies()).find((v) => v.Name === 'EDD_Terms')!;
    const dir = variant('new-terms', 'vocabularies/EDD_Terms.json', (v) => {
      Object.assign(v, { Content: 'Phrase\nEDD\nConnect\n' });
    });
    const replaced = await deploy(only(dir, 'vocabularies'));
    expect(replaced.code, replaced.stderr).toBe(0);
    const after = (await vocabularies()).find((v) => v.Name === 'EDD_Terms')!;
    expect(after.Id).not.toBe(before.Id);
    const described = await qa.clients.connect.send(
      new connect.DescribeVocabularyCommand({ InstanceId: qa.instance.id, VocabularyId: after.Id! }),
    );
    expect(described.Vocabulary).toMatchObject({ State: 'ACTIVE', Content: 'Phrase\nEDD\nConnect\n' });
    const defaults = await qa.clients.connect.send(
      new connect.ListDefaultVocabulariesCommand({ InstanceId: qa.instance.id, LanguageCode: 'en-US' }),
    );
    expect(defaults.DefaultVocabularyList!.map((d) => d.VocabularyId)).toEqual([after.Id]);
    await expectZeroWritesOnRedeploy(only(dir, 'vocabularies'));
  });
});

describe('evaluation forms', () => {
  it('put new content of an active (locked) form into a new version, activated, and export it as the source', async () => {
    const dir = variant('new-review', 'evaluation-forms/EDD+Review.json', (f) => {
      Object.assign(f, { Description: 'Second edition' });
    });
    const updated = await deploy(only(dir, 'evaluation-forms'));
    expect(updated.code, updated.stderr).toBe(0);
    const form = (
      await qa.clients.connect.send(new connect.ListEvaluationFormsCommand({ InstanceId: qa.instance.id }))
    ).EvaluationFormSummaryList!.find((f) => f.Title === 'EDD Review')!;
    expect(form).toMatchObject({ LatestVersion: 2, ActiveVersion: 2 });
    await expectZeroWritesOnRedeploy(only(dir, 'evaluation-forms'));

    const exported = freshDir('qa-forms');
    const r = await connectDeploy(localAws, QA, [
      'export',
      '--out',
      exported,
      '--include',
      '^evaluation-forms/',
      ...FAST,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const read = (root: string) =>
      JSON.parse(readFileSync(join(root, 'evaluation-forms/EDD+Review.json'), 'utf8')) as unknown;
    expect(read(exported)).toEqual(read(dir));
  });

  it('deactivate a form the source keeps as a draft', async () => {
    const dir = variant('draft-review', 'evaluation-forms/EDD+Review.json', (f) => {
      Object.assign(f, { Status: 'DRAFT', Description: 'Second edition' });
    });
    const r = await deploy(only(dir, 'evaluation-forms'));
    expect(r.code, r.stderr).toBe(0);
    const form = (
      await qa.clients.connect.send(new connect.ListEvaluationFormsCommand({ InstanceId: qa.instance.id }))
    ).EvaluationFormSummaryList!.find((f) => f.Title === 'EDD Review')!;
    expect(form.ActiveVersion).toBeUndefined();
    await expectZeroWritesOnRedeploy(only(dir, 'evaluation-forms'));
  });
});

describe('views', () => {
  it('publish new content and hold it in a new version, as the source does', async () => {
    const dir = variant('new-form', 'views/EDD+Form.json', (v) => {
      Object.assign(v, { Content: { Template: { Head: { Title: 'Form, second edition' } }, Actions: ['Submit'] } });
    });
    const r = await deploy(only(dir, 'views'));
    expect(r.code, r.stderr).toBe(0);
    const view = (
      await qa.clients.connect.send(
        new connect.ListViewsCommand({ InstanceId: qa.instance.id, Type: 'CUSTOMER_MANAGED' }),
      )
    ).ViewsSummaryList!.find((v) => v.Name === 'EDD Form')!;
    const versions = await qa.clients.connect.send(
      new connect.ListViewVersionsCommand({ InstanceId: qa.instance.id, ViewId: view.Id! }),
    );
    expect(versions.ViewVersionSummaryList!.map((v) => v.Version)).toEqual([1, 2]);
    const latest = await qa.clients.connect.send(
      new connect.DescribeViewCommand({ InstanceId: qa.instance.id, ViewId: `${view.Id!}:2` }),
    );
    expect(latest.View?.Content?.Template).toContain('second edition');
    await expectZeroWritesOnRedeploy(only(dir, 'views'));
  });
});

describe('rules', () => {
  it("refuse to change a rule's trigger before any write (exit 3)", async () => {
    const dir = variant('new-trigger', 'rules/EDD_Follow_Up.json', (r) => {
      Object.assign(r, { TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' } });
    });
    const since = lastSeq();
    const refused = await deploy(dir);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain(
      'rules/EDD_Follow_Up.json rule "EDD_Follow_Up" TriggerEventSource: the target\'s rule is triggered by OnPostCallAnalysisAvailable and the export\'s by OnRealTimeCallAnalysisAvailable',
    );
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
  });
});
