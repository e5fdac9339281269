import { z } from 'zod';
import { UsageError } from '../errors.js';

export type OptionKind = 'string' | 'boolean' | 'integer' | 'list';
export type OptionValue = string | boolean | number | string[];

/** One command-line option: its flag, where else its value may come from, and how to check it. */
export interface OptionSpec {
  /** Property name in the resolved options object (camelCase). */
  key: string;
  /** Long flag without dashes (kebab-case). */
  flag: string;
  short?: string;
  kind: OptionKind;
  description: string;
  /** Environment variables consulted, first set wins, after the flag. */
  env?: readonly string[];
  /** Key read from the verb's configuration file, after environment variables (defaults to `key`). */
  configKey?: string;
  default?: OptionValue;
  required?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Shown in help: `--out <dir>`. */
  valueName?: string;
  /** Extra check for string values (e.g. a pattern), with its own message. */
  pattern?: { regex: RegExp; message: string };
  /** Hidden options are accepted but not listed in help. */
  hidden?: boolean;
}

export type RawValues = Record<string, string | boolean | string[] | undefined>;

export interface OptionSources {
  /** Values from parsed flags, keyed by option key. */
  flags: RawValues;
  env: Record<string, string | undefined>;
  config?: Record<string, unknown>;
  /** Name of the configuration file, for error messages. */
  configFile?: string;
}

function schemaFor(spec: OptionSpec): z.ZodType {
  let schema: z.ZodType;
  switch (spec.kind) {
    case 'boolean':
      schema = z.boolean();
      break;
    case 'integer': {
      let n = z.number().int(`--${spec.flag} must be a whole number`);
      if (spec.min !== undefined) n = n.min(spec.min, `--${spec.flag} must be at least ${spec.min}`);
      if (spec.max !== undefined) n = n.max(spec.max, `--${spec.flag} must be at most ${spec.max}`);
      schema = n;
      break;
    }
    case 'list':
      schema = z.array(z.string());
      break;
    default: {
      if (spec.choices) {
        schema = z.enum(spec.choices as [string, ...string[]], {
          error: () => `--${spec.flag} must be one of ${spec.choices!.join(', ')}`,
        });
      } else {
        let s = z.string().min(1, `--${spec.flag} must not be empty`);
        if (spec.pattern) s = s.regex(spec.pattern.regex, spec.pattern.message);
        schema = s;
      }
    }
  }
  return spec.required ? schema : schema.optional();
}

function fromText(spec: OptionSpec, text: string, origin: string, problems: string[]): OptionValue | undefined {
  switch (spec.kind) {
    case 'boolean': {
      const v = text.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
      problems.push(`${origin} must be true or false, got '${text}'`);
      return undefined;
    }
    case 'integer':
      if (!/^-?\d+$/.test(text.trim())) {
        problems.push(`${origin} must be a whole number, got '${text}'`);
        return undefined;
      }
      return Number(text.trim());
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return text;
  }
}

function fromConfig(spec: OptionSpec, value: unknown, origin: string, problems: string[]): OptionValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (spec.kind === 'list' && Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (spec.kind === 'boolean' && typeof value === 'boolean') return value;
  if (spec.kind === 'integer' && typeof value === 'number') return value;
  if (typeof value === 'string') return fromText(spec, value, origin, problems);
  problems.push(`${origin} has the wrong type (${typeof value})`);
  return undefined;
}

/**
 * Resolves every option with the precedence flag > environment variable > configuration file > default, then
 * validates the result with one schema. All problems are reported together, not just the first.
 */
export function resolveOptions<T = Record<string, unknown>>(specs: readonly OptionSpec[], sources: OptionSources): T {
  const problems: string[] = [];
  const values: Record<string, OptionValue | undefined> = {};
  for (const spec of specs) {
    let value: OptionValue | undefined;
    const flagValue = sources.flags[spec.key];
    if (flagValue !== undefined) {
      value =
        typeof flagValue === 'string' && spec.kind !== 'string'
          ? fromText(spec, flagValue, `--${spec.flag}`, problems)
          : Array.isArray(flagValue) && spec.kind === 'list'
            ? flagValue.flatMap((v) => v.split(',').map((s) => s.trim())).filter(Boolean)
            : (flagValue as OptionValue);
    }
    if (value === undefined) {
      for (const name of spec.env ?? []) {
        const text = sources.env[name];
        if (text !== undefined && text !== '') {
          value = fromText(spec, text, `$${name} (for --${spec.flag})`, problems);
          break;
        }
      }
    }
    if (value === undefined && sources.config) {
      const key = spec.configKey ?? spec.key;
      value = fromConfig(
        spec,
        sources.config[key],
        `'${key}' in ${sources.configFile ?? 'the configuration file'}`,
        problems,
      );
    }
    values[spec.key] = value ?? spec.default;
  }
  const shape = Object.fromEntries(specs.map((s) => [s.key, schemaFor(s)]));
  const result = z.object(shape).safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const spec = specs.find((s) => s.key === issue.path[0]);
      const label = spec ? `--${spec.flag}` : String(issue.path[0]);
      if (issue.code === 'invalid_type' && values[String(issue.path[0])] === undefined) {
        const env = spec?.env?.length ? ` (or set $${spec.env[0]})` : '';
        problems.push(`${label} is required${env}`);
      } else {
        problems.push(issue.message.startsWith('--') ? issue.message : `${label}: ${issue.message}`);
      }
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return (result.success ? result.data : values) as T;
}
