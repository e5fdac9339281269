import { toAwsOperationError } from '@edd/core';
import type { ResourceSummary } from '../resources/descriptor.js';

/** Every item of every page (the SDK paginators follow each NextToken: no cap); errors name the operation. */
export async function collect<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => T[] | undefined,
  operation: string,
): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const page of pages) out.push(...(pick(page) ?? []));
  } catch (error) {
    throw toAwsOperationError(error, operation);
  }
  return out;
}

interface SummaryShape {
  Id?: string;
  Arn?: string;
  Name?: string;
}

/** Listing entries with an id and a name, as summaries of `type`. */
export function summaries(type: string, list: readonly SummaryShape[]): ResourceSummary[] {
  return list.filter((s) => s.Id && s.Name).map((s) => ({ type, id: s.Id!, arn: s.Arn ?? '', name: s.Name! }));
}

/** The page size every Connect listing takes. */
export const PAGE = 100;
