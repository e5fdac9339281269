import { AwsOperationError, retry } from '@edd/core';
import { z } from 'zod';
import type { UpdateRule, WriteContext } from './descriptor.js';

/** Connect's limit on a flow's or module's `Content`, in characters. */
export const MAX_CONTENT_CHARS = 256_000;

export const flowContent = z.record(z.string(), z.unknown());
export const status = z.enum(['PUBLISHED', 'SAVED']).optional();
export const state = z.enum(['ACTIVE', 'ARCHIVED']).optional();

/** What a flow caught in a reference cycle is created with, before its real content can reference the others. */
export const STUB_FLOW = {
  Version: '2019-10-30',
  StartAction: 'edd-stub',
  Actions: [{ Identifier: 'edd-stub', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
};

export const STUB_MODULE = {
  Version: '2019-10-30',
  StartAction: 'edd-stub',
  Actions: [{ Identifier: 'edd-stub', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} }],
  Settings: {
    InputParameters: [],
    OutputParameters: [],
    Transitions: [
      { DisplayName: 'Success', ReferenceName: 'Success', Description: '' },
      { DisplayName: 'Error', ReferenceName: 'Error', Description: '' },
    ],
  },
};

export function parseContent(content: string | undefined, what: string): Record<string, unknown> {
  try {
    return JSON.parse(content ?? '') as Record<string, unknown>;
  } catch {
    throw new AwsOperationError(`${what}: Connect returned content that is not JSON`);
  }
}

export function upper(value: string | undefined): string | undefined {
  return value?.toUpperCase();
}

/** `<id>:$SAVED` addresses the draft of a flow or module kept SAVED. */
export function qualified(id: string, status: string | undefined): string {
  return status === 'SAVED' ? `${id}:$SAVED` : id;
}

/**
 * Publishing right after the resources it references were created can meet Connect's eventual consistency
 * (`InvalidContactFlowException` naming a resource that does exist): retry a few times before giving up.
 */
export function publish(work: () => Promise<unknown>): Promise<unknown> {
  return retry(work, {
    attempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 5000,
    isRetryable: (error) => error instanceof AwsOperationError && error.details.code === 'InvalidContactFlowException',
  });
}

export function contentTooLarge(size: number): string {
  return `content is ${size} characters once references are resolved; Connect's limit is ${MAX_CONTENT_CHARS}: split the flow into modules`;
}

/** The two calls that write a flow or a module once it exists: its content, and its description and state. */
export interface FlowWrites {
  content(instanceId: string, id: string, content: string): { input: unknown };
  metadata(
    instanceId: string,
    id: string,
    fields: { description?: string; state: 'ACTIVE' | 'ARCHIVED' },
  ): {
    input: unknown;
  };
}

interface FlowBody {
  Content: Record<string, unknown>;
  Status?: 'PUBLISHED' | 'SAVED';
  Description?: string;
  State?: 'ACTIVE' | 'ARCHIVED';
}

/**
 * How flows and modules are updated alike: the content (into the draft when kept SAVED, retried while Connect
 * catches up with what it references), then the description and state.
 */
export function flowUpdates<B extends FlowBody>(writes: FlowWrites): UpdateRule<B>[] {
  return [
    {
      fields: ['Content', 'Status'],
      async write(ctx, target, d) {
        const { instance } = ctx;
        const content = JSON.stringify(d.Content);
        await publish(() => ctx.send(writes.content(instance.id, qualified(target.id, d.Status), content)));
      },
    },
    {
      fields: ['Description', 'State'],
      async write(ctx, target, d) {
        await ctx.send(
          writes.metadata(ctx.instance.id, target.id, { description: d.Description ?? '', state: d.State ?? 'ACTIVE' }),
        );
      },
    },
  ];
}

/** Connect creates flows and modules active: one created archived is archived right after. */
export async function archiveCreated(
  ctx: WriteContext,
  writes: FlowWrites,
  id: string,
  state: FlowBody['State'],
): Promise<void> {
  if (state === 'ARCHIVED') await ctx.send(writes.metadata(ctx.instance.id, id, { state: 'ARCHIVED' }));
}
