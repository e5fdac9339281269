import type { PlaceholderValues } from '@edd/core';
import { NameMapping, type ConnectDeployConfig } from '../model/config.js';

/**
 * The first export of an instance has no `connect-deploy.json` yet, so nothing says which names are the
 * environment's. Rather than write the source environment's names into every file (and have the first deploy look for
 * `edd-lookup-dev` in QA), the rules are inferred from the environment the export runs in: a name that holds the
 * environment's name as a separate word becomes a template.
 */

/** The conventional prompt bucket of the backend stack, one per account. */
export const CONVENTIONAL_PROMPT_BUCKET = 'edd-connect-prompts-${AccountNumber}';

export interface InferredRule {
  key: 'instanceAlias' | 'lambdaFunctionName' | 'lexBotName' | 'promptBucket';
  value: string;
  /** What it was inferred from, for the log. */
  from: string;
}

const DELIMITERS = new Set(['-', '_', '.']);

/** Where `word` stands in `name` as a word of its own (between delimiters or at an end), if it does. */
function wordAt(name: string, word: string): number[] {
  const out: number[] = [];
  if (!word) return out;
  for (let at = name.indexOf(word); at !== -1; at = name.indexOf(word, at + 1)) {
    const before = at === 0 || DELIMITERS.has(name[at - 1]!);
    const end = at + word.length;
    const after = end === name.length || DELIMITERS.has(name[end]!);
    if (before && after) out.push(at);
  }
  return out;
}

/**
 * A `${name}` template for one function or bot name holding the environment's name once: `edd-lookup-dev` ->
 * `${name}-${Environment}`, `dev-lookup` -> `${Environment}-${name}`, `edd-dev-lookup` -> `edd-${Environment}-${name}`.
 */
export function nameTemplate(name: string, environment: string): string | undefined {
  const places = wordAt(name, environment);
  if (places.length !== 1) return undefined;
  const at = places[0]!;
  const before = name.slice(0, at);
  const after = name.slice(at + environment.length);
  if (after === '' && before.length > 1) return `\${name}${before.slice(-1)}\${Environment}`;
  if (before === '' && after.length > 1) return `\${Environment}${after[0]}\${name}`;
  if (before.length > 1 && after.length > 1) return `${before}\${Environment}${after[0]}\${name}`;
  return undefined;
}

/** The instance alias with the environment's name replaced: `edd-dev` -> `edd-${Environment}`. */
export function aliasTemplate(alias: string, environment: string): string | undefined {
  const places = wordAt(alias, environment);
  if (places.length !== 1) return undefined;
  const at = places[0]!;
  return `${alias.slice(0, at)}\${Environment}${alias.slice(at + environment.length)}`;
}

/** The template most names follow (ties: the first in order); names that do not follow it stay literal. */
function commonTemplate(names: readonly string[], values: PlaceholderValues, key: string): InferredRule | undefined {
  const votes = new Map<string, string[]>();
  for (const name of [...new Set(names)].sort()) {
    const template = nameTemplate(name, values.Environment);
    if (!template) continue;
    // Only a template that maps the name back and forth exactly is worth keeping.
    const mapping = new NameMapping(template, values, key);
    const logical = mapping.toLogical(name);
    if (logical === name || mapping.toEnvironment(logical) !== name) continue;
    votes.set(template, [...(votes.get(template) ?? []), name]);
  }
  const best = [...votes.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  if (!best) return undefined;
  return {
    key: key as InferredRule['key'],
    value: best[0],
    from: best[1].length > 3 ? `${best[1].slice(0, 3).join(', ')} and ${best[1].length - 3} more` : best[1].join(', '),
  };
}

/** Rules for a first export, from the names the instance uses in this environment. */
export function inferConfig(input: {
  values: PlaceholderValues;
  instanceAlias: string;
  lambdaFunctions: readonly string[];
  lexBots: readonly string[];
}): { config: ConnectDeployConfig; rules: InferredRule[] } {
  const rules: InferredRule[] = [];
  const alias = aliasTemplate(input.instanceAlias, input.values.Environment);
  rules.push(
    alias
      ? { key: 'instanceAlias', value: alias, from: input.instanceAlias }
      : {
          key: 'instanceAlias',
          value: input.instanceAlias,
          from: 'the instance (its alias holds no environment name)',
        },
  );
  const lambda = commonTemplate(input.lambdaFunctions, input.values, 'lambdaFunctionName');
  if (lambda) rules.push(lambda);
  const lex = commonTemplate(input.lexBots, input.values, 'lexBotName');
  if (lex) rules.push(lex);
  rules.push({ key: 'promptBucket', value: CONVENTIONAL_PROMPT_BUCKET, from: 'the backend stack convention' });
  const config: ConnectDeployConfig = {};
  for (const rule of rules) config[rule.key] = rule.value;
  return { config, rules };
}
