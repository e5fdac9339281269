import { crc32, inflateRawSync } from 'node:zlib';

/**
 * A zip reader for archives anyone with commit rights can craft. It trusts nothing the archive says: the entry
 * count and the declared sizes are checked against limits before anything is inflated, each entry is inflated
 * into at most the size it declares (one that holds more, less, or other bytes than its CRC says is refused), and
 * encrypted entries, links, ZIP64 and methods other than stored and deflated are refused rather than misread.
 */

export interface ZipLimits {
  /** Entries (files and folders) at most. */
  maxEntries: number;
  /** Bytes of all entries together once unpacked, as declared and as inflated. */
  maxUnpackedBytes: number;
}

export interface ZipEntry {
  /** The name as stored in the archive. */
  name: string;
  data: Uint8Array;
}

/** The archive cannot be read safely; `entry` names the entry at fault, when one is. */
export class ZipProblem extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UNIX = 3;

function endOfCentralDirectory(view: DataView): number {
  const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= earliest; at--) if (view.getUint32(at, true) === EOCD) return at;
  throw new ZipProblem('it is not a valid zip archive');
}

/** Reads every file entry of a zip archive (folders are left out), checking it as it goes. */
export function readZip(archive: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  if (archive.byteLength < 22) throw new ZipProblem('it is not a valid zip archive');
  const end = endOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff)
    throw new ZipProblem('it is a ZIP64 archive; a bot export is far smaller: zip it again without ZIP64');
  if (count > limits.maxEntries)
    throw new ZipProblem(`it holds ${count} entries; at most ${limits.maxEntries} are read`);
  if (directoryOffset + directorySize > end) throw new ZipProblem('it is not a valid zip archive');

  const decoder = new TextDecoder('utf-8', { fatal: false });
  const headers: {
    name: string;
    method: number;
    crc: number;
    compressed: number;
    declared: number;
    offset: number;
  }[] = [];
  let declaredTotal = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw new ZipProblem('it is not a valid zip archive');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const declared = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const madeBy = view.getUint16(at + 4, true) >> 8;
    const mode = view.getUint32(at + 38, true) >>> 16;
    const offset = view.getUint32(at + 42, true);
    const name = decoder.decode(archive.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (madeBy === UNIX && (mode & S_IFMT) === S_IFLNK)
      throw new ZipProblem('is a symbolic link; a bot export holds only files', name);
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new ZipProblem('is encrypted; zip the export without a password', name);
    if (method !== STORED && method !== DEFLATED)
      throw new ZipProblem(`uses compression method ${method}; only stored and deflated entries are read`, name);
    if (declared === 0xffffffff || compressed === 0xffffffff || offset === 0xffffffff)
      throw new ZipProblem('is a ZIP64 entry; a bot export is far smaller: zip it again without ZIP64', name);
    declaredTotal += declared;
    if (declaredTotal > limits.maxUnpackedBytes)
      throw new ZipProblem(`it unpacks to more than ${limits.maxUnpackedBytes} bytes`);
    headers.push({ name, method, crc, compressed, declared, offset });
  }

  return headers.map(({ name, method, crc, compressed, declared, offset }) => {
    if (offset + 30 > archive.byteLength || view.getUint32(offset, true) !== LOCAL)
      throw new ZipProblem('points at no entry of the archive', name);
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    if (start + compressed > archive.byteLength) throw new ZipProblem('is cut short', name);
    const raw = archive.subarray(start, start + compressed);
    let data: Uint8Array;
    if (method === STORED) {
      data = raw;
    } else {
      try {
        // One byte more than declared: an entry that inflates to more than it says is caught, never unpacked whole.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, declared + 1) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          throw new ZipProblem(`unpacks to more than the ${declared} bytes it declares`, name);
        throw new ZipProblem('is not valid deflated data', name);
      }
    }
    if (data.byteLength !== declared)
      throw new ZipProblem(
        `unpacks to ${data.byteLength > declared ? 'more' : 'fewer'} than the ${declared} bytes it declares`,
        name,
      );
    if (crc32(data) >>> 0 !== crc) throw new ZipProblem('does not match its checksum (CRC-32)', name);
    return { name, data };
  });
}
