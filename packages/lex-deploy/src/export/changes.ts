import { InputRoot } from '@edd/core';

/**
 * What changed between two versions of a folder of exported bots (`lex/`: one folder per bot, as export writes them),
 * bot by bot: the export pipeline's commit message is built from this. A bot is one unit of change, as it is one
 * unit of deployment (one import, one version).
 */

export type BotChangeKind = 'added' | 'changed' | 'removed';

export interface BotChange {
  /** `bot` for a bot's folder, `file` for a file beside them (`lex-deploy.json`). */
  kind: 'bot' | 'file';
  /** The bot's folder name (its name in the export), or the file's name. */
  name: string;
  change: BotChangeKind;
  /** The files that differ, relative to the folder compared. */
  files: string[];
  /** The change in one line, for a commit message: `Lex bot EDDBot: changed`. */
  line: string;
}

export interface BotChanges {
  changes: BotChange[];
  counts: Record<BotChangeKind, number>;
}

async function files(dir: string, what: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const root = await InputRoot.open(dir, { what, optional: true });
  if (!root) return out;
  for (const entry of await root.walk('')) out.set(entry.path, (await root.readFile(entry.path))!);
  return out;
}

/**
 * Compares two folders of bots file by file (as git does) and groups the files that differ by bot. A bot whose
 * folder exists only after is added, only before removed, otherwise changed. A missing `before` folder is an empty
 * one (the first export).
 */
export async function botChanges(before: string, after: string): Promise<BotChanges> {
  const [old, now] = await Promise.all([files(before, '--before'), files(after, '--after')]);
  const groups = new Map<string, { kind: 'bot' | 'file'; files: string[] }>();
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(path);
    const b = now.get(path);
    if (a && b && a.equals(b)) continue;
    const slash = path.indexOf('/');
    const name = slash < 0 ? path : path.slice(0, slash);
    const group = groups.get(name) ?? { kind: slash < 0 ? 'file' : 'bot', files: [] };
    group.files.push(path);
    groups.set(name, group);
  }
  const has = (snapshot: Map<string, Buffer>, name: string, kind: 'bot' | 'file') =>
    kind === 'file' ? snapshot.has(name) : [...snapshot.keys()].some((path) => path.startsWith(`${name}/`));
  const changes: BotChange[] = [...groups].map(([name, group]) => {
    const change: BotChangeKind = !has(old, name, group.kind)
      ? 'added'
      : !has(now, name, group.kind)
        ? 'removed'
        : 'changed';
    const what = group.kind === 'bot' ? `bot ${name}` : `file ${name}`;
    return { kind: group.kind, name, change, files: group.files, line: `Lex ${what}: ${change}` };
  });
  changes.sort((x, y) => (x.line < y.line ? -1 : x.line > y.line ? 1 : 0));
  const counts: Record<BotChangeKind, number> = { added: 0, changed: 0, removed: 0 };
  for (const c of changes) counts[c.change]++;
  return { changes, counts };
}
