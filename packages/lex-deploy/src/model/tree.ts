import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ValidationError } from '@edd/core';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** The files of a LexJson bot: path (always with `/`) -> bytes. */
export type FileTree = Map<string, Uint8Array>;

/** Lex writes `Manifest.json`; hand-made archives often say `manifest.json`. Both are read, the first is written. */
export const MANIFEST = 'Manifest.json';

/** More than any bot needs (Lex refuses imports over 50 MB); stops a zip bomb before it fills the memory. */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

// Zip tools and file managers leave these behind; they are never part of a bot.
const LITTER = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/;

function sorted(tree: FileTree): FileTree {
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Reads every file under a folder, by path relative to it. */
export async function readFolder(dir: string): Promise<FileTree> {
  const tree: FileTree = new Map();
  const walk = async (folder: string, prefix: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(join(folder, entry.name), `${path}/`);
      else if (entry.isFile() && !LITTER.test(path)) tree.set(path, await readFile(join(folder, entry.name)));
    }
  };
  await walk(dir, '');
  return sorted(tree);
}

/** Unpacks a zip archive; anything that is not one is a validation failure of the source named by `label`. */
export function unzipTree(archive: Uint8Array, label: string): FileTree {
  let unpacked = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(archive, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) throw new RangeError(`it unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
        return true;
      },
    });
  } catch (error) {
    const reason = error instanceof RangeError ? error.message : 'it is not a valid zip archive';
    throw new ValidationError(`${label} cannot be read: ${reason}; nothing was written`);
  }
  const tree: FileTree = new Map();
  for (const [name, data] of Object.entries(entries)) {
    const path = name.replace(/\\/g, '/').replace(/^\.\//, '');
    if (!path.endsWith('/') && !LITTER.test(path)) tree.set(path, data);
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

/** Reads a source given as a folder or a zip file, rooted at its manifest. */
export async function readSourceTree(path: string): Promise<FileTree> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    throw new ValidationError(`${path} does not exist; pass the exported bot's folder or a zip of it`);
  }
  const tree = isDirectory ? await readFolder(path) : unzipTree(await readFile(path), path);
  return rootAtManifest(tree, path);
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
 * Replaces `dir` with exactly the files of the tree: written beside it first, then swapped in, so a failed run
 * leaves the previous files, and files of deleted intents or slots disappear from the git diff's point of view.
 */
export async function replaceFolder(dir: string, tree: FileTree): Promise<void> {
  const staging = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
  await rm(staging, { recursive: true, force: true });
  for (const [path, data] of tree) {
    const file = join(staging, ...path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
  }
  await mkdir(staging, { recursive: true });
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}
