import * as connect from '@aws-sdk/client-connect';
import { AwsOperationError, poll } from '@edd/core';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { defineResource, type Concrete, type Identity, type WriteContext } from './descriptor.js';
import { portableTags, tags } from './fields.js';

const LANGUAGES = Object.values(connect.VocabularyLanguageCode) as [string, ...string[]];

const schema = z
  .object({
    Name: z
      .string()
      .min(1)
      .max(140)
      .regex(/^[0-9a-zA-Z._-]+$/, { message: "a vocabulary's name holds only letters, digits, '.', '_' and '-'" }),
    LanguageCode: z.enum(LANGUAGES),
    /** The vocabulary's table (`Phrase`, `IPA`, `SoundsLike`, `DisplayAs`, tab-separated), as Connect takes it. */
    Content: z.string().min(1).max(60_000),
    /** The language's default vocabulary (Contact Lens uses it for every contact in that language). */
    Default: z.literal(true).optional(),
    Tags: tags,
  })
  .strict();
export type VocabularyFile = z.infer<typeof schema>;
type Vocabulary = Concrete<VocabularyFile>;

/** How often a vocabulary being processed is read again: Connect takes minutes, at first seconds. */
const POLL = { intervalMs: 2000, maxIntervalMs: 15_000 };

async function defaultsOf(api: WriteContext['api'], InstanceId: string, LanguageCode: string): Promise<string[]> {
  const list = await collect(
    connect.paginateListDefaultVocabularies(
      { client: api.client, pageSize: PAGE },
      { InstanceId, LanguageCode: LanguageCode as connect.VocabularyLanguageCode },
    ),
    (p) => p.DefaultVocabularyList,
    'ListDefaultVocabularies',
  );
  return list.map((d) => d.VocabularyId!).filter(Boolean);
}

/** Waits until Connect has processed the vocabulary: ACTIVE, or a failure with Connect's reason (exit 4). */
async function untilActive(ctx: WriteContext, id: string, name: string): Promise<void> {
  const what = `vocabulary "${name}"`;
  await poll({
    what: `${what} to become ACTIVE`,
    timeoutMs: ctx.waitTimeoutMs,
    ...POLL,
    read: () =>
      ctx.api.sendAfterCreate<connect.DescribeVocabularyCommandOutput>(
        new connect.DescribeVocabularyCommand({ InstanceId: ctx.instance.id, VocabularyId: id }),
        what,
      ),
    evaluate: (out) => {
      const state = out.Vocabulary?.State;
      if (state === 'ACTIVE') return { state: 'done', value: undefined };
      if (state === 'CREATION_FAILED')
        return {
          state: 'failed',
          error: new AwsOperationError(
            `CreateVocabulary ${what} failed: Connect could not process it: ${out.Vocabulary?.FailureReason ?? 'no reason given'}; fix its content and deploy again`,
            { operation: 'CreateVocabulary', code: 'CREATION_FAILED' },
          ),
        };
      return { state: 'pending', detail: state };
    },
  });
}

/** Waits until a deleted vocabulary is gone, so its name can be taken again. */
async function untilGone(ctx: WriteContext, id: string, name: string): Promise<void> {
  const what = `vocabulary "${name}"`;
  await poll({
    what: `the previous ${what} to be deleted`,
    timeoutMs: ctx.waitTimeoutMs,
    ...POLL,
    read: () =>
      ctx.api
        .send<connect.DescribeVocabularyCommandOutput>(
          new connect.DescribeVocabularyCommand({ InstanceId: ctx.instance.id, VocabularyId: id }),
          what,
        )
        .then(
          (out) => out.Vocabulary?.State,
          (error: unknown) => {
            if (error instanceof AwsOperationError && error.details.code === 'ResourceNotFoundException') return 'GONE';
            throw error;
          },
        ),
    evaluate: (state) => (state === 'GONE' ? { state: 'done', value: undefined } : { state: 'pending', detail: state }),
  });
}

async function createAndWait(ctx: WriteContext, d: Vocabulary): Promise<Identity> {
  const out = await ctx.send<connect.CreateVocabularyCommandOutput>(
    new connect.CreateVocabularyCommand({
      InstanceId: ctx.instance.id,
      VocabularyName: d.Name,
      LanguageCode: d.LanguageCode as connect.VocabularyLanguageCode,
      Content: d.Content,
      Tags: d.Tags,
    }),
  );
  const created = { id: out.VocabularyId!, arn: out.VocabularyArn! };
  await untilActive(ctx, created.id, d.Name);
  if (d.Default) await makeDefault(ctx, d, created.id);
  return created;
}

async function makeDefault(ctx: WriteContext, d: Vocabulary, id: string | undefined): Promise<void> {
  await ctx.api.sendAfterCreate(
    new connect.AssociateDefaultVocabularyCommand({
      InstanceId: ctx.instance.id,
      LanguageCode: d.LanguageCode as connect.VocabularyLanguageCode,
      ...(id ? { VocabularyId: id } : {}),
    }),
    `vocabulary "${d.Name}"`,
  );
}

/** Connect cannot update a vocabulary: the old one goes (its name is unique), a new one takes its name and role. */
async function replace(ctx: WriteContext, target: Identity, d: Vocabulary, current: Vocabulary): Promise<void> {
  if (current.Default) await makeDefault(ctx, current, undefined);
  try {
    await ctx.send(new connect.DeleteVocabularyCommand({ InstanceId: ctx.instance.id, VocabularyId: target.id }));
  } catch (error) {
    if (current.Default) await makeDefault(ctx, current, target.id).catch(() => undefined);
    if (error instanceof AwsOperationError && error.details.code === 'AccessDeniedException')
      throw new AwsOperationError(
        `vocabulary "${d.Name}" changed and Connect cannot update a vocabulary: replacing it needs connect:DeleteVocabulary, which the target account's roles grant only when deployed with AllowPrune=true (${error.message})`,
        error.details,
        { cause: error },
      );
    throw error;
  }
  await untilGone(ctx, target.id, d.Name);
  await createAndWait(ctx, d);
}

/**
 * Custom vocabularies (Contact Lens), one language each, and which is the default of its language. Connect processes
 * a new vocabulary after answering: deploy waits until it is ACTIVE (`--wait-timeout`, exit 5 after it) and stops
 * with Connect's reason when processing failed (exit 4). A vocabulary cannot be updated: a new content or language
 * replaces it (the old one is deleted first, since names are unique, then the new one is created under the same name
 * and made the default again if it was).
 */
export const vocabulary = defineResource({
  type: 'vocabulary',
  label: 'vocabulary',
  folder: 'vocabularies',
  arnKind: 'vocabulary',
  schema,
  export: 'always',
  deploy: 'deployed',
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateSearchVocabularies({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.VocabularySummaryList,
      'SearchVocabularies',
    );
    return list
      .filter((v) => v.Id && v.Name && v.State !== 'DELETE_IN_PROGRESS')
      .map((v) => ({ type: 'vocabulary', id: v.Id!, arn: v.Arn ?? '', name: v.Name! }));
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeVocabularyCommandOutput>(
      new connect.DescribeVocabularyCommand({ InstanceId, VocabularyId: summary.id }),
      `vocabulary "${summary.name}"`,
    );
    const v = out.Vocabulary ?? ({} as connect.Vocabulary);
    const defaults = v.LanguageCode ? await defaultsOf(api, InstanceId, v.LanguageCode) : [];
    const portable = portableTags(v.Tags);
    return {
      body: {
        Name: v.Name ?? summary.name,
        LanguageCode: v.LanguageCode ?? 'en-US',
        // A vocabulary Connect failed to process holds no usable content: a deploy replaces it.
        Content: v.State === 'CREATION_FAILED' ? '' : (v.Content ?? ''),
        ...(defaults.includes(summary.id) ? { Default: true as const } : {}),
        ...(portable ? { Tags: portable } : {}),
      },
      tags: v.Tags ?? {},
    };
  },
  async create(ctx, d) {
    return createAndWait(ctx, d);
  },
  updates: [
    {
      // One rule: a replacement brings its tags and default along, and nothing may tag the vocabulary it deleted.
      fields: ['LanguageCode', 'Content', 'Default', 'Tags'],
      async write(ctx, target, d, current) {
        if (d.LanguageCode !== current.LanguageCode || d.Content !== current.Content) {
          await replace(ctx, target, d, current);
          return;
        }
        const want = d.Tags ?? {};
        const have = current.Tags ?? {};
        const add = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
        const remove = Object.keys(have).filter((k) => !(k in want));
        if (Object.keys(add).length > 0)
          await ctx.send(new connect.TagResourceCommand({ resourceArn: target.arn, tags: add }));
        if (remove.length > 0)
          await ctx.send(new connect.UntagResourceCommand({ resourceArn: target.arn, tagKeys: remove }));
        if (d.Default && !current.Default) {
          await untilActive(ctx, target.id, d.Name);
          await makeDefault(ctx, d, target.id);
        } else if (!d.Default && current.Default) {
          await makeDefault(ctx, current, undefined);
        }
      },
    },
  ],
  // The default vocabulary of a language cannot be deleted: the language is left without one first.
  async delete(ctx, target) {
    const out = await ctx.send<connect.DescribeVocabularyCommandOutput>(
      new connect.DescribeVocabularyCommand({ InstanceId: ctx.instance.id, VocabularyId: target.id }),
    );
    const language = out.Vocabulary?.LanguageCode;
    if (language && (await defaultsOf(ctx.api, ctx.instance.id, language)).includes(target.id))
      await ctx.send(
        new connect.AssociateDefaultVocabularyCommand({
          InstanceId: ctx.instance.id,
          LanguageCode: language as connect.VocabularyLanguageCode,
        }),
      );
    await ctx.send(new connect.DeleteVocabularyCommand({ InstanceId: ctx.instance.id, VocabularyId: target.id }));
  },
});
