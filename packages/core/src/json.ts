import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './errors.js';
import type { InputRoot } from './input/input-root.js';
import { parseJsonStrict } from './input/strict-json.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Deterministic JSON for files kept in git: sorted keys, 2-space indent, trailing newline. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** Writes through a temporary file and a rename, so a killed run never leaves half a file behind. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/** What JSON.stringify leaves out of an object, and writes as `null` in an array. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** {@link stableStringify}'s text, piece by piece: a large array is never one string. */
function* stableChunks(v: unknown, indent: string): Generator<string> {
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return yield '[]';
    yield '[\n';
    for (let i = 0; i < v.length; i++) {
      yield inner;
      if (omitted(v[i])) yield 'null';
      else yield* stableChunks(v[i], inner);
      yield i < v.length - 1 ? ',\n' : '\n';
    }
    return yield `${indent}]`;
  }
  if (v !== null && typeof v === 'object') {
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record)
      .sort()
      .filter((key) => !omitted(record[key]));
    if (keys.length === 0) return yield '{}';
    yield '{\n';
    for (let i = 0; i < keys.length; i++) {
      yield `${inner}${JSON.stringify(keys[i])}: `;
      yield* stableChunks(record[keys[i]!], inner);
      yield i < keys.length - 1 ? ',\n' : '\n';
    }
    return yield `${indent}}`;
  }
  yield JSON.stringify(v) ?? 'null';
}

/**
 * {@link stableStringify} written straight to a file, through a temporary file and a rename like
 * {@link writeFileAtomic}, without ever holding the whole text: for files as large as the data they describe (a
 * saved plan of a 200,000-item table).
 */
export async function writeStableJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temp);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  try {
    let pending = '';
    const flush = async () => {
      if (!out.write(pending))
        await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
      pending = '';
    };
    for (const chunk of stableChunks(value, '')) {
      pending += chunk;
      if (pending.length >= 64 * 1024) await flush();
    }
    pending += '\n';
    await flush();
    await Promise.race([new Promise<void>((resolve) => out.end(() => resolve())), failed]);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
  await rename(temp, path);
}

/** The part of a schema (zod's) this needs: validate, and say where each problem is. */
export interface JsonSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * Reads a JSON configuration file and validates it against its schema; every problem is reported at once, as a
 * UsageError (exit 2) naming the file and each field. A missing file gives `undefined` unless it is required. With
 * `root`, `file` is relative to that input folder and read through it (no link out of it). A key given twice is an
 * error, not "the last one wins".
 */
export async function readJsonConfig<T>(
  file: string,
  schema: JsonSchema<T>,
  { required = false, root }: { required?: boolean; root?: InputRoot } = {},
): Promise<T | undefined> {
  const shown = root ? root.display(file) : file;
  let text: string | undefined;
  if (root) {
    text = await root.readText(file, { maxBytes: 1024 * 1024 });
  } else {
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new UsageError(`cannot read the configuration file ${file}: ${(error as Error).message}`);
    }
  }
  if (text === undefined) {
    if (!required) return undefined;
    throw new UsageError(`the configuration file ${shown} does not exist`);
  }
  const json = parseJsonStrict(text);
  if (!json.ok) throw new UsageError(`${shown}:${json.problem.line}: ${json.problem.message}`);
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new UsageError(`${shown} is invalid: ${issues.join('; ')}`);
  }
  return parsed.data;
}
