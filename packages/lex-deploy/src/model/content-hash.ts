import { createHash } from 'node:crypto';
import type { FileTree } from './tree.js';

/** Where deploy records what a version was made of: in its description and in a tag of the bot. */
export const CONTENT_TAG = 'edd:content-sha256';
export const VERSION_TAG = 'edd:content-version';
const DESCRIPTION_PREFIX = `${CONTENT_TAG}=`;

/**
 * SHA-256 of what an import would bring into the target (the files as rewritten for it) and of the role the bot
 * runs with: equal hashes mean a new import, build and version would change nothing.
 */
export function contentHash(tree: FileTree, roleArn: string): string {
  const hash = createHash('sha256').update(`lex-deploy content 1\0${roleArn}\0`);
  for (const path of [...tree.keys()].sort()) {
    hash.update(`${path}\0`);
    hash.update(tree.get(path)!);
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function versionDescription(hash: string): string {
  return `${DESCRIPTION_PREFIX}${hash}`;
}

/** The content hash a version description records, if it records one. */
export function hashOfDescription(description: string | undefined): string | undefined {
  return description?.startsWith(DESCRIPTION_PREFIX) ? description.slice(DESCRIPTION_PREFIX.length) : undefined;
}
