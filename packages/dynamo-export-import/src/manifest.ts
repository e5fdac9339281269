import { dirname, join } from 'node:path';
import { InputRoot, ValidationError, normaliseRelativePath, readJsonConfig, type Problem } from '@edd/core';
import { z } from 'zod';

const entrySchema = z
  .object({
    file: z.string().min(1),
    table: z.string().min(1),
    prune: z.boolean().optional(),
    templatize: z.boolean().optional(),
    segments: z.number().int().min(1).max(1000).optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
  })
  .strict();

const manifestSchema = z.object({ tables: z.array(entrySchema).min(1, 'lists no tables') }).strict();

/** One table of a manifest. Options given here win over the command line's for this table. */
export interface ManifestEntry {
  /** The file, relative to the manifest's directory as written; resolved in {@link Manifest.entries}. */
  file: string;
  /** Table name template: `edd-queues-${Environment}`. */
  table: string;
  prune?: boolean;
  templatize?: boolean;
  segments?: number;
  concurrency?: number;
}

export interface Manifest {
  path: string;
  /** The manifest's folder, as an input root: every file it names is read through it. */
  root: InputRoot;
  /** Entries with `file` joined to the manifest's directory (normalised, never outside it). */
  entries: ManifestEntry[];
}

/**
 * Reads a manifest: `{"tables":[{"file":"data/queues.jsonl","table":"edd-queues-${Environment}"}]}`. Unknown
 * fields are errors (a misspelt `prune` must not be ignored), and so is a key given twice; every problem is reported
 * at once (exit 2). A `file` is relative to the manifest's folder and must stay inside it: one that is absolute or
 * climbs out with `..` is refused (exit 3) before anything is read or written.
 */
export async function readManifest(path: string): Promise<Manifest> {
  const { root, name } = await InputRoot.openFile(path, { what: '--manifest' });
  const parsed = await readJsonConfig(name, manifestSchema, { required: true, root });
  const base = dirname(path);
  const problems: Problem[] = [];
  const entries = parsed!.tables.map((entry, i) => {
    const normal = normaliseRelativePath(entry.file);
    if ('reason' in normal) {
      problems.push({
        file: path,
        path: `tables[${i}].file`,
        message: `${JSON.stringify(entry.file)}: ${normal.reason}`,
      });
      return entry;
    }
    return { ...entry, file: join(base, normal.path) };
  });
  if (problems.length > 0)
    throw new ValidationError(`manifest ${path} names files outside its folder; nothing was read or written`, problems);
  return { path, root, entries };
}
