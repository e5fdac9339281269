import { createHash } from 'node:crypto';
import type { StructureValue } from '../../protocols/protocol.js';
import { connectModel, parameterError } from './errors.js';

/** Connect's page size when a List* call gives no MaxResults, capped by what the model allows. */
const DEFAULT_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

function maxResultsLimit(operation: string): number {
  const inputRef = connectModel.operation(operation)?.input;
  const member = inputRef ? connectModel.structure(inputRef.shape).members.MaxResults : undefined;
  const shape = member ? connectModel.shape(member.shape) : undefined;
  return shape && 'max' in shape && shape.max !== undefined ? shape.max : DEFAULT_PAGE_SIZE;
}

/** Ties a token to the listing it came from, so that a token is refused by any other listing. */
function listingKey(operation: string, scope: string): string {
  return createHash('sha256').update(`${operation}\u0000${scope}`).digest('base64url').slice(0, 16);
}

/**
 * One page of `items`. `NextToken` is opaque to callers (an offset bound to the listing); `MaxResults` has been
 * checked against the model's range; without it a page holds at most 100 items, or the model's maximum if lower.
 * `scope` names what is listed (instance and filters), so that a token cannot be replayed against another list.
 */
export function paginate<T>(operation: string, items: readonly T[], input: StructureValue, scope: string): Page<T> {
  const key = listingKey(operation, scope);
  const size = (input.MaxResults as number | undefined) ?? Math.min(DEFAULT_PAGE_SIZE, maxResultsLimit(operation));
  let offset = 0;
  const token = input.NextToken as string | undefined;
  if (token !== undefined) {
    const match = /^([A-Za-z0-9_-]{16})\.(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!match || match[1] !== key) throw parameterError(operation, 'The NextToken is not valid for this request.');
    offset = Number(match[2]);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(`${key}.${end}`).toString('base64url') : undefined,
  };
}
