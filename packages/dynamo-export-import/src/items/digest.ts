import { createHash } from 'node:crypto';

// A digest per key keeps memory at O(keys), not O(bytes): 16 bytes of SHA-256 tell changed items apart. A Hash
// object per item, not crypto.hash: the one-shot hash's hex text and the buffer made from it took a 200,000-item
// import from 160 MB to 251 MB at its peak (pnpm bench dynamo), for a digest time that is small next to the writes.
export const digestOf = (canonical: string): string =>
  createHash('sha256').update(canonical).digest().subarray(0, 16).toString('base64');

/**
 * What a saved plan holds of one table: enough to tell, when it is applied, whether the table or the items it
 * writes moved, without keeping any item's value (items may hold secrets, and the saved file must stay small).
 * Each change is one string: a table of 200,000 items gives as many short strings, which cost a fraction of the
 * memory of a map or an object with as many entries, and two lists compare entry by entry.
 */
export interface TableFingerprints {
  /** Every item the plan read, in canonical form and in the order of their keys' text: `sha256:<hex>`. */
  table: string;
  /** Items in the table when the plan read it. */
  tableItems: number;
  /** `<digest of the item written> <key>` (its canonical form after placeholder expansion), in file order. */
  create: string[];
  /** `<digest of the item written> <digest of the item the table held> <key>`, in file order. */
  update: string[];
  /** `<digest of the item the table held> <key>`, in the order of the keys' text. */
  delete: string[];
}

/**
 * One fingerprint of everything the plan read of a table: each key with the digest of its item, in the order of the
 * keys' text (a Scan returns segments in no useful order), so the same items always give the same fingerprint.
 */
export function tableFingerprint(items: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const key of [...items.keys()].sort()) hash.update(`${key}\n${items.get(key)!}\n`);
  return `sha256:${hash.digest('hex')}`;
}
