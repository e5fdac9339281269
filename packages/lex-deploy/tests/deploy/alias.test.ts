import { describe, expect, it } from 'vitest';
import { aliasDifferences, desiredAlias, type AliasSettings } from '../../src/deploy/alias.js';

const FN = 'arn:aws:lambda:us-east-1:640079793484:function:edd-lex-fulfillment-qa';
const current: AliasSettings = {
  botAliasName: 'live',
  description: 'served to callers',
  botVersion: '3',
  botAliasLocaleSettings: {
    en_US: {
      enabled: true,
      codeHookSpecification: { lambdaCodeHook: { lambdaARN: 'arn:old', codeHookInterfaceVersion: '1.0' } },
    },
    es_US: {
      enabled: false,
      codeHookSpecification: { lambdaCodeHook: { lambdaARN: 'arn:es', codeHookInterfaceVersion: '1.0' } },
    },
    fr_CA: { enabled: true },
  },
  conversationLogSettings: { textLogSettings: [{ enabled: true }] },
  sentimentAnalysisSettings: { detectSentiment: true },
};

describe('desiredAlias', () => {
  it('keeps what the alias has besides the version and the configured code hooks', () => {
    const desired = desiredAlias(current, {
      name: 'live',
      botVersion: '4',
      locales: ['en_US', 'es_US'],
      codeHooks: { en_US: FN },
    });
    expect(desired).toEqual({
      botAliasName: 'live',
      description: 'served to callers',
      botVersion: '4',
      botAliasLocaleSettings: {
        en_US: {
          enabled: true,
          codeHookSpecification: { lambdaCodeHook: { lambdaARN: FN, codeHookInterfaceVersion: '1.0' } },
        },
        es_US: {
          enabled: false,
          codeHookSpecification: { lambdaCodeHook: { lambdaARN: 'arn:es', codeHookInterfaceVersion: '1.0' } },
        },
      },
      conversationLogSettings: { textLogSettings: [{ enabled: true }] },
      sentimentAnalysisSettings: { detectSentiment: true },
    });
  });

  it('enables every locale of a new alias', () => {
    expect(
      desiredAlias(undefined, { name: 'live', botVersion: '1', locales: ['en_US', 'es_US'], codeHooks: { es_US: FN } }),
    ).toEqual({
      botAliasName: 'live',
      botVersion: '1',
      botAliasLocaleSettings: {
        en_US: { enabled: true },
        es_US: {
          enabled: true,
          codeHookSpecification: { lambdaCodeHook: { lambdaARN: FN, codeHookInterfaceVersion: '1.0' } },
        },
      },
    });
  });
});

describe('aliasDifferences', () => {
  it('lists the version, code hook and locale changes, and nothing for an alias that is as it should be', () => {
    const desired = desiredAlias(current, {
      name: 'live',
      botVersion: '4',
      locales: ['en_US', 'es_US'],
      codeHooks: { en_US: FN },
    });
    expect(aliasDifferences(current, desired)).toEqual([
      'version 3 -> 4',
      `en_US code hook arn:old -> ${FN}`,
      'fr_CA removed (not in the new version)',
    ]);
    expect(aliasDifferences(desired, desired)).toEqual([]);
  });
});
