import { UsageError } from '@edd/core';
import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import type { LexDeployConfig } from '../../src/model/config.js';
import { EnvironmentRules, type RuleEnvironment } from '../../src/model/rules.js';

const DEV = '658456346551';
const QA = '640079793484';
const SHARED = '318484875904';

function environment(name: string, account: string, region = 'us-east-1'): RuleEnvironment {
  return {
    values: { Environment: name, AccountNumber: account, Region: region },
    record: registry.findByAccount(account)!,
  };
}
const dev = environment('dev', DEV);
const qa = environment('qa', QA);

const config: LexDeployConfig = {
  references: {
    Assistant: {
      dev: `arn:aws:wisdom:us-east-1:${DEV}:assistant/aaa`,
      QA: `arn:aws:wisdom:us-east-1:${QA}:assistant/bbb`,
    },
    KnowledgeBase: { [DEV]: 'edd-kb', [QA]: 'edd-kb-qa' },
    Grammar: 'edd-grammars-${AccountNumber}',
  },
  arnTemplates: [
    'arn:aws:kms:${Region}:${AccountNumber}:alias/*',
    'arn:aws:bedrock:${Region}:${AccountNumber}:knowledge-base/kb-${Environment}',
  ],
};
const rules = new EnvironmentRules(config, registry.records);

describe('EnvironmentRules.neutralize', () => {
  it("writes the source environment's values as references and template placeholders", () => {
    expect(rules.neutralize(`arn:aws:wisdom:us-east-1:${DEV}:assistant/aaa`, dev)).toBe('${ref:Assistant}');
    expect(rules.neutralize(`s3://edd-grammars-${DEV}/x.grxml`, dev)).toBe('s3://${ref:Grammar}/x.grxml');
    expect(rules.neutralize(`arn:aws:kms:us-east-1:${DEV}:alias/edd-lex`, dev)).toBe(
      'arn:aws:kms:${Region}:${AccountNumber}:alias/edd-lex',
    );
    expect(rules.neutralize(`arn:aws:bedrock:us-east-1:${DEV}:knowledge-base/kb-dev`, dev)).toBe(
      'arn:aws:bedrock:${Region}:${AccountNumber}:knowledge-base/kb-${Environment}',
    );
  });

  it('leaves values of other accounts and partial matches alone', () => {
    expect(rules.neutralize(`arn:aws:kms:us-east-1:${SHARED}:alias/edd-lex`, dev)).toBe(
      `arn:aws:kms:us-east-1:${SHARED}:alias/edd-lex`,
    );
    expect(rules.neutralize('edd-kb-old and edd-kb', dev)).toBe('edd-kb-old and ${ref:KnowledgeBase}');
  });
});

describe('EnvironmentRules.retarget', () => {
  it("writes the target's values for references and placeholders", () => {
    const problems: string[] = [];
    expect(rules.retarget('${ref:Assistant}', qa, problems)).toBe(`arn:aws:wisdom:us-east-1:${QA}:assistant/bbb`);
    expect(rules.retarget('s3://${ref:Grammar}/x', qa, problems)).toBe(`s3://edd-grammars-${QA}/x`);
    expect(rules.retarget('arn:aws:kms:${Region}:${AccountNumber}:alias/edd-lex', qa, problems)).toBe(
      `arn:aws:kms:us-east-1:${QA}:alias/edd-lex`,
    );
    expect(problems).toEqual([]);
  });

  it('rewrites the literal values another environment exported', () => {
    const problems: string[] = [];
    expect(rules.retarget(`arn:aws:wisdom:us-east-1:${DEV}:assistant/aaa`, qa, problems)).toBe(
      `arn:aws:wisdom:us-east-1:${QA}:assistant/bbb`,
    );
    expect(rules.retarget('edd-kb', qa, problems)).toBe('edd-kb-qa');
    expect(rules.retarget('edd-kb-qa', qa, problems)).toBe('edd-kb-qa');
    expect(rules.retarget(`edd-grammars-${DEV}`, qa, problems)).toBe(`edd-grammars-${QA}`);
    expect(rules.retarget(`arn:aws:kms:eu-west-2:${DEV}:alias/edd-lex`, qa, problems)).toBe(
      `arn:aws:kms:us-east-1:${QA}:alias/edd-lex`,
    );
    expect(rules.retarget(`arn:aws:bedrock:us-east-1:${DEV}:knowledge-base/kb-dev`, qa, problems)).toBe(
      `arn:aws:bedrock:us-east-1:${QA}:knowledge-base/kb-qa`,
    );
    expect(problems).toEqual([]);
  });

  it('reports references that are unknown or have no value for the target, and leaves other ${...} alone', () => {
    const problems: string[] = [];
    const sandbox = environment('sandbox1', '559450564007');
    expect(rules.retarget('${ref:Nope} ${ref:Assistant} ${session.x}', sandbox, problems)).toBe(
      '${ref:Nope} ${ref:Assistant} ${session.x}',
    );
    expect(problems).toEqual([
      '${ref:Nope} is not among the references of lex-deploy.json',
      '${ref:Assistant} has no value for sandbox1 in lex-deploy.json references.Assistant',
    ]);
  });
});

describe('EnvironmentRules.foreignAccounts', () => {
  it('finds ARNs and registry account numbers of other accounts, but not shared ones or AWS-owned ARNs', () => {
    const shared = new EnvironmentRules({ sharedAccounts: [SHARED] }, registry.records);
    expect(shared.foreignAccounts(`arn:aws:kms:us-east-1:${DEV}:key/1`, QA)).toEqual([
      `arn:aws:kms:us-east-1:${DEV}:key/1 names the account ${DEV} (Dev)`,
    ]);
    expect(shared.foreignAccounts(`bucket-${DEV}`, QA)).toEqual([`names the account ${DEV} (Dev)`]);
    expect(shared.foreignAccounts('arn:aws:lambda:us-east-1:123456789012:function:x', QA)).toEqual([
      'arn:aws:lambda:us-east-1:123456789012:function:x names the account 123456789012, which is not in the registry',
    ]);
    expect(
      shared.foreignAccounts(`arn:aws:kms:us-east-1:${SHARED}:key/1 arn:aws:kms:us-east-1:${QA}:key/2`, QA),
    ).toEqual([]);
    expect(shared.foreignAccounts('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude', QA)).toEqual([]);
  });
});

describe('EnvironmentRules', () => {
  it('refuses references keyed by a name that is not an environment of the registry', () => {
    expect(() => new EnvironmentRules({ references: { X: { prd: 'a' } } }, registry.records)).toThrow(UsageError);
  });
});
