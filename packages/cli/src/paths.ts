import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What a path option must name: an existing regular file, an existing directory, or a place a file can be written. */
export type PathRequirement = 'file' | 'dir' | 'writable-file';

// Kernel file systems whose "files" can block a reader forever (/proc/kmsg, /dev/stdin on a terminal) or never end.
const SPECIAL_ROOTS = ['/proc/', '/sys/', '/dev/'];

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function special(path: string): boolean {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    real = resolve(path);
  }
  return SPECIAL_ROOTS.some((root) => `${real}/`.startsWith(root));
}

/**
 * Checks a path against a requirement with `stat` and `access` only: nothing is opened, so a named pipe or a file
 * under /proc is refused at once instead of blocking the reader. Returns what is wrong, or undefined.
 */
export function pathProblem(path: string, must: PathRequirement): string | undefined {
  try {
    if (special(path)) return `'${path}' is on a kernel file system (/proc, /sys, /dev), not a file of yours`;
    const stats = statOf(path);
    switch (must) {
      case 'dir':
        if (!stats) return `'${path}' does not exist`;
        return stats.isDirectory() ? undefined : `'${path}' is not a directory`;
      case 'file':
        if (!stats) return `'${path}' does not exist`;
        return stats.isFile() ? undefined : `'${path}' is ${kindOf(stats)}, not a file`;
      case 'writable-file': {
        if (stats) {
          if (!stats.isFile()) return `'${path}' is ${kindOf(stats)}, not a file that can be written`;
          accessSync(path, constants.W_OK);
          return undefined;
        }
        const parent = dirname(resolve(path));
        const parentStats = statOf(parent);
        if (!parentStats) return `cannot write '${path}': its directory ${parent} does not exist`;
        if (!parentStats.isDirectory()) return `cannot write '${path}': ${parent} is not a directory`;
        accessSync(parent, constants.W_OK);
        return undefined;
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `cannot use '${path}': ${code === 'EACCES' || code === 'EROFS' ? 'permission denied' : (error as Error).message}`;
  }
}
