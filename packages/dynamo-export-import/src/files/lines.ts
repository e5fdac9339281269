import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

export interface Line {
  /** 1-based line number. */
  number: number;
  /** The line without its line ending; absent when the line has a problem. */
  text?: string;
  /** `too-long`: longer than the limit (its bytes are not kept); `not-utf8`: bytes that are not UTF-8. */
  problem?: 'too-long' | 'not-utf8';
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads a text file line by line with bounded memory. Lines are split on bytes (a newline byte never occurs inside
 * a multi-byte UTF-8 character) and decoded one by one, so a line that is not UTF-8 is reported as such, with its
 * number, instead of turning into U+FFFD and changing the data without a word. A line longer than `maxLineBytes`
 * is reported without its bytes, so one runaway line cannot exhaust memory. `\r\n` endings and a leading byte
 * order mark are accepted.
 */
export async function* readLines(path: string, { maxLineBytes = 16 * 1024 * 1024 } = {}): AsyncGenerator<Line> {
  let number = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  const finish = (last: Buffer): Line => {
    number++;
    if (tooLong) {
      tooLong = false;
      return { number, problem: 'too-long' };
    }
    let bytes = pending.length > 0 ? Buffer.concat([...pending, last]) : last;
    pending = [];
    pendingBytes = 0;
    if (bytes.length > maxLineBytes) return { number, problem: 'too-long' };
    if (bytes.at(-1) === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    if (number === 1 && bytes.subarray(0, 3).equals(BYTE_ORDER_MARK)) bytes = bytes.subarray(3);
    return isUtf8(bytes) ? { number, text: bytes.toString('utf8') } : { number, problem: 'not-utf8' };
  };
  // 64 KB reads, and every line decoded on its own: a megabyte string per read would land in V8's large-object
  // space, which only a full garbage collection frees, and each line sliced from it would keep it alive.
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      yield finish(chunk.subarray(start, end));
      start = end + 1;
    }
    if (start < chunk.length && !tooLong) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) {
        tooLong = true;
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pending.length > 0 || tooLong) yield finish(Buffer.alloc(0));
}
