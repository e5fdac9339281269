import type { AnyVerb, ProgramDefinition, RunLayer } from './definition.js';
import { envPrefixOf, specsOf, type OptionSpec } from './options.js';

/** The prefix of a program's generated environment variables, or undefined when it has none. */
export function envPrefixFor(def: ProgramDefinition<AnyVerb>): string | undefined {
  return def.envPrefix === false ? undefined : (def.envPrefix ?? envPrefixOf(def.name));
}

/** A verb's own options with their keys, flags and environment variables. */
export function verbSpecs(def: ProgramDefinition<AnyVerb>, verb: AnyVerb): OptionSpec[] {
  return specsOf(verb.options, envPrefixFor(def));
}

function optionLine(spec: OptionSpec): [string, string] {
  const valueName = spec.valueName ?? (spec.kind === 'integer' || spec.kind === 'number' ? 'n' : 'value');
  const value = spec.kind === 'boolean' ? '' : ` <${valueName}>`;
  const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.flag}${value}`;
  const notes: string[] = [];
  if (spec.choices) notes.push(`one of ${spec.choices.join('|')}`);
  if (spec.env?.length) notes.push(`env $${spec.env[0]}`);
  if (spec.default !== undefined && spec.default !== false) notes.push(`default ${String(spec.default)}`);
  if (spec.required) notes.push('required');
  if (spec.kind === 'list' && spec.split !== false) notes.push('repeatable or comma-separated');
  if (spec.kind === 'regex-list' || spec.split === false) notes.push('repeatable');
  return [flag, `${spec.description}${notes.length ? ` (${notes.join('; ')})` : ''}`];
}

function table(rows: [string, string][]): string {
  const width = Math.min(36, Math.max(...rows.map(([a]) => a.length)) + 2);
  return rows
    .map(([a, b]) => (a.length + 2 > width ? `  ${a}\n  ${' '.repeat(width)}${b}` : `  ${a.padEnd(width)}${b}`))
    .join('\n');
}

const single = (def: ProgramDefinition<AnyVerb>, verbName?: string) =>
  def.defaultVerb !== undefined &&
  Object.keys(def.verbs).length === 1 &&
  (verbName ?? def.defaultVerb) === def.defaultVerb;

export function renderProgramHelp<V extends AnyVerb>(def: ProgramDefinition<V>, layer: RunLayer<V>): string {
  if (single(def)) return renderVerbHelp(def, layer, def.defaultVerb!);
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
    layer.exitCodes,
    '',
  ].join('\n');
}

export function renderVerbHelp<V extends AnyVerb>(
  def: ProgramDefinition<V>,
  layer: RunLayer<V>,
  verbName: string,
): string {
  const verb = def.verbs[verbName]!;
  const usage = `${def.name}${single(def, verbName) ? '' : ` ${verbName}`} [options]${verb.passthrough ? ' [-- <command> [args...]]' : ''}`;
  const own = verbSpecs(def, verb)
    .filter((o) => !o.hidden)
    .map(optionLine);
  const shared = layer
    .commonOptions(def, verb)
    .filter((o) => !o.hidden)
    .map(optionLine);
  const lines = [`${def.name} ${def.version}: ${verb.summary}`, '', `Usage: ${usage}`];
  if (verb.description) lines.push('', verb.description);
  if (own.length) lines.push('', 'Options:', table(own));
  if (shared.length) lines.push('', 'Common options:', table(shared));
  if (verb.examples?.length) lines.push('', 'Examples:', ...verb.examples.map((e) => `  ${e}`));
  lines.push('', layer.exitCodes, '');
  return lines.join('\n');
}

export interface HelpIndex {
  version: string;
  texts: Record<string, string>;
}

/** Every help text of an executable, rendered ahead of time so the built file can answer `--help` instantly. */
export function renderHelpIndex<V extends AnyVerb>(def: ProgramDefinition<V>, layer: RunLayer<V>): HelpIndex {
  const texts: Record<string, string> = { '': renderProgramHelp(def, layer) };
  for (const verb of Object.keys(def.verbs)) texts[verb] = renderVerbHelp(def, layer, verb);
  return { version: def.version, texts };
}
