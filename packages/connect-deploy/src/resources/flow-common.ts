import { AwsOperationError, retry } from '@edd/core';
import { z } from 'zod';

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
