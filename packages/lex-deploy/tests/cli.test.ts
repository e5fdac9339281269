import { renderHelpIndex } from '@edd/core/cli';
import { describe, expect, it } from 'vitest';
import { definition } from '../src/cli.js';

describe('definition', () => {
  it('reads lex-deploy.json beside the bot folder unless --config names another file', () => {
    const configFile = definition.verbs.deploy!.configFile!;
    expect(configFile({ source: 'lex/EDDBot' })).toBe('lex/lex-deploy.json');
    expect(configFile({ source: 'build/EDDBot.zip', config: 'ci/lex.json' })).toBe('ci/lex.json');
  });

  it('documents every verb with its options and the dry run of deploy', () => {
    const help = renderHelpIndex(definition).texts;
    expect(Object.keys(help)).toEqual(['', 'export', 'validate', 'plan', 'deploy', 'changes']);
    expect(help.plan).toContain('--detailed-exitcode');
    expect(help.plan).toContain('--report <file>');
    expect(help.deploy).toContain('--report <file>');
    expect(help.plan).toContain('--out <plan.json>');
    expect(help.plan).toContain('lex-deploy plan --source lex/EDDBot --out plan.json');
    expect(help.deploy).toContain('--plan <plan.json>');
    expect(help.deploy).toContain('lex-deploy deploy --source lex/EDDBot --plan plan.json');
    expect(help.deploy).not.toContain('--out <plan.json>');
    expect(help.plan).not.toContain('--plan <plan.json>');
    expect(help.plan).not.toContain('--dry-run');
    expect(help.plan).not.toContain('--wait-timeout');
    expect(help.changes).toContain('--before <dir>');
    expect(help.changes).not.toContain('--dry-run');
    expect(help.validate).toContain('--source <dir|zip>');
    expect(help.validate).not.toContain('--dry-run');
    expect(help.export).toContain('--bot-version <n|DRAFT>');
    expect(help.deploy).toContain('--keep-versions <n>');
    expect(help.deploy).toContain('--dry-run');
    expect(help.export).not.toContain('--dry-run');
  });
});
