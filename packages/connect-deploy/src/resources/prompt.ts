import { createHash } from 'node:crypto';
import * as connect from '@aws-sdk/client-connect';
import { AwsOperationError } from '@edd/core';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { MAX_PROMPT_BYTES, checkPromptAudio } from '../model/prompt-audio.js';
import { defineResource, type ReadContext, type ResourceSummary } from './descriptor.js';
import { commonFields, description, name, tags } from './fields.js';

/** Tag recording the SHA-256 of the audio a prompt was last given, so a redeploy need not download it. */
export const PROMPT_AUDIO_TAG = 'edd:audio-sha256';

const schema = z
  .object({
    Name: name,
    Description: description,
    File: z.string().regex(/^[^/\\]+\.(wav|mp3)$/i, 'must be the name of a .wav or .mp3 file next to this one'),
    Tags: tags,
  })
  .strict();
export type PromptFile = z.infer<typeof schema>;

/** Downloads a prompt's audio through the presigned URL GetPromptFile returns. */
export async function downloadPromptAudio(
  { api, instanceId }: ReadContext,
  summary: ResourceSummary,
): Promise<{ bytes: Buffer; extension: string }> {
  const what = `prompt "${summary.name}"`;
  const out = await api.send<connect.GetPromptFileCommandOutput>(
    new connect.GetPromptFileCommand({ InstanceId: instanceId, PromptId: summary.id }),
    what,
  );
  if (!out.PromptPresignedUrl) throw new AwsOperationError(`GetPromptFile ${what} returned no URL`);
  const response = await fetch(out.PromptPresignedUrl);
  if (!response.ok) throw new AwsOperationError(`downloading the audio of ${what} failed: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const path = new URL(out.PromptPresignedUrl).pathname.toLowerCase();
  const type = response.headers.get('content-type') ?? '';
  const extension = path.endsWith('.mp3') || type.includes('mpeg') ? 'mp3' : 'wav';
  return { bytes, extension };
}

/** Prompts carry their audio beside them; deploy uploads it to the prompt bucket before CreatePrompt/UpdatePrompt. */
export const prompt = defineResource({
  type: 'prompt',
  label: 'prompt',
  folder: 'prompts',
  arnKind: 'prompt',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListPrompts({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.PromptSummaryList,
      'ListPrompts',
    );
    return summaries('prompt', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribePromptCommandOutput>(
      new connect.DescribePromptCommand({ InstanceId, PromptId: summary.id }),
      `prompt "${summary.name}"`,
    );
    const p = out.Prompt ?? {};
    // The file name is the export's business (it names the audio beside the JSON), not Connect's.
    return { body: { ...commonFields(p.Name, p.Description, p.Tags), File: '' }, tags: p.Tags ?? {} };
  },
  attachment: {
    field: 'File',
    what: 'audio',
    maxBytes: MAX_PROMPT_BYTES - 1,
    tooLarge: (size) => `is ${size} bytes; Connect accepts prompts of less than 50 MB`,
    check(bytes) {
      const result = checkPromptAudio(bytes);
      return result.ok ? undefined : result.message;
    },
    read: downloadPromptAudio,
    async sha256(ctx, summary, tags) {
      const recorded = tags[PROMPT_AUDIO_TAG];
      if (recorded) return recorded;
      // Prompts this toolkit did not upload (the stock ones) carry no hash: compare the audio itself.
      const audio = await downloadPromptAudio(ctx, summary);
      return createHash('sha256').update(audio.bytes).digest('hex');
    },
    recordTags: (attachment) => ({ [PROMPT_AUDIO_TAG]: attachment.sha256 }),
  },
  async create(ctx, d) {
    const s3Uri = await ctx.upload(ctx.attachment!);
    const out = await ctx.send<connect.CreatePromptCommandOutput>(
      new connect.CreatePromptCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        S3Uri: s3Uri,
        Tags: { ...d.Tags, [PROMPT_AUDIO_TAG]: ctx.attachment!.sha256 },
      }),
    );
    return { id: out.PromptId!, arn: out.PromptARN! };
  },
  updates: [
    {
      fields: ['Description', 'File'],
      async write(ctx, target, d) {
        const s3Uri = ctx.attachmentChanged ? await ctx.upload(ctx.attachment!) : undefined;
        await ctx.send(
          new connect.UpdatePromptCommand({
            InstanceId: ctx.instance.id,
            PromptId: target.id,
            Name: d.Name,
            Description: d.Description,
            ...(s3Uri ? { S3Uri: s3Uri } : {}),
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeletePromptCommand({ InstanceId: ctx.instance.id, PromptId: target.id }));
  },
});
