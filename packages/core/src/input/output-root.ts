import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../json.js';
import { UnsafeInputError, normaliseRelativePath } from './input-root.js';

/**
 * The folder an export writes into (`--out`): every write lands inside it. File names derived from data are
 * normalised, and a folder on the way that is a link leading elsewhere (committed into the repository to redirect
 * an export) stops the step before anything is written through it.
 */
export class OutputRoot {
  private constructor(
    readonly dir: string,
    private readonly real: string,
  ) {}

  /** Creates the folder when missing. */
  static async open(dir: string, what: string): Promise<OutputRoot> {
    try {
      await mkdir(dir, { recursive: true });
      const real = await realpath(dir);
      if (!(await lstat(real)).isDirectory()) throw new Error('not a folder');
      return new OutputRoot(dir, real);
    } catch (error) {
      throw new UsageError(`${what}: cannot write into ${dir}: ${(error as Error).message}`);
    }
  }

  /** The absolute path to write `path` (relative to the root) to, after checking it stays inside. */
  async target(path: string): Promise<string> {
    const normal = normaliseRelativePath(path);
    if ('reason' in normal) throw new UnsafeInputError({ file: join(this.dir, path), message: normal.reason });
    const absolute = resolve(this.real, normal.path);
    // The nearest existing folder on the way must really be inside the root (no link out of it).
    let ancestor = dirname(absolute);
    while (ancestor.length > this.real.length) {
      const stats = await lstat(ancestor).catch(() => undefined);
      if (stats) break;
      ancestor = dirname(ancestor);
    }
    const real = await realpath(ancestor);
    const rel = relative(this.real, real);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
      throw new UnsafeInputError({
        file: join(this.dir, normal.path),
        message: `would be written through ${relative(this.real, ancestor)}, a link that leaves ${this.dir}; remove the link`,
      });
    return absolute;
  }

  /** Writes a file inside the root (atomically: a temporary file renamed over the old one, never through a link). */
  async write(path: string, data: string | Uint8Array): Promise<void> {
    await writeFileAtomic(await this.target(path), data);
  }
}
