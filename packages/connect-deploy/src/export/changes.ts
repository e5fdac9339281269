import { InputRoot, parseJsonStrict, type Problem } from '@edd/core';
import { LABEL, TYPE_OF_FOLDER, nameOfFile } from '../model/layout.js';
import { readSource, type SourceModel } from '../model/source.js';
import { resourceOf } from '../resources/index.js';

/**
 * What changed between two versions of an export folder (the committed one and a fresh export), resource by resource
 * and named as people know them: the export pipeline's commit message and anything else that reports an export are
 * built from this, never from file names (they are an encoding of the names).
 */

export type ExportChangeKind = 'added' | 'changed' | 'removed';

export interface ExportChange {
  /** The resource type's label (`queue`, `flow module`), or `file` for a file that is no resource's. */
  kind: string;
  /** The resource's name, read from inside its file; for a `file`, its path. */
  name: string;
  change: ExportChangeKind;
  /** The files of the resource that differ, relative to the export folder. */
  files: string[];
  /** The change in one line, for a commit message: `Connect queue "EDD Appeals": added`. */
  line: string;
}

export interface ExportChanges {
  changes: ExportChange[];
  counts: Record<ExportChangeKind, number>;
}

interface Snapshot {
  files: Map<string, Buffer>;
  /** File -> the resource it belongs to (its JSON file and its attachments). */
  owners: Map<string, { kind: string; name: string; file: string }>;
}

async function snapshot(dir: string | undefined, what: string): Promise<Snapshot> {
  const files = new Map<string, Buffer>();
  const owners = new Map<string, { kind: string; name: string; file: string }>();
  const root = dir === undefined ? undefined : await InputRoot.open(dir, { what, optional: true });
  if (!root) return { files, owners };
  for (const entry of await root.walk('')) files.set(entry.path, (await root.readFile(entry.path))!);
  let model: SourceModel | undefined;
  try {
    // Files that do not parse or validate are still named below, from their folder and file name.
    model = await readSource(dir!, [] as Problem[]);
  } catch {
    model = undefined;
  }
  for (const resource of model?.resources ?? []) {
    const owner = { kind: LABEL[resource.type], name: resource.name, file: resource.file };
    owners.set(resource.file, owner);
    if (resource.attachment) owners.set(resource.attachment.file, owner);
  }
  for (const path of files.keys()) {
    if (owners.has(path)) continue;
    const owner = guessOwner(path, files);
    if (owner) owners.set(path, owner);
  }
  return { files, owners };
}

/**
 * A file readSource could not place (it does not parse, or it is a prompt's audio whose JSON is gone): the type is its
 * folder's, the name the one inside its JSON file, else the decoded file name.
 */
function guessOwner(
  path: string,
  files: ReadonlyMap<string, Buffer>,
): { kind: string; name: string; file: string } | undefined {
  const slash = path.indexOf('/');
  if (slash < 0) return undefined;
  const type = TYPE_OF_FOLDER[path.slice(0, slash)];
  if (type === undefined) return undefined;
  const file = path.replace(/\.[^./]*$/, '') + '.json';
  const descriptor = resourceOf(type);
  let name = descriptor.singleton ?? nameOfFile(file.slice(file.lastIndexOf('/') + 1, -'.json'.length));
  const json = files.get(file);
  if (json && descriptor.singleton === undefined) {
    const parsed = parseJsonStrict(json.toString('utf8'));
    const inner = parsed.ok ? (parsed.value as { Name?: unknown } | null)?.Name : undefined;
    if (typeof inner === 'string' && inner) name = inner;
  }
  return { kind: LABEL[type], name, file };
}

/**
 * Compares two export folders file by file (as git does), then groups the files that differ by the resource they
 * belong to. A resource whose files exist only after is added, only before removed, otherwise changed. A missing
 * `before` folder is an empty one (the first export).
 */
export async function exportChanges(before: string | undefined, after: string): Promise<ExportChanges> {
  const [old, now] = await Promise.all([snapshot(before, '--before'), snapshot(after, '--after')]);
  const groups = new Map<string, { kind: string; name: string; before: boolean; after: boolean; files: string[] }>();
  const paths = [...new Set([...old.files.keys(), ...now.files.keys()])].sort();
  for (const path of paths) {
    const a = old.files.get(path);
    const b = now.files.get(path);
    if (a && b && a.equals(b)) continue;
    const owner = now.owners.get(path) ?? old.owners.get(path) ?? { kind: 'file', name: path, file: path };
    const group = groups.get(owner.file) ?? {
      kind: owner.kind,
      name: owner.name,
      before: old.files.has(owner.file),
      after: now.files.has(owner.file),
      files: [],
    };
    group.files.push(path);
    groups.set(owner.file, group);
  }
  const changes: ExportChange[] = [...groups.values()].map((g) => {
    const change: ExportChangeKind = !g.before ? 'added' : !g.after ? 'removed' : 'changed';
    const what = g.kind === 'file' ? `file ${g.name}` : `${g.kind} "${g.name}"`;
    return { kind: g.kind, name: g.name, change, files: g.files, line: `Connect ${what}: ${change}` };
  });
  changes.sort((x, y) => (x.line < y.line ? -1 : x.line > y.line ? 1 : 0));
  const counts: Record<ExportChangeKind, number> = { added: 0, changed: 0, removed: 0 };
  for (const c of changes) counts[c.change]++;
  return { changes, counts };
}
