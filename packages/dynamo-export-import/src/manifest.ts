import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '@edd/core';
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
  /** Entries with `file` joined to the manifest's directory. */
  entries: ManifestEntry[];
}

/**
 * Reads a manifest: `{"tables":[{"file":"data/queues.jsonl","table":"edd-queues-${Environment}"}]}`. Unknown
 * fields are errors (a misspelt `prune` must not be ignored); every problem is reported at once (exit 2).
 */
export async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read manifest ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`manifest ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
    );
    throw new UsageError(`manifest ${path}: ${problems.join('; ')}`);
  }
  const base = dirname(path);
  return { path, entries: parsed.data.tables.map((entry) => ({ ...entry, file: join(base, entry.file) })) };
}
