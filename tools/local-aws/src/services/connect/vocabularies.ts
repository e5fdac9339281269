import { LocalAwsConfigError } from '../../errors.js';
import type { StructureValue } from '../../protocols/protocol.js';
import type { AdminRoute, OperationContext } from '../service.js';
import { activeInstance, created, type ConnectEnvironment, type ConnectHandlers } from './environment.js';
import { conflict, invalidRequest, resourceInUse } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type Vocabulary } from './store.js';

// Custom vocabularies are processed after CreateVocabulary answers, as Connect does: CREATION_IN_PROGRESS for a
// while (emulated time, so --time-scale shortens it), then ACTIVE, or CREATION_FAILED when an admin request made
// the vocabulary's processing fail.

/** How long (AWS time) a new vocabulary is processed. */
export const VOCABULARY_PROCESSING_MS = 5000;

/** `POST /_local/connect/vocabulary-failures`: vocabularies created later that match fail with the reason. */
export interface VocabularyFailure {
  account?: string;
  vocabularyName?: string;
  reason: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseFailure(body: unknown): VocabularyFailure {
  const problems: string[] = [];
  const fields = isRecord(body) ? body : {};
  if (!isRecord(body)) problems.push('expected a JSON object');
  for (const key of Object.keys(fields)) {
    if (!['account', 'vocabularyName', 'reason'].includes(key)) {
      problems.push(`unknown field '${key}' (fields: account, vocabularyName, reason)`);
    }
  }
  const { account, vocabularyName, reason } = fields;
  if (account !== undefined && !(typeof account === 'string' && /^\d{12}$/.test(account))) {
    problems.push('account, when given, must be a 12-digit account number');
  }
  if (vocabularyName !== undefined && (typeof vocabularyName !== 'string' || vocabularyName === '')) {
    problems.push('vocabularyName, when given, must be a vocabulary name');
  }
  if (typeof reason !== 'string' || reason === '') problems.push('reason must be a non-empty string');
  if (problems.length > 0) throw new LocalAwsConfigError('vocabulary failure', problems);
  return {
    account: account as string | undefined,
    vocabularyName: vocabularyName as string | undefined,
    reason: reason as string,
  };
}

export class VocabularyFailures {
  rules: VocabularyFailure[] = [];

  reasonFor(account: string, name: string): string | undefined {
    return this.rules.find(
      (rule) =>
        (rule.account === undefined || rule.account === account) &&
        (rule.vocabularyName === undefined || rule.vocabularyName === name),
    )?.reason;
  }

  adminRoutes(): AdminRoute[] {
    return [
      {
        method: 'POST',
        path: 'vocabulary-failures',
        handle: (body) => {
          this.rules.push(parseFailure(body));
          return { vocabularyFailures: this.rules };
        },
      },
      { method: 'GET', path: 'vocabulary-failures', handle: () => ({ vocabularyFailures: this.rules }) },
      {
        method: 'DELETE',
        path: 'vocabulary-failures',
        handle: () => {
          this.rules = [];
          return { vocabularyFailures: [] };
        },
      },
    ];
  }
}

export function vocabularyOperations(env: ConnectEnvironment, failures: VocabularyFailures): ConnectHandlers {
  function stateOf(vocabulary: Vocabulary): string {
    if (env.clock.now() < vocabulary.readyAt) return 'CREATION_IN_PROGRESS';
    return vocabulary.failureReason === undefined ? 'ACTIVE' : 'CREATION_FAILED';
  }

  function summaryOf(vocabulary: Vocabulary): StructureValue {
    const state = stateOf(vocabulary);
    return {
      Name: vocabulary.name,
      Id: vocabulary.id,
      Arn: vocabulary.arn,
      LanguageCode: vocabulary.languageCode,
      State: state,
      LastModifiedTime: vocabulary.lastModifiedTime,
      FailureReason: state === 'CREATION_FAILED' ? vocabulary.failureReason : undefined,
    };
  }

  function vocabularyOf(
    input: StructureValue,
    context: OperationContext,
  ): { instance: ConnectInstance; vocabulary: Vocabulary } {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, vocabulary: instance.vocabularies.get(input.VocabularyId as string) };
  }

  return {
    CreateVocabulary: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.VocabularyName as string;
      if (instance.vocabularies.nameTaken(name)) throw conflict(`Vocabulary with name ${name} already exists.`);
      const id = newId();
      const vocabulary = instance.vocabularies.add({
        id,
        arn: instance.resourceArn('vocabulary', id),
        name,
        tags: { ...((input.Tags as Record<string, string> | undefined) ?? {}) },
        ...created(env, context),
        languageCode: input.LanguageCode as string,
        content: input.Content as string,
        readyAt: env.clock.after(VOCABULARY_PROCESSING_MS),
        failureReason: failures.reasonFor(context.account, name),
        isDefault: false,
      });
      return { output: { VocabularyArn: vocabulary.arn, VocabularyId: id, State: stateOf(vocabulary) } };
    },

    DescribeVocabulary: (input, context) => {
      const { vocabulary } = vocabularyOf(input, context);
      return {
        output: { Vocabulary: { ...summaryOf(vocabulary), Content: vocabulary.content, Tags: { ...vocabulary.tags } } },
      };
    },

    SearchVocabularies: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const {
        State: state,
        NameStartsWith: prefix,
        LanguageCode: language,
      } = input as Record<string, string | undefined>;
      const found = instance.vocabularies
        .list()
        .filter(
          (vocabulary) =>
            (state === undefined || stateOf(vocabulary) === state) &&
            (prefix === undefined || vocabulary.name.startsWith(prefix)) &&
            (language === undefined || vocabulary.languageCode === language),
        );
      const page = paginate('SearchVocabularies', found, input, `${instance.id}/${state}/${prefix}/${language}`);
      return { output: { VocabularySummaryList: page.items.map(summaryOf), NextToken: page.nextToken } };
    },

    // A default vocabulary can be deleted only after another (or none) is made the default.
    DeleteVocabulary: (input, context) => {
      const { instance, vocabulary } = vocabularyOf(input, context);
      if (vocabulary.isDefault) {
        throw resourceInUse(
          `Vocabulary ${vocabulary.name} is the default for ${vocabulary.languageCode}; associate another default first.`,
          vocabulary.arn,
        );
      }
      instance.vocabularies.delete(vocabulary.id);
      return { output: { VocabularyArn: vocabulary.arn, VocabularyId: vocabulary.id, State: 'DELETE_IN_PROGRESS' } };
    },

    // Without VocabularyId the language has no default any more.
    AssociateDefaultVocabulary: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const language = input.LanguageCode as string;
      const chosen =
        input.VocabularyId === undefined ? undefined : instance.vocabularies.get(input.VocabularyId as string);
      if (chosen && chosen.languageCode !== language) {
        throw invalidRequest(`Vocabulary ${chosen.name} is in ${chosen.languageCode}, not ${language}.`);
      }
      if (chosen && stateOf(chosen) !== 'ACTIVE') {
        throw invalidRequest(
          `Vocabulary ${chosen.name} is ${stateOf(chosen)}; only an ACTIVE vocabulary can be the default.`,
        );
      }
      for (const vocabulary of instance.vocabularies.all()) {
        if (vocabulary.languageCode === language) vocabulary.isDefault = vocabulary === chosen;
      }
      return { output: {} };
    },

    ListDefaultVocabularies: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const language = input.LanguageCode as string | undefined;
      const defaults = instance.vocabularies
        .list()
        .filter(
          (vocabulary) => vocabulary.isDefault && (language === undefined || vocabulary.languageCode === language),
        );
      const page = paginate('ListDefaultVocabularies', defaults, input, `${instance.id}/${language ?? ''}`);
      return {
        output: {
          DefaultVocabularyList: page.items.map((vocabulary) => ({
            InstanceId: instance.id,
            LanguageCode: vocabulary.languageCode,
            VocabularyId: vocabulary.id,
            VocabularyName: vocabulary.name,
          })),
          NextToken: page.nextToken,
        },
      };
    },
  };
}
