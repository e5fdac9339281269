import { createHash } from 'node:crypto';
import { stableStringify, type Problem } from '@edd/core';
import { placeOf, type BotSource, type DocumentKind } from './bot-source.js';
import { jsonPath, mapStrings, canonicalJson, sortedJson, type JsonObject } from './json.js';
import type { EnvironmentRules, RuleEnvironment } from './rules.js';
import { MANIFEST, type FileTree } from './tree.js';

/**
 * Fields that differ between two exports of the same content: the ids Lex gives the bot, its intents, slots and
 * slot types (new ones in every account), and the exported version. A locale's `identifier` is its locale id and
 * stays.
 */
const VOLATILE: Record<DocumentKind, readonly string[]> = {
  bot: ['identifier', 'version'],
  locale: ['version'],
  intent: ['identifier'],
  slot: ['identifier'],
  slotType: ['identifier'],
  other: [],
};

const encoder = new TextEncoder();

function file(value: unknown): Uint8Array {
  return encoder.encode(stableStringify(value));
}

/** A document without its volatile fields and null settings. */
export function canonicalDocument(path: string, document: JsonObject): JsonObject {
  const kind = placeOf(path).kind;
  // A file lex-deploy does not model (the visual builder's ConversationFlow.json) is kept as it is, nulls too:
  // only its keys are sorted, so that what is in git is what Lex gets back.
  if (kind === 'other') return sortedJson(document) as JsonObject;
  const volatile = VOLATILE[kind];
  const kept = Object.fromEntries(Object.entries(document).filter(([key]) => !volatile.includes(key)));
  return canonicalJson(kept) as JsonObject;
}

export interface NeutralBot {
  tree: FileTree;
  /** Strings that still name the source account: a deploy into another account refuses them until a rule covers them. */
  warnings: Problem[];
}

/**
 * The files export writes: sorted keys, 2-space indent, no volatile fields, environment-specific strings written
 * neutral, the bot under its export name. The same content exported from any environment gives the same bytes.
 */
export function neutralBot(
  source: BotSource,
  { name, rules, environment }: { name: string; rules: EnvironmentRules; environment: RuleEnvironment },
): NeutralBot {
  const tree: FileTree = new Map([[MANIFEST, file(canonicalJson(source.manifest))]]);
  const warnings: Problem[] = [];
  for (const [path, document] of source.documents) {
    const neutral = mapStrings(canonicalDocument(path, document), (text, at) => {
      const result = rules.neutralize(text, environment);
      if (new RegExp(`(?<!\\d)${environment.values.AccountNumber}(?!\\d)`).test(result))
        warnings.push({
          file: `${name}/${path}`,
          path: jsonPath(at),
          message: `names the source account ${environment.values.AccountNumber}; add a rule (references or arnTemplates) so it can be deployed elsewhere`,
        });
      return result;
    }) as JsonObject;
    if (path === 'Bot.json') neutral.name = name;
    tree.set(`${name}/${path}`, file(neutral));
  }
  return { tree: new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1))), warnings };
}

/** A ten-character id in Lex's alphabet, the same for the same path: Lex gives its own ids on import. */
function identifierFor(path: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digest = createHash('sha256').update(path).digest();
  return [...digest.subarray(0, 10)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export interface TargetBot {
  tree: FileTree;
  /** Strings that cannot go to the target as they are, with file and JSON path. */
  problems: Problem[];
}

/**
 * The archive's files for the target: every environment-specific string rewritten for it, then checked that it
 * names no other account; the bot under its name in the target. Documents carry the fields Lex's own exports have
 * (`identifier`, the bot's `version`), with stable made-up ids: an import gives everything ids of its own.
 */
export function targetBot(
  source: BotSource,
  { name, rules, environment }: { name: string; rules: EnvironmentRules; environment: RuleEnvironment },
): TargetBot {
  const tree: FileTree = new Map([[MANIFEST, file(canonicalJson(source.manifest))]]);
  const problems: Problem[] = [];
  const account = environment.values.AccountNumber;
  for (const [path, document] of source.documents) {
    const where = `${source.label}/${source.folder}/${path}`;
    const rewritten = mapStrings(canonicalDocument(path, document), (text, at) => {
      const unresolved: string[] = [];
      const result = rules.retarget(text, environment, unresolved);
      for (const message of [...unresolved, ...rules.foreignAccounts(result, account)])
        problems.push({ file: where, path: jsonPath(at), message });
      return result;
    }) as JsonObject;
    const kind = placeOf(path).kind;
    if (kind === 'bot') Object.assign(rewritten, { name, identifier: identifierFor(name), version: 'DRAFT' });
    else if (kind !== 'locale' && kind !== 'other') rewritten.identifier = identifierFor(`${name}/${path}`);
    tree.set(`${name}/${path}`, file(rewritten));
  }
  return { tree: new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1))), problems };
}
