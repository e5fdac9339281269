import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

// The additional checksums S3 verifies on upload, each sent base64-encoded in `x-amz-checksum-<algorithm>`.

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte += 1) {
    let crc = byte;
    // Castagnoli's polynomial, reflected.
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function uint32Base64(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}

const ALGORITHMS: Readonly<Record<string, (data: Buffer) => string>> = {
  CRC32: (data) => uint32Base64(crc32(data)),
  CRC32C: (data) => uint32Base64(crc32c(data)),
  SHA1: (data) => createHash('sha1').update(data).digest('base64'),
  SHA256: (data) => createHash('sha256').update(data).digest('base64'),
};

export const CHECKSUM_ALGORITHMS = Object.keys(ALGORITHMS);

/** The base64 checksum of the data by one of S3's algorithms (`CRC32`, `CRC32C`, `SHA1`, `SHA256`). */
export function checksum(algorithm: string, data: Buffer): string {
  const compute = ALGORITHMS[algorithm];
  if (!compute) throw new Error(`unknown checksum algorithm ${algorithm}`);
  return compute(data);
}
