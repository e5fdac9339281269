import { ABSENT, exitCodeOf, type PlanDocument, type SavedPlan } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { functionRef } from '../../src/model/names.js';
import type { DeployPlan } from '../../src/deploy/plan.js';
import {
  changeSetSchema,
  checkSavedSource,
  checkSavedTarget,
  describeFingerprintKey,
  savedPlan,
  sourceFileName,
  sourceFingerprints,
  type ChangeSet,
  type SavedOptions,
} from '../../src/deploy/saved-plan.js';
import type { LexDeployConfig } from '../../src/model/config.js';

const place = { account: '640079793484', region: 'us-east-1' };
const hook = functionRef('edd-lex-fulfillment-qa', place, 'codeHooks');
const options: SavedOptions = {
  botName: 'EDDBot-qa',
  aliasName: 'live',
  role: 'arn:aws:iam::640079793484:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Common',
  connectInstanceAlias: 'edd-qa',
  keepVersions: 5,
};
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function deployPlan(descriptionChanged: boolean, aliasFingerprint = 'sha256:alias'): DeployPlan {
  return {
    request: {
      botName: 'EDDBot-qa',
      aliasName: 'live',
      locales: ['en_US'],
      codeHooks: {},
      contentHash: 'h',
      keepVersions: 5,
    },
    bot: { id: 'BOT1', name: 'EDDBot-qa' },
    reuseVersion: undefined,
    versions: [{ version: 'DRAFT' }, { version: '1' }],
    aliases: [],
    alias: { id: 'AL1', action: 'update', current: undefined, differences: ['version 1 -> new'] },
    permissions: [{ fn: hook, action: 'add' }],
    connect: undefined,
    prune: [],
    content: [
      {
        kind: 'intent',
        name: 'CheckBalance',
        group: 'en_US',
        action: descriptionChanged ? 'update' : 'unchanged',
        ...(descriptionChanged ? { fields: [{ path: 'description', before: 'old', after: `key ${SECRET}` }] } : {}),
      },
    ],
    comparedWith: 'version 1',
    blockers: [],
    fingerprints: { 'bot/EDDBot-qa': 'sha256:bot', 'alias/live': aliasFingerprint },
  };
}

function document(plan: DeployPlan): PlanDocument {
  return {
    format: 'edd-plan/1',
    step: 'lex-deploy',
    version: '0.1.0',
    subject: 'bot EDDBot-qa',
    createdAt: '2025-01-01T00:00:00.000Z',
    resources: [
      ...plan.content,
      {
        kind: 'alias',
        name: 'live',
        action: 'update',
        fields: [{ path: 'botVersion', before: '1', after: '(new version)' }],
      },
    ],
    counts: { create: 0, update: 2, delete: 0, unchanged: 0 },
    blockers: [],
  };
}

const source = { source: 'sha256:s', sourceFiles: { 'source/Manifest.json': 'sha256:m' } };
const names = { source: 'lex/EDDBot', isZip: false, configFile: 'lex/lex-deploy.json' };

function saved(plan: DeployPlan): SavedPlan<ChangeSet> {
  return savedPlan(document(plan), plan, options, source);
}

function refusal(check: () => void): Error {
  try {
    check();
  } catch (error) {
    expect(exitCodeOf(error)).toBe(3);
    return error as Error;
  }
  throw new Error('accepted');
}

describe('saved plan', () => {
  it('holds the change set in the applier terms and no secret value of the source', () => {
    const plan = saved(deployPlan(true));
    expect(changeSetSchema.parse(plan.changeSet)).toEqual({
      options,
      bot: { name: 'EDDBot-qa', id: 'BOT1' },
      content: [{ resource: 'intent "CheckBalance" [en_US]', action: 'update', fields: ['description'] }],
      import: true,
      reuseVersion: null,
      alias: { action: 'update', fields: ['botVersion'] },
      permissions: [hook.qualifiedArn],
      connect: null,
      prune: [],
    });
    expect(JSON.stringify(plan)).not.toContain(SECRET);
    expect(plan.plan.resources[0]!.fields![0]!.after).toBe('key ****');
  });

  it('fingerprints each file of the source by its path in the bot, and the options with them', () => {
    const files = new Map([
      ['Manifest.json', new TextEncoder().encode('{}')],
      ['EDDBot/Bot.json', new TextEncoder().encode(`{"secret":"${SECRET}"}`)],
    ]);
    const config = { botName: '${name}-${Environment}' } as LexDeployConfig;
    const fingerprints = sourceFingerprints(files, config, options);
    const keys = Object.keys(fingerprints.sourceFiles);
    expect(keys).toEqual(['config', 'source/EDDBot/Bot.json', 'source/Manifest.json']);
    expect(JSON.stringify(fingerprints)).not.toContain(SECRET);
    const folder = { source: 'lex/EDDBot', isZip: false, configFile: 'lex/lex-deploy.json' };
    expect(keys.map((k) => sourceFileName(k, folder))).toEqual([
      'lex/lex-deploy.json',
      'lex/EDDBot/EDDBot/Bot.json',
      'lex/EDDBot/Manifest.json',
    ]);
    expect(sourceFileName('source/EDDBot/Bot.json', { ...folder, source: 'EDDBot.zip', isZip: true })).toBe(
      'EDDBot.zip: EDDBot/Bot.json',
    );
    const other = sourceFingerprints(files, config, { ...options, keepVersions: 2 });
    expect(other.sourceFiles).toEqual(fingerprints.sourceFiles);
    expect(other.source).not.toBe(fingerprints.source);
  });

  it('accepts the same options, source, target and change set', () => {
    const approved = saved(deployPlan(true));
    expect(() => checkSavedSource('plan.json', approved, options, source, names)).not.toThrow();
    const again = deployPlan(true);
    expect(() => checkSavedTarget('plan.json', approved, again, document(again))).not.toThrow();
  });

  it('refuses other options, naming both values', () => {
    const error = refusal(() =>
      checkSavedSource('plan.json', saved(deployPlan(true)), { ...options, connectInstanceAlias: null }, source, names),
    );
    expect(error.message).toBe(
      'plan.json cannot be applied: it was made with --connect-instance-alias edd-qa, and this run gives no --connect-instance-alias; pass the same options or make the plan again; nothing was written',
    );
  });

  it('refuses a changed source, naming each file', () => {
    const error = refusal(() =>
      checkSavedSource(
        'plan.json',
        saved(deployPlan(true)),
        options,
        {
          source: 'sha256:t',
          sourceFiles: { 'source/Manifest.json': 'sha256:n', 'source/README.md': 'sha256:r' },
        },
        names,
      ),
    );
    expect(error.message).toContain('the source changed since the plan was made');
    expect((error as unknown as { problems: unknown[] }).problems).toEqual([
      { file: 'lex/EDDBot/Manifest.json', message: 'changed since the plan' },
      { file: 'lex/EDDBot/README.md', message: 'added to the source since the plan' },
    ]);
  });

  it('refuses a moved target, naming what moved in words', () => {
    const moved = deployPlan(true, 'sha256:other');
    moved.fingerprints['bot/EDDBot-qa'] = ABSENT;
    const error = refusal(() => checkSavedTarget('plan.json', saved(deployPlan(true)), moved, document(moved)));
    expect(error.message).toContain('the target changed since the plan was made');
    expect((error as unknown as { problems: unknown[] }).problems).toEqual([
      { resource: 'alias "live"', message: 'changed since the plan' },
      { resource: 'bot "EDDBot-qa"', message: 'deleted since the plan' },
    ]);
  });

  it('refuses a change set that is not the approved one even when no fingerprint moved', () => {
    const now = deployPlan(false);
    expect(refusal(() => checkSavedTarget('plan.json', saved(deployPlan(true)), now, document(now))).message).toBe(
      'plan.json cannot be applied: the change it holds is not the change this source makes in this target (intent "CheckBalance" [en_US]); make the plan again; nothing was written',
    );
  });

  it('names fingerprinted things as the plan names them', () => {
    expect(describeFingerprintKey('alias/live')).toBe('alias "live"');
    expect(describeFingerprintKey('lambda-permission/arn:aws:lambda:us-east-1:1:function:f')).toBe(
      'Lambda permission arn:aws:lambda:us-east-1:1:function:f',
    );
    expect(describeFingerprintKey('connect-association/edd-qa')).toBe('Connect association edd-qa');
    expect(describeFingerprintKey('content/EDDBot-qa')).toBe('the content of bot "EDDBot-qa" the plan compared with');
  });
});
