/** `RequestItems` / `UnprocessedItems` of BatchWriteItem: write requests by table, in DynamoDB JSON. */
export type WriteRequestsByTable = Record<string, unknown[]>;

export interface WithheldWrites {
  /** What still goes to the table store. */
  forwarded: WriteRequestsByTable;
  /** What is handed back as unprocessed. */
  withheld: WriteRequestsByTable;
}

/**
 * Splits a batch as a throttled DynamoDB would: each write request is independently withheld with probability
 * `rate`. Tables not in `eligibleTables` keep all their requests, so that a missing table still fails the whole
 * batch as it does on AWS.
 */
export function withholdWrites(
  requestItems: WriteRequestsByTable,
  rate: number,
  random: () => number,
  eligibleTables: ReadonlySet<string>,
): WithheldWrites {
  const forwarded: WriteRequestsByTable = {};
  const withheld: WriteRequestsByTable = {};
  for (const [table, requests] of Object.entries(requestItems)) {
    for (const request of requests) {
      const target = eligibleTables.has(table) && random() < rate ? withheld : forwarded;
      (target[table] ??= []).push(request);
    }
  }
  return { forwarded, withheld };
}

/** Adds withheld requests to the `UnprocessedItems` a table store answered with. */
export function mergeUnprocessed(
  unprocessed: WriteRequestsByTable | undefined,
  withheld: WriteRequestsByTable,
): WriteRequestsByTable {
  const merged: WriteRequestsByTable = { ...unprocessed };
  for (const [table, requests] of Object.entries(withheld)) merged[table] = [...(merged[table] ?? []), ...requests];
  return merged;
}
