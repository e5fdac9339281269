import { formatField, type PlannedResource } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { contentResources, diffDocuments } from '../../src/deploy/content-diff.js';
import { fileForm, type BotContent } from '../../src/model/content.js';

const prompt = (text: string) => ({ messageGroupsList: [{ message: { plainTextMessage: { value: text } } }] });

function bot(overrides: { utterances?: string[]; threshold?: number; closing?: string; values?: string[] } = {}) {
  const content: BotContent = {
    settings: { dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 },
    locales: new Map([
      [
        'en_US',
        {
          settings: { nluConfidenceThreshold: overrides.threshold ?? 0.4 },
          slotTypes: new Map([
            [
              'AccountType',
              {
                slotTypeValues: (overrides.values ?? ['checking', 'savings']).map((value) => ({
                  sampleValue: { value },
                })),
              },
            ],
          ]),
          intents: new Map([
            [
              'CheckBalance',
              {
                intent: {
                  sampleUtterances: (overrides.utterances ?? ['what is my balance', 'my balance']).map((utterance) => ({
                    utterance,
                  })),
                  intentClosingSetting: { closingResponse: prompt(overrides.closing ?? 'Goodbye') },
                },
                slots: new Map([['AccountType', { slotTypeName: 'AccountType' }]]),
              },
            ],
          ]),
        },
      ],
    ]),
  };
  return content;
}

const lines = (resources: PlannedResource[]) =>
  resources
    .filter((r) => r.action !== 'unchanged')
    .flatMap((r) => [
      `${r.action} ${r.kind} ${r.name}${r.group ? ` [${r.group}]` : ''}`,
      ...(r.fields ?? []).map((f) => `    ${formatField(f)}`),
    ]);

describe('contentResources', () => {
  it('creates everything of a new bot, showing what is worth reading of each', () => {
    expect(lines(contentResources('EDDBot-qa', undefined, bot()))).toEqual([
      'create bot EDDBot-qa',
      '    + dataPrivacy: {"childDirected":false}',
      '    + idleSessionTTLInSeconds: 300',
      'create locale en_US',
      '    + nluConfidenceThreshold: 0.4',
      'create slot type AccountType [en_US]',
      '    + slotTypeValues: "checking"',
      '    + slotTypeValues: "savings"',
      'create intent CheckBalance [en_US]',
      '    + sampleUtterances: "what is my balance"',
      '    + sampleUtterances: "my balance"',
      'create slot AccountType [en_US/CheckBalance]',
      '    + slotTypeName: "AccountType"',
    ]);
  });

  it('shows utterances as a set, slot type values by name and prompts by their path, per locale', () => {
    const before = bot();
    const after = bot({
      utterances: ['my balance', 'how much do I have'],
      threshold: 0.5,
      closing: 'Thank you, goodbye',
      values: ['savings', 'checking', 'money market'],
    });
    expect(lines(contentResources('EDDBot-qa', before, after))).toEqual([
      'update locale en_US',
      '    nluConfidenceThreshold: 0.4 -> 0.5',
      'update slot type AccountType [en_US]',
      '    + slotTypeValues: "money market"',
      'update intent CheckBalance [en_US]',
      '    intentClosingSetting.closingResponse.messageGroupsList[0].message.plainTextMessage.value: "Goodbye" -> "Thank you, goodbye"',
      '    - sampleUtterances: "what is my balance"',
      '    + sampleUtterances: "how much do I have"',
    ]);
    expect(contentResources('EDDBot-qa', before, before).every((r) => r.action === 'unchanged')).toBe(true);
  });

  it('deletes what the target holds and the source no longer has', () => {
    const before = bot();
    const after = bot();
    after.locales.get('en_US')!.intents.get('CheckBalance')!.slots.clear();
    after.locales.get('en_US')!.slotTypes.clear();
    expect(lines(contentResources('EDDBot-qa', before, after))).toEqual([
      'delete slot type AccountType [en_US]',
      'delete slot AccountType [en_US/CheckBalance]',
    ]);
  });
});

describe('fileForm', () => {
  it("writes the API's spellings as the files do, and drops what is unset", () => {
    expect(
      fileForm({
        promptSpecification: { messageGroups: [{ message: null }], allowInterrupt: true },
        codeHook: { active: true, invocationLabel: null, postCodeHookSpecification: {} },
        valueSelectionSetting: { resolutionStrategy: 'TopResolution', regexFilter: null },
        sampleUtterances: [],
      }),
    ).toEqual({
      codeHook: { isActive: true },
      promptSpecification: { allowInterrupt: true },
      valueSelectionSetting: { resolutionStrategy: 'TOP_RESOLUTION' },
    });
  });
});

describe('diffDocuments', () => {
  it('names slot type values by their sample value and shows slot priorities as ordered names', () => {
    const fields = diffDocuments(
      {
        slotTypeValues: [{ sampleValue: { value: 'savings' }, synonyms: [{ value: 'saving' }] }],
        slotPriorities: [
          { priority: 1, slotName: 'A' },
          { priority: 2, slotName: 'B' },
        ],
      },
      {
        slotTypeValues: [{ sampleValue: { value: 'savings' }, synonyms: [{ value: 'savings account' }] }],
        slotPriorities: [
          { priority: 1, slotName: 'B' },
          { priority: 2, slotName: 'A' },
        ],
      },
    );
    expect(fields.map((f) => formatField(f))).toEqual([
      'slotPriorities: ["A","B"] -> ["B","A"]',
      'slotTypeValues["savings"].synonyms[0].value: "saving" -> "savings account"',
    ]);
  });
});
