import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { UsageError, ValidationError, type Problem } from '../errors.js';

/**
 * Every file a step reads comes from a repository anyone with commit rights can change, and the pipeline role can
 * write to Prod. An InputRoot is a folder the step reads from: nothing read through it resolves outside it. A
 * symlink whose target stays inside is followed; one that leaves, a device, a FIFO, a socket, or anything under
 * /proc, /dev or /sys stops the step (exit 3, naming the file) before any AWS call. Nothing is skipped silently.
 */

/** Places whose files are not data: reading them leaks the process's secrets or blocks forever. */
const SYSTEM_TREES = ['/proc', '/dev', '/sys'];

function underSystemTree(real: string): boolean {
  return SYSTEM_TREES.some((tree) => real === tree || real.startsWith(`${tree}/`));
}

function inside(root: string, real: string): boolean {
  if (real === root) return true;
  const rel = relative(root, real);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** A file or folder of an input tree that must not be read; exit 3 naming the file. */
export class UnsafeInputError extends ValidationError {
  constructor(problem: Problem) {
    super('an input file cannot be used; nothing was written', [problem]);
  }
}

/**
 * Normalises a relative path from untrusted data (a manifest's `file`, an archive entry): `/` and `\` separators,
 * no absolute path, no drive letter, no NUL, no `..` that leaves the root. Returns the POSIX form (`a/b.json`), or
 * a reason when it cannot be used.
 */
export function normaliseRelativePath(path: string): { path: string } | { reason: string } {
  if (path.length === 0) return { reason: 'the path is empty' };
  if (path.includes('\0')) return { reason: 'the path contains a NUL character' };
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed))
    return { reason: 'the path is absolute; it must be relative to its folder' };
  const normalised = posix.normalize(slashed);
  if (normalised === '..' || normalised.startsWith('../'))
    return { reason: 'the path leads out of its folder (..); keep it inside' };
  if (normalised === '.' || normalised === './') return { reason: 'the path names the folder itself' };
  return { path: normalised.replace(/\/$/, '') };
}

export interface InputEntry {
  /** Name within its folder. */
  name: string;
  /** Path relative to the root, POSIX separators: `flows/Main.json`. */
  path: string;
  kind: 'file' | 'dir';
}

export interface ReadOptions {
  /** Refuse files larger than this many bytes (checked before reading), with `tooLarge` as the message. */
  maxBytes?: number;
  tooLarge?: (size: number) => string;
}

export interface InputRootOptions {
  /** How the root was given, for messages: `--source connect/`. */
  what: string;
  /** The root may be missing: `open` returns undefined instead of failing. */
  optional?: boolean;
}

export class InputRoot {
  private constructor(
    /** The folder as given (relative paths in messages are relative to it). */
    readonly dir: string,
    /** Its real path, links resolved. */
    readonly real: string,
    private readonly what: string,
  ) {}

  /** Opens a folder as a root. A missing path, a file, or a system tree is a usage error (exit 2). */
  static async open(dir: string, options: InputRootOptions & { optional: true }): Promise<InputRoot | undefined>;
  static async open(dir: string, options: InputRootOptions): Promise<InputRoot>;
  static async open(dir: string, { what, optional = false }: InputRootOptions): Promise<InputRoot | undefined> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (optional) return undefined;
        throw new UsageError(`${what}: ${dir} does not exist; pass an existing folder`);
      }
      throw new UsageError(`${what}: ${dir} cannot be read: ${(error as Error).message}`);
    }
    if (underSystemTree(real))
      throw new UsageError(`${what}: ${dir} is a system folder (${real}), not an input folder`);
    const stats = await stat(real);
    if (!stats.isDirectory()) throw new UsageError(`${what}: ${dir} is not a folder`);
    return new InputRoot(dir, real, what);
  }

  /**
   * Opens a file named on the command line (`--in data/queues.jsonl`, `--config callback/callback.json`): its folder
   * becomes the root it is read through. A missing path, a folder, a FIFO or device, or a system file is a usage
   * error (exit 2) found without opening it, so nothing blocks; a link that leaves the folder is refused (exit 3)
   * when it is read.
   */
  static async openFile(path: string, { what }: { what: string }): Promise<{ root: InputRoot; name: string }> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new UsageError(`${what} ${path} does not exist; pass an existing file`);
      throw new UsageError(`${what} ${path} cannot be read: ${(error as Error).message}`);
    }
    if (underSystemTree(real))
      throw new UsageError(`${what} ${path} is a system file (${real}), not a file of the repository`);
    const stats = await stat(real);
    if (stats.isDirectory()) throw new UsageError(`${what} ${path} is a folder; pass a file`);
    if (!stats.isFile()) throw new UsageError(`${what} ${path} is ${kindOf(stats)}; pass a regular file`);
    const root = await InputRoot.open(dirname(path), { what });
    const name = basename(path);
    await root.resolve(name, 'file');
    return { root, name };
  }

  /** `<dir>/<path>` as shown in messages. */
  display(path: string): string {
    return path === '' ? this.dir : join(this.dir, path);
  }

  private refuse(path: string, message: string): never {
    throw new UnsafeInputError({ file: this.display(path), message });
  }

  /**
   * The real path of `path` (relative to the root) after every link is resolved, checked: inside the root, not in a
   * system tree, of the expected kind. Undefined when nothing is there.
   */
  async resolve(path: string, expect: 'file' | 'dir'): Promise<{ real: string; stats: Stats } | undefined> {
    if ((path === '' || path === '.') && expect === 'dir') return { real: this.real, stats: await stat(this.real) };
    const normal = normaliseRelativePath(path);
    if ('reason' in normal) this.refuse(path, normal.reason);
    const absolute = resolve(this.real, normal.path);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // A dangling link is not "missing": it points somewhere, and where it points decides.
        const link = await lstat(absolute).catch(() => undefined);
        if (link?.isSymbolicLink()) this.refuse(normal.path, 'is a symbolic link to something that does not exist');
        return undefined;
      }
      if (code === 'ELOOP') this.refuse(normal.path, 'is a symbolic link loop');
      if (code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (underSystemTree(real))
      this.refuse(normal.path, `leads to ${real}, a system file; inputs must be files of the repository`);
    if (!inside(this.real, real))
      this.refuse(
        normal.path,
        `is a symbolic link that leaves ${this.dir} (to ${real}); replace it with the file itself or a link inside the folder`,
      );
    const stats = await stat(real);
    const ok = expect === 'dir' ? stats.isDirectory() : stats.isFile();
    if (!ok)
      this.refuse(
        normal.path,
        expect === 'dir' ? 'is not a folder' : `is ${kindOf(stats)}; only regular files are read`,
      );
    return { real, stats };
  }

  async exists(path: string, expect: 'file' | 'dir'): Promise<boolean> {
    return (await this.resolve(path, expect)) !== undefined;
  }

  /**
   * Reads a file of the tree. The file is opened without following a final link and without blocking, and checked
   * again once open, so what is read is what was checked.
   */
  async readFile(path: string, options: ReadOptions = {}): Promise<Buffer | undefined> {
    const found = await this.resolve(path, 'file');
    if (!found) return undefined;
    const display = normaliseRelativePath(path);
    const rel = 'path' in display ? display.path : path;
    const handle = await open(found.real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) this.refuse(rel, `is ${kindOf(stats)}; only regular files are read`);
      if (options.maxBytes !== undefined && stats.size > options.maxBytes)
        this.refuse(
          rel,
          options.tooLarge?.(stats.size) ?? `is ${stats.size} bytes; at most ${options.maxBytes} are allowed`,
        );
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async readText(path: string, options: ReadOptions = {}): Promise<string | undefined> {
    return (await this.readFile(path, options))?.toString('utf8');
  }

  /**
   * The entries of a folder of the tree, sorted by name: files and folders, links inside the root followed (a
   * linked folder is listed like a folder). A link that leaves the root or a special file stops the step, even when
   * the caller would not have read it: nothing is skipped silently. Undefined when the folder does not exist.
   */
  async list(path: string): Promise<InputEntry[] | undefined> {
    const found = await this.resolve(path, 'dir');
    if (!found) return undefined;
    const base = path === '' || path === '.' ? '' : (normaliseRelativePath(path) as { path: string }).path;
    const names = (await readdir(found.real)).sort();
    const entries: InputEntry[] = [];
    for (const name of names) {
      const rel = base ? `${base}/${name}` : name;
      const own = await lstat(join(found.real, name));
      let stats = own;
      if (own.isSymbolicLink()) {
        const target = await this.resolveAny(rel);
        stats = target;
      } else if (!own.isFile() && !own.isDirectory()) {
        this.refuse(rel, `is ${kindOf(own)}; only regular files and folders may be in an input folder`);
      }
      entries.push({ name, path: rel, kind: stats.isDirectory() ? 'dir' : 'file' });
    }
    return entries;
  }

  /** Every file under a folder of the tree (depth first, sorted), with the same checks as `list`. */
  async walk(path: string): Promise<InputEntry[]> {
    const out: InputEntry[] = [];
    const visit = async (dir: string, depth: number): Promise<void> => {
      if (depth > 32) this.refuse(dir, 'is nested more than 32 folders deep');
      for (const entry of (await this.list(dir)) ?? []) {
        if (entry.kind === 'dir') await visit(entry.path, depth + 1);
        else out.push(entry);
      }
    };
    await visit(path, 0);
    return out;
  }

  private async resolveAny(path: string): Promise<Stats> {
    const asDir = await this.resolve(path, 'dir').catch((error: unknown) => {
      if (error instanceof UnsafeInputError && /is not a folder$/.test(error.problems[0]?.message ?? ''))
        return undefined;
      throw error;
    });
    if (asDir) return asDir.stats;
    const asFile = await this.resolve(path, 'file');
    if (!asFile) this.refuse(path, 'is a symbolic link to something that does not exist');
    return asFile.stats;
  }
}
