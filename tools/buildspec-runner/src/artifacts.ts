import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import type { Artifacts } from './buildspec.js';

export interface Artifact {
  /** Path in the artifact, as CodeBuild would upload it. */
  path: string;
  content: Buffer;
}

/** A buildspec `files` pattern as a regular expression: `**` spans folders, `*` and `?` stay within one. */
export function globToRegExp(pattern: string): RegExp {
  const normalized = posix.normalize(pattern.replace(/^\.\//, ''));
  let source = '';
  for (let i = 0; i < normalized.length; i++) {
    const char = normalized[i]!;
    if (char === '*' && normalized[i + 1] === '*') {
      const slash = normalized[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== '.git') files.push(...(await listFiles(dir, path)));
    } else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

/** The files the `artifacts` section names, read from the source directory after the build. */
export async function collectArtifacts(sourceDir: string, spec: Artifacts): Promise<Artifact[]> {
  const base = spec.baseDirectory ? join(sourceDir, spec.baseDirectory) : sourceDir;
  const patterns = spec.files.map(globToRegExp);
  const artifacts: Artifact[] = [];
  for (const file of await listFiles(base)) {
    if (!patterns.some((pattern) => pattern.test(file))) continue;
    artifacts.push({ path: spec.discardPaths ? basename(file) : file, content: await readFile(join(base, file)) });
  }
  return artifacts;
}

/**
 * A build's artifact unpacked into a folder, as CodePipeline hands an output artifact to a later action. Paths come
 * from the build's own `artifacts` section; one that would leave the folder is refused.
 */
export async function unpackArtifacts(artifacts: readonly Artifact[], dir: string): Promise<string> {
  for (const artifact of artifacts) {
    const path = posix.normalize(artifact.path);
    if (path === '..' || path.startsWith('../') || posix.isAbsolute(path))
      throw new Error(`artifact path ${artifact.path} leaves ${dir}`);
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, artifact.content);
  }
  return dir;
}
