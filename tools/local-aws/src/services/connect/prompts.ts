import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from '../../clock.js';
import type { HttpResponse, StructureValue } from '../../protocols/protocol.js';
import { renderXml } from '../../protocols/xml.js';
import type { OperationContext } from '../service.js';
import { isWav } from './audio.js';
import {
  activeInstance,
  created,
  summary,
  tagsOf,
  touch,
  type ConnectEnvironment,
  type ConnectHandlers,
} from './environment.js';
import { duplicate, invalidRequest } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type Prompt } from './store.js';

/** Where GetPromptFile's presigned URLs point: `/_local/connect/prompt-files/<token>`. */
export const PROMPT_FILES_PREFIX = 'prompt-files';
/** How long a GetPromptFile URL works, in AWS time. */
const PROMPT_URL_LIFETIME_MS = 15 * 60 * 1000;
/** Unexpired URLs kept at most: old ones are forgotten first, so a long run holds bounded memory. */
const MAX_PROMPT_URLS = 10_000;
const MAX_PROMPT_BYTES = 50 * 1024 * 1024;

export interface PromptFile {
  audio: Buffer;
  expiresAt: number;
}

function s3Error(status: number, code: string, message: string): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: renderXml({
      name: 'Error',
      children: [
        { name: 'Code', text: code },
        { name: 'Message', text: message },
      ],
    }),
  };
}

/** The audio behind GetPromptFile's presigned URLs, served by the emulator itself until they expire. */
export class PromptFiles {
  private readonly files = new Map<string, PromptFile>();

  constructor(private readonly clock: EmulatorClock) {}

  /** A URL on the emulator's own address (the Host the caller reached it on) that serves `audio`. */
  issue(audio: Buffer, context: OperationContext): string {
    const now = this.clock.now();
    for (const [token, file] of this.files) {
      if (file.expiresAt > now && this.files.size < MAX_PROMPT_URLS) break;
      this.files.delete(token);
    }
    const token = randomBytes(24).toString('hex');
    this.files.set(token, { audio, expiresAt: this.clock.after(PROMPT_URL_LIFETIME_MS) });
    const host = String(context.request.headers.host ?? '127.0.0.1');
    const expires = Math.round(PROMPT_URL_LIFETIME_MS / 1000);
    return `http://${host}/_local/connect/${PROMPT_FILES_PREFIX}/${token}?X-Amz-Expires=${expires}`;
  }

  serve(token: string): HttpResponse {
    const file = this.files.get(token);
    if (!file) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    if (file.expiresAt <= this.clock.now()) {
      this.files.delete(token);
      return s3Error(403, 'AccessDenied', 'Request has expired');
    }
    return { status: 200, headers: { 'content-type': 'audio/wav' }, body: file.audio };
  }

  clear(): void {
    this.files.clear();
  }

  /** The URLs handed out, by token; a URL keeps working after a restart until it expires. */
  snapshot(): Map<string, PromptFile> {
    return this.files;
  }

  restore(files: ReadonlyMap<string, PromptFile>): void {
    this.files.clear();
    for (const [token, file] of files) this.files.set(token, file);
  }
}

/** `s3://bucket/key` or `https://bucket.s3.<region>.amazonaws.com/key`. */
function s3Location(uri: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (s3) return { bucket: s3[1] as string, key: s3[2] as string };
  const https = /^https:\/\/([^/]+?)\.s3[.-][^/]*amazonaws\.com\/(.+)$/.exec(uri);
  if (!https) return undefined;
  try {
    return { bucket: https[1] as string, key: decodeURIComponent((https[2] as string).split('?')[0] as string) };
  } catch {
    return undefined;
  }
}

/** Reads a prompt's audio the way Connect does: from the caller's S3, as a WAV file of at most 50 MB. */
function readPromptAudio(env: ConnectEnvironment, context: OperationContext, uri: string): Buffer {
  const location = s3Location(uri);
  const audio = location ? env.readS3Object(context.account, context.region, location.bucket, location.key) : undefined;
  if (!audio) {
    throw invalidRequest(
      `Unable to read the prompt file at ${uri}: the object does not exist or Amazon Connect cannot access it.`,
    );
  }
  if (audio.length > MAX_PROMPT_BYTES) throw invalidRequest(`The prompt file at ${uri} is larger than 50 MB.`);
  if (!isWav(audio)) throw invalidRequest(`The prompt file at ${uri} is not a WAV file.`);
  return audio;
}

function describePrompt(prompt: Prompt): StructureValue {
  return {
    PromptARN: prompt.arn,
    PromptId: prompt.id,
    Name: prompt.name,
    Description: prompt.description,
    Tags: { ...prompt.tags },
    LastModifiedTime: prompt.lastModifiedTime,
    LastModifiedRegion: prompt.lastModifiedRegion,
  };
}

export function promptOperations(env: ConnectEnvironment, files: PromptFiles): ConnectHandlers {
  return {
    ListPrompts: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListPrompts', instance.prompts.list(), input, instance.id);
      return { output: { PromptSummaryList: page.items.map(summary), NextToken: page.nextToken } };
    },

    DescribePrompt: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      return { output: { Prompt: describePrompt(instance.prompts.get(input.PromptId as string)) } };
    },

    CreatePrompt: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.prompts.nameTaken(name)) throw duplicate(`Prompt with name ${name} already exists.`);
      const audio = readPromptAudio(env, context, input.S3Uri as string);
      const id = newId();
      const prompt = instance.prompts.add({
        id,
        arn: instance.resourceArn('prompt', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string | undefined,
        audio,
      });
      return { output: { PromptARN: prompt.arn, PromptId: id } };
    },

    UpdatePrompt: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const prompt = instance.prompts.get(input.PromptId as string);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.prompts.nameTaken(name, prompt.id)) {
        throw duplicate(`Prompt with name ${name} already exists.`);
      }
      const audio = input.S3Uri === undefined ? undefined : readPromptAudio(env, context, input.S3Uri as string);
      if (name !== undefined) prompt.name = name;
      if (input.Description !== undefined) prompt.description = input.Description as string;
      if (audio) prompt.audio = audio;
      touch(prompt, context);
      return { output: { PromptARN: prompt.arn, PromptId: prompt.id } };
    },

    GetPromptFile: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const prompt = instance.prompts.get(input.PromptId as string);
      return {
        output: {
          PromptPresignedUrl: files.issue(prompt.audio, context),
          LastModifiedTime: prompt.lastModifiedTime,
          LastModifiedRegion: prompt.lastModifiedRegion,
        },
      };
    },

    DeletePrompt: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      instance.prompts.delete(instance.prompts.get(input.PromptId as string).id);
      return { output: {} };
    },
  };
}
