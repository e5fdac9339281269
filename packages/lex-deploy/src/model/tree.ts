import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { OutputRoot } from '@edd/core';
import { InputRoot, UsageError, ValidationError, normaliseRelativePath } from '@edd/core';
import { zipSync, type Zippable } from 'fflate';
import { ZipProblem, readZip } from './zip.js';

/** The files of a LexJson bot: path (always with `/`) -> bytes. */
export type FileTree = Map<string, Uint8Array>;

/** Lex writes `Manifest.json`; hand-made archives often say `manifest.json`. Both are read, the first is written. */
export const MANIFEST = 'Manifest.json';

/** The largest archive lex-deploy hands to a Lex import (Lex's own limit for an import's .zip file). */
export const MAX_ARCHIVE_BYTES = 50 * 1024 * 1024;

/** More than any bot needs; stops a zip bomb or a folder of junk before it fills the memory. */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

/**
 * Files of a bot at most. A locale holds at most 1,000 intents, 4,000 slots and 250 slot types in Lex's quotas;
 * this leaves room for every locale Lex has while refusing an archive of millions of empty entries.
 */
const MAX_FILES = 200_000;

// Zip tools and file managers leave these behind; they are never part of a bot.
const LITTER = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/;

function sorted(tree: FileTree): FileTree {
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Reads every file under a folder, by path relative to it, through an input root: a link inside the folder is
 * followed, one that leaves it (or a device, a FIFO, anything under /proc) stops the step naming the file.
 */
export async function readFolder(dir: string): Promise<FileTree> {
  const root = await InputRoot.open(dir, { what: '--source' });
  const tree: FileTree = new Map();
  let total = 0;
  const entries = await root.walk('');
  if (entries.length > MAX_FILES)
    throw new ValidationError(
      `${dir} holds ${entries.length} files; a bot has at most ${MAX_FILES}; nothing was written`,
    );
  for (const entry of entries) {
    if (LITTER.test(entry.path)) continue;
    const data = await root.readFile(entry.path, {
      maxBytes: MAX_UNPACKED_BYTES - total,
      tooLarge: () => `brings the bot to more than ${MAX_UNPACKED_BYTES} bytes; no bot is that large`,
    });
    if (!data) continue;
    total += data.byteLength;
    tree.set(entry.path, data);
  }
  return sorted(tree);
}

/**
 * Unpacks a zip archive; anything that is not one, or that could not be trusted (an entry that leaves the archive's
 * folder, a zip bomb, an entry given twice) is a validation failure of the source named by `label`.
 */
export function unzipTree(archive: Uint8Array, label: string): FileTree {
  let entries;
  try {
    entries = readZip(archive, { maxEntries: MAX_FILES, maxUnpackedBytes: MAX_UNPACKED_BYTES });
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    if (error.entry !== undefined)
      throw new ValidationError('the archive cannot be read; nothing was written', [
        { file: `${label}: ${error.entry}`, message: error.message },
      ]);
    throw new ValidationError(`${label} cannot be read: ${error.message}; nothing was written`);
  }
  const tree: FileTree = new Map();
  for (const { name, data } of entries) {
    const normal = normaliseRelativePath(name);
    if ('reason' in normal)
      throw new ValidationError('the archive cannot be used; nothing was written', [
        { file: `${label}: ${name}`, message: normal.reason },
      ]);
    if (LITTER.test(normal.path)) continue;
    if (tree.has(normal.path))
      throw new ValidationError('the archive cannot be used; nothing was written', [
        { file: `${label}: ${name}`, message: `names ${normal.path} a second time; keep one entry per file` },
      ]);
    tree.set(normal.path, data);
  }
  return sorted(tree);
}

/**
 * Re-roots a tree at the folder holding the manifest: the top, or one wrapping folder (what zipping an unpacked
 * export's folder gives). The manifest comes out as `Manifest.json` whatever its capitalisation.
 */
export function rootAtManifest(tree: FileTree, label: string): FileTree {
  const candidates = [...tree.keys()]
    .filter((path) => path.split('/').length <= 2 && basename(path).toLowerCase() === MANIFEST.toLowerCase())
    .sort((a, b) => a.split('/').length - b.split('/').length);
  const manifest = candidates[0];
  if (!manifest) {
    throw new ValidationError(
      `${label} is not a LexJson bot: it has no ${MANIFEST} (looked at the top and inside one wrapping folder); nothing was written`,
    );
  }
  const prefix = manifest.includes('/') ? `${dirname(manifest)}/` : '';
  const rooted: FileTree = new Map();
  for (const [path, data] of tree) {
    if (path === manifest) rooted.set(MANIFEST, data);
    else if (path.startsWith(prefix)) rooted.set(path.slice(prefix.length), data);
  }
  return sorted(rooted);
}

/**
 * Reads a source given as a folder or a zip file, rooted at its manifest. A missing source is a usage error
 * (exit 2); a zip is read through its folder, so a link to a file elsewhere or to a system file is refused.
 */
export async function readSourceTree(path: string): Promise<FileTree> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    throw new UsageError(`--source ${path} does not exist; pass the exported bot's folder or a zip of it`);
  }
  if (isDirectory) return rootAtManifest(await readFolder(path), path);
  const folder = await InputRoot.open(dirname(path), { what: '--source' });
  const archive = await folder.readFile(basename(path), {
    maxBytes: MAX_ARCHIVE_BYTES,
    tooLarge: (size) => `is ${size} bytes; Lex imports a .zip file of at most ${MAX_ARCHIVE_BYTES} bytes (50 MB)`,
  });
  if (!archive) throw new UsageError(`--source ${path} does not exist; pass the exported bot's folder or a zip of it`);
  return rootAtManifest(unzipTree(archive, path), path);
}

// Zip entries carry a modification time; a fixed one makes the same files give the same archive bytes.
const FIXED_MTIME = new Date('1980-01-01T00:00:00Z');

/** Packs a tree into a zip archive, entries in path order. */
export function zipTree(tree: FileTree): Uint8Array {
  const entries: Zippable = {};
  for (const [path, data] of sorted(tree)) entries[path] = [data, { mtime: FIXED_MTIME }];
  return zipSync(entries, { level: 6 });
}

/**
 * Replaces `<out>/<name>` with exactly the files of the tree: written beside it first, then swapped in, so a failed
 * run leaves the previous files, and files of deleted intents or slots disappear from the git diff's point of view.
 * Every path is checked to stay inside `out` before anything is written.
 */
export async function replaceFolder(out: OutputRoot, name: string, tree: FileTree): Promise<void> {
  const dir = await out.target(name);
  const staging = await out.target(`.${name}.${process.pid}.tmp`);
  await rm(staging, { recursive: true, force: true });
  const files: [string, Uint8Array][] = [];
  for (const [path, data] of tree) files.push([await out.target(`.${name}.${process.pid}.tmp/${path}`), data]);
  for (const [file, data] of files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
  }
  await mkdir(staging, { recursive: true });
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}
