import { AwsError } from '../errors.js';

export interface DecodedChunks {
  payload: Buffer;
  /** Trailing headers (`x-amz-checksum-crc32`), lower-cased, as the AWS SDKs send checksums of streamed bodies. */
  trailers: Record<string, string>;
}

function incompleteBody(): AwsError {
  return new AwsError({
    code: 'IncompleteBody',
    message: 'The request body terminated unexpectedly',
  });
}

/**
 * Decodes the `aws-chunked` content encoding the SDKs use for streamed uploads: `<hex size>[;chunk-signature=...]`
 * lines, each followed by that many bytes, ending with a zero-size chunk and optional trailing headers. Chunk
 * signatures are not verified, like every signature here.
 */
export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', position);
    if (lineEnd === -1) throw incompleteBody();
    const sizeText = body.subarray(position, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw incompleteBody();
    const size = Number.parseInt(sizeText, 16);
    position = lineEnd + 2;
    if (size === 0) break;
    if (position + size + 2 > body.length) throw incompleteBody();
    chunks.push(body.subarray(position, position + size));
    position += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(position).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(chunks), trailers };
}
