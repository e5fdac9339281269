import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputRoot, ValidationError } from '@edd/core';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  readSourceTree,
  replaceFolder,
  rootAtManifest,
  unzipTree,
  zipTree,
  type FileTree,
} from '../../src/model/tree.js';

const text = (tree: FileTree) =>
  Object.fromEntries([...tree].map(([path, data]) => [path, new TextDecoder().decode(data)]));

describe('unzipTree', () => {
  it('reads the files of a zip, leaving out folders and macOS litter', () => {
    const archive = zipSync({
      'a/': {},
      'a/b.json': strToU8('{}'),
      '__MACOSX/a/._b.json': strToU8('x'),
      'a/.DS_Store': strToU8('x'),
    });
    expect(text(unzipTree(archive, 'bot.zip'))).toEqual({ 'a/b.json': '{}' });
  });

  it('refuses what is not a zip archive with a validation error naming the source', () => {
    expect(() => unzipTree(strToU8('PK\u0003\u0004 garbage'), 'bot.zip')).toThrow(ValidationError);
    expect(() => unzipTree(strToU8('hello'), 'bot.zip')).toThrow(
      'bot.zip cannot be read: it is not a valid zip archive',
    );
  });
});

describe('rootAtManifest', () => {
  const tree = (paths: string[]): FileTree => new Map(paths.map((p) => [p, strToU8(p)]));

  it('keeps a tree whose manifest is at the top', () => {
    expect([...rootAtManifest(tree(['Manifest.json', 'Bot/Bot.json']), 'x').keys()]).toEqual([
      'Bot/Bot.json',
      'Manifest.json',
    ]);
  });

  it('unwraps one folder around the export and spells the manifest Manifest.json', () => {
    const rooted = rootAtManifest(tree(['export/manifest.json', 'export/Bot/Bot.json', 'other.txt']), 'x');
    expect(text(rooted)).toEqual({ 'Bot/Bot.json': 'export/Bot/Bot.json', 'Manifest.json': 'export/manifest.json' });
  });

  it('refuses a tree without a manifest at the top or in one wrapping folder', () => {
    expect(() => rootAtManifest(tree(['Bot/Bot.json', 'a/b/Manifest.json']), 'bot.zip')).toThrow(
      'bot.zip is not a LexJson bot: it has no Manifest.json',
    );
  });
});

describe('zipTree', () => {
  it('gives the same bytes for the same files, whatever their order', () => {
    const a: FileTree = new Map([
      ['x/1.json', strToU8('1')],
      ['x/2.json', strToU8('2')],
    ]);
    const b: FileTree = new Map([
      ['x/2.json', strToU8('2')],
      ['x/1.json', strToU8('1')],
    ]);
    expect(Buffer.from(zipTree(a)).equals(Buffer.from(zipTree(b)))).toBe(true);
    expect(text(unzipTree(zipTree(a), 'x'))).toEqual({ 'x/1.json': '1', 'x/2.json': '2' });
  });
});

describe('readSourceTree and replaceFolder', () => {
  it('reads a folder and a zip of it alike, and replaces a folder with exactly the new files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edd-lex-tree-'));
    const bot = join(dir, 'Bot');
    await replaceFolder(
      await OutputRoot.open(dir, '--out'),
      'Bot',
      new Map([
        ['Manifest.json', strToU8('{}')],
        ['Bot/Bot.json', strToU8('{"a":1}')],
        ['Bot/Old.json', strToU8('old')],
      ]),
    );
    await replaceFolder(
      await OutputRoot.open(dir, '--out'),
      'Bot',
      new Map([
        ['Manifest.json', strToU8('{}')],
        ['Bot/Bot.json', strToU8('{"a":2}')],
      ]),
    );
    expect(readdirSync(join(bot, 'Bot'))).toEqual(['Bot.json']);
    expect(readFileSync(join(bot, 'Bot/Bot.json'), 'utf8')).toBe('{"a":2}');
    expect(readdirSync(dir)).toEqual(['Bot']);

    const zip = join(dir, 'bot.zip');
    writeFileSync(zip, zipTree(await readSourceTree(bot)));
    expect(text(await readSourceTree(zip))).toEqual(text(await readSourceTree(bot)));
  });

  it('says so when the source does not exist', async () => {
    const missing = join(tmpdir(), 'edd-lex-no-such-folder');
    await expect(readSourceTree(missing)).rejects.toThrow(`${missing} does not exist`);
  });
});

describe('unzipTree with entries that leave the archive', () => {
  it('refuses an entry whose path climbs out, or names a file twice, naming the entry', () => {
    for (const bad of ['Bot/../../x.json', '/etc/passwd', '..\\x.json']) {
      const archive = zipSync({ 'Manifest.json': strToU8('{}'), [bad]: strToU8('{}') });
      expect(() => unzipTree(archive, 'bot.zip')).toThrow(ValidationError);
      expect(() => unzipTree(archive, 'bot.zip')).toThrow(`bot.zip: ${bad}`);
    }
    const twice = zipSync({ 'Bot/Bot.json': strToU8('{}'), 'Bot/./Bot.json': strToU8('{"a":1}') });
    expect(() => unzipTree(twice, 'bot.zip')).toThrow('names Bot/Bot.json a second time');
  });
});
