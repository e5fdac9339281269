import { commonOptionsFor } from './common-options.js';
import type { CliDefinition, VerbDefinition } from './definition.js';
import type { OptionSpec } from './options.js';

const EXIT_CODES =
  'Exit codes: 0 success, 1 internal error, 2 usage or configuration error, 3 validation failed (nothing written), 4 AWS operation failed after retries, 5 timed out waiting for AWS';

function optionLine(spec: OptionSpec): [string, string] {
  const value = spec.kind === 'boolean' ? '' : ` <${spec.valueName ?? (spec.kind === 'integer' ? 'n' : 'value')}>`;
  const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.flag}${value}`;
  const notes: string[] = [];
  if (spec.choices) notes.push(`one of ${spec.choices.join('|')}`);
  if (spec.env?.length) notes.push(`env ${spec.env.map((e) => `$${e}`).join(', ')}`);
  if (spec.default !== undefined && spec.default !== false) notes.push(`default ${String(spec.default)}`);
  if (spec.required) notes.push('required');
  if (spec.kind === 'list') notes.push('repeatable or comma-separated');
  return [flag, `${spec.description}${notes.length ? ` (${notes.join('; ')})` : ''}`];
}

function table(rows: [string, string][]): string {
  const width = Math.min(36, Math.max(...rows.map(([a]) => a.length)) + 2);
  return rows
    .map(([a, b]) => (a.length + 2 > width ? `  ${a}\n  ${' '.repeat(width)}${b}` : `  ${a.padEnd(width)}${b}`))
    .join('\n');
}

export function renderCliHelp(def: CliDefinition): string {
  if (def.defaultVerb && Object.keys(def.verbs).length === 1) {
    return renderVerbHelp(def, def.defaultVerb);
  }
  const verbs = Object.entries(def.verbs).map(([name, v]) => [name, v.summary] as [string, string]);
  return [
    `${def.name} ${def.version}: ${def.summary}`,
    '',
    `Usage: ${def.name} <verb> [options]`,
    '',
    'Verbs:',
    table(verbs),
    '',
    `Run '${def.name} <verb> --help' for a verb's options.`,
    EXIT_CODES,
    '',
  ].join('\n');
}

export function renderVerbHelp(def: CliDefinition, verbName: string): string {
  const verb: VerbDefinition = def.verbs[verbName]!;
  const common = commonOptionsFor(verb);
  const single = def.defaultVerb === verbName && Object.keys(def.verbs).length === 1;
  const usage = `${def.name}${single ? '' : ` ${verbName}`} [options]${verb.passthrough ? ' [-- <command> [args...]]' : ''}`;
  const own = verb.options.filter((o) => !o.hidden).map(optionLine);
  const shared = common.filter((o) => !o.hidden).map(optionLine);
  const lines = [`${def.name} ${def.version}: ${verb.summary}`, '', `Usage: ${usage}`];
  if (verb.description) lines.push('', verb.description);
  if (own.length) lines.push('', 'Options:', table(own));
  if (shared.length) lines.push('', 'Common options:', table(shared));
  if (verb.examples?.length) lines.push('', 'Examples:', ...verb.examples.map((e) => `  ${e}`));
  lines.push('', EXIT_CODES, '');
  return lines.join('\n');
}

/** Every help text of an executable, rendered ahead of time so the built file can answer `--help` instantly. */
export function renderHelpIndex(def: CliDefinition): { version: string; texts: Record<string, string> } {
  const texts: Record<string, string> = { '': renderCliHelp(def) };
  for (const verb of Object.keys(def.verbs)) texts[verb] = renderVerbHelp(def, verb);
  return { version: def.version, texts };
}
