import type { Binary } from './types.js';

/** Bytes of a binary value (base64 text is decoded). */
export function toBytes(value: Binary): Buffer {
  return typeof value === 'string'
    ? Buffer.from(value, 'base64')
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Standard base64 with padding, as DynamoDB JSON writes binary. */
export function toBase64(value: Binary): string {
  return typeof value === 'string' ? value : toBytes(value).toString('base64');
}

/**
 * True when the text is base64 exactly as DynamoDB JSON writes it. Node's decoder skips characters it does not
 * know, so a typo would otherwise import different bytes without a word.
 */
export function isCanonicalBase64(text: string): boolean {
  return text.length % 4 === 0 && Buffer.from(text, 'base64').toString('base64') === text;
}

export function binaryLength(value: Binary): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'base64') : value.byteLength;
}
