import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZipProblem, readZip } from '../../src/model/zip.js';

const LIMITS = { maxEntries: 100, maxUnpackedBytes: 1_000_000 };

/** The offsets of an entry's sizes in the central directory and in its local header. */
function patchSizes(archive: Uint8Array, declared: number): Uint8Array {
  const buffer = Buffer.from(archive);
  const central = buffer.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  buffer.writeUInt32LE(declared, central + 24);
  buffer.writeUInt32LE(declared, buffer.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])) + 22);
  return new Uint8Array(buffer);
}

function problem(work: () => unknown): ZipProblem {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ZipProblem);
    return error as ZipProblem;
  }
  throw new Error('expected a ZipProblem');
}

describe('readZip', () => {
  it('reads stored and deflated entries and leaves folders out', () => {
    const archive = zipSync({ 'a/': {}, 'a/b.json': strToU8('{"b":1}'), 'c.txt': [strToU8('c'), { level: 0 }] });
    expect(readZip(archive, LIMITS).map((e) => [e.name, Buffer.from(e.data).toString()])).toEqual([
      ['a/b.json', '{"b":1}'],
      ['c.txt', 'c'],
    ]);
  });

  it('refuses an entry that inflates to more than it declares, without inflating it whole', () => {
    const bomb = zipSync({ 'a.json': new Uint8Array(5_000_000).fill(32) }, { level: 9 });
    const lying = patchSizes(bomb, 1000);
    expect(problem(() => readZip(lying, { ...LIMITS, maxUnpackedBytes: 10_000_000 }))).toMatchObject({
      entry: 'a.json',
      message: 'unpacks to more than the 1000 bytes it declares',
    });
  });

  it('refuses archives that declare more than the limit before inflating anything', () => {
    const bomb = zipSync({ 'a.json': new Uint8Array(2_000_000).fill(32) }, { level: 9 });
    expect(problem(() => readZip(bomb, LIMITS)).message).toBe('it unpacks to more than 1000000 bytes');
  });

  it('refuses an entry that holds fewer bytes than declared, or other bytes than its checksum', () => {
    const archive = zipSync({ 'a.json': strToU8('{"a":1}') }, { level: 0 });
    expect(problem(() => readZip(patchSizes(archive, 100), LIMITS)).message).toMatch(/fewer than the 100 bytes/);
    const buffer = Buffer.from(archive);
    buffer[buffer.indexOf(Buffer.from('{"a":1}'))! + 5] = 0x32;
    expect(problem(() => readZip(new Uint8Array(buffer), LIMITS)).message).toBe('does not match its checksum (CRC-32)');
  });

  it('refuses too many entries, encrypted entries and what is not a zip', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, strToU8('x')])));
    expect(problem(() => readZip(many, LIMITS)).message).toBe('it holds 101 entries; at most 100 are read');
    const encrypted = Buffer.from(zipSync({ 'a.json': strToU8('{}') }));
    encrypted.writeUInt16LE(1, encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    expect(problem(() => readZip(new Uint8Array(encrypted), LIMITS)).message).toMatch(/encrypted/);
    expect(problem(() => readZip(strToU8('hello, not a zip archive at all'), LIMITS)).message).toBe(
      'it is not a valid zip archive',
    );
  });

  it('refuses an entry that is a symbolic link', () => {
    const archive = Buffer.from(zipSync({ 'Bot/Bot.json': strToU8('/proc/self/environ') }));
    const central = archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    archive.writeUInt16LE((3 << 8) | 20, central + 4);
    archive.writeUInt32LE((0o120777 << 16) >>> 0, central + 38);
    expect(problem(() => readZip(new Uint8Array(archive), LIMITS))).toMatchObject({
      entry: 'Bot/Bot.json',
      message: 'is a symbolic link; a bot export holds only files',
    });
  });
});
