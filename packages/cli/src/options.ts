import { z } from 'zod';
import { UsageError } from './errors.js';
import { pathProblem, type PathRequirement } from './paths.js';

export type OptionKind = 'string' | 'boolean' | 'integer' | 'number' | 'list' | 'regex-list' | 'region' | 'path';
export type OptionValue = string | boolean | number | string[];

declare const VALUE: unique symbol;

/** The fields every option kind shares. */
export interface OptionFields {
  description: string;
  /** Long flag without dashes (kebab-case); defaults to the option's key in kebab-case. */
  flag?: string;
  short?: string;
  /**
   * Further environment variables accepted for the option, first set wins, after its canonical
   * `<PREFIX>_<OPTION>` name (older names kept working). Listed in the README, not in help.
   */
  env?: readonly string[];
  /** Key read from the verb's configuration file, after environment variables (defaults to the option key). */
  configKey?: string;
  /** Shown in help: `--out <dir>`. */
  valueName?: string;
  /** Hidden options are accepted but not listed in help. */
  hidden?: boolean;
  required?: boolean;
  /**
   * The canonical environment variable, when it is not generated from the executable's prefix and the key (the
   * pipeline's `$Environment`); `false`: the option is read from no environment variable of its own.
   */
  envName?: string | false;
}

/** One option as written in a definition; `T` is the type of its resolved value. */
export interface OptionDef<T = unknown> extends OptionFields {
  kind: OptionKind;
  default?: OptionValue;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Extra check for string values (e.g. a pattern), with its own message. */
  pattern?: { regex: RegExp; message: string };
  /** For `path` options. */
  must?: PathRequirement;
  /** For `list` options: whether a value splits on commas (default true). */
  split?: boolean;
  readonly [VALUE]?: T;
}

/** An option with its key: what parsing, resolution and help work on. */
export interface OptionSpec<T = unknown> extends OptionDef<T> {
  /** Property name in the resolved options object (camelCase). */
  key: string;
  flag: string;
}

export type OptionRecord = Record<string, OptionDef>;

type ValueOf<D> = D extends OptionDef<infer T> ? T : never;
type OptionalKeys<R> = { [K in keyof R]: undefined extends ValueOf<R[K]> ? K : never }[keyof R];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The resolved options of a record of option definitions: what a handler receives. */
export type OptionsOf<R> = Simplify<
  { [K in Exclude<keyof R, OptionalKeys<R>>]: ValueOf<R[K]> } & {
    [K in OptionalKeys<R>]?: Exclude<ValueOf<R[K]>, undefined>;
  }
>;

type Presence<O, V> = O extends { required: true } ? V : O extends { default: V } ? V : V | undefined;

type StringChecks = { pattern?: { regex: RegExp; message: string } };
type Range = { min?: number; max?: number };

const define =
  <V extends OptionValue>(kind: OptionKind) =>
  <const O extends OptionFields & { default?: V }>(fields: O): OptionDef<Presence<O, V>> => ({ ...fields, kind });

/**
 * Typed option definitions: a verb's options record gives its handler's input type (`OptionsOf<typeof options>`),
 * so reading an option the verb does not define is a compile error.
 */
export const option = {
  string: <const O extends OptionFields & StringChecks & { default?: string }>(
    fields: O,
  ): OptionDef<Presence<O, string>> => ({ ...fields, kind: 'string' }),
  /** One of a fixed set of words. */
  choice: <const C extends readonly [string, ...string[]], const O extends OptionFields & { default?: C[number] }>(
    choices: C,
    fields: O,
  ): OptionDef<Presence<O, C[number]>> => ({ ...fields, choices, kind: 'string' }),
  /** A flag without value; false unless given. */
  boolean: (fields: OptionFields & { default?: boolean }): OptionDef<boolean> => ({
    default: false,
    ...fields,
    kind: 'boolean',
  }),
  integer: <const O extends OptionFields & Range & { default?: number }>(
    fields: O,
  ): OptionDef<Presence<O, number>> => ({
    ...fields,
    kind: 'integer',
  }),
  /** A decimal number (`1.5`). */
  number: <const O extends OptionFields & Range & { default?: number }>(fields: O): OptionDef<Presence<O, number>> => ({
    ...fields,
    kind: 'number',
  }),
  /** Repeatable or comma-separated. */
  list: define<string[]>('list'),
  /** Repeatable, each value whole (values that hold commas themselves). */
  repeatable: <const O extends OptionFields & { default?: string[] }>(fields: O): OptionDef<Presence<O, string[]>> => ({
    ...fields,
    kind: 'list',
    split: false,
  }),
  /** Repeatable regular expressions, each compiled once at the edge: an invalid one is a usage error naming it. */
  regexList: define<string[]>('regex-list'),
  /** An AWS region name (`eu-west-2`, `us-gov-west-1`, `cn-north-1`, `us-iso-east-1`). */
  region: define<string>('region'),
  /** A path checked before anything runs, without opening it: an existing file, directory, or a writable place. */
  path: <const O extends OptionFields & { must: PathRequirement; default?: string }>(
    fields: O,
  ): OptionDef<Presence<O, string>> => ({ ...fields, kind: 'path' }),
};

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `EDD_CONNECT_DEPLOY` + `prune-prefix` -> `EDD_CONNECT_DEPLOY_PRUNE_PREFIX`: named after the flag people type. */
export function envNameFor(prefix: string, flag: string): string {
  return `${prefix}_${flag.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** The prefix of an executable's environment variables: `connect-deploy` -> `EDD_CONNECT_DEPLOY`. */
export function envPrefixOf(name: string): string {
  return `EDD_${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/**
 * Gives every option of a record its key, its flag and its environment variables: the canonical name first
 * (`<prefix>_<FLAG>` unless the option names its own), then the accepted older names.
 */
export function specsOf(options: OptionRecord | readonly OptionSpec[], prefix?: string): OptionSpec[] {
  const entries = Array.isArray(options)
    ? (options as readonly OptionSpec[]).map((spec) => [spec.key, spec] as const)
    : Object.entries(options as OptionRecord);
  return entries.map(([key, def]) => {
    const flag = def.flag ?? kebab(key);
    const canonical =
      def.envName === false ? undefined : (def.envName ?? (prefix ? envNameFor(prefix, flag) : undefined));
    const env = [...new Set([...(canonical ? [canonical] : []), ...(def.env ?? [])])];
    return { ...def, key, flag, env, envName: canonical ?? false };
  });
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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function schemaFor(spec: OptionSpec): z.ZodType {
  let schema: z.ZodType;
  const range = (n: z.ZodNumber) => {
    if (spec.min !== undefined) n = n.min(spec.min, `--${spec.flag} must be at least ${spec.min}`);
    if (spec.max !== undefined) n = n.max(spec.max, `--${spec.flag} must be at most ${spec.max}`);
    return n;
  };
  switch (spec.kind) {
    case 'boolean':
      schema = z.boolean();
      break;
    case 'integer':
      schema = range(z.number().int(`--${spec.flag} must be a whole number`));
      break;
    case 'number':
      schema = range(z.number());
      break;
    case 'list':
    case 'regex-list':
      schema = z.array(z.string());
      break;
    case 'region':
      schema = z.string().regex(REGION, `--${spec.flag} must be an AWS region name such as eu-west-2 or us-gov-west-1`);
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
    case 'number':
      if (!/^-?\d+(\.\d+)?$/.test(text.trim())) {
        problems.push(`${origin} must be a number, got '${text}'`);
        return undefined;
      }
      return Number(text.trim());
    case 'list':
    case 'regex-list':
      if (spec.split === false) return [text];
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
  const list = spec.kind === 'list' || spec.kind === 'regex-list';
  if (list && Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (spec.kind === 'boolean' && typeof value === 'boolean') return value;
  if ((spec.kind === 'integer' || spec.kind === 'number') && typeof value === 'number') return value;
  if (typeof value === 'string') return fromText(spec, value, origin, problems);
  problems.push(`${origin} has the wrong type (${typeof value})`);
  return undefined;
}

function fromFlag(spec: OptionSpec, value: string | boolean | string[], problems: string[]): OptionValue | undefined {
  if (Array.isArray(value)) {
    // Regular expressions may hold commas (`a{1,3}`): only plain lists split on them.
    return spec.kind === 'regex-list' || spec.split === false
      ? value
      : value.flatMap((v) => v.split(',').map((s) => s.trim())).filter(Boolean);
  }
  if (typeof value === 'string' && spec.kind !== 'string' && spec.kind !== 'path' && spec.kind !== 'region')
    return fromText(spec, value, `--${spec.flag}`, problems);
  return value;
}

/** Checks that need the value itself: regular expressions compile, paths are what they must be. */
function checkValue(spec: OptionSpec, value: unknown, problems: string[]): void {
  if (spec.kind === 'regex-list' && Array.isArray(value)) {
    for (const pattern of value as string[]) {
      try {
        new RegExp(pattern);
      } catch (error) {
        problems.push(`--${spec.flag} '${pattern}' is not a valid regular expression: ${(error as Error).message}`);
      }
    }
  }
  if (spec.kind === 'path' && typeof value === 'string' && spec.must) {
    const problem = pathProblem(value, spec.must);
    if (problem) problems.push(`--${spec.flag}: ${problem}`);
  }
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
    if (flagValue !== undefined) value = fromFlag(spec, flagValue, problems);
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
  const invalid = new Set<string>();
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0]);
      invalid.add(key);
      const spec = specs.find((s) => s.key === key);
      const label = spec ? `--${spec.flag}` : key;
      if (issue.code === 'invalid_type' && values[key] === undefined) {
        const env = spec?.env?.length ? ` (or set $${spec.env[0]})` : '';
        problems.push(`${label} is required${env}`);
      } else {
        problems.push(issue.message.startsWith('--') ? issue.message : `${label}: ${issue.message}`);
      }
    }
  }
  for (const spec of specs) if (!invalid.has(spec.key)) checkValue(spec, values[spec.key], problems);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return (result.success ? result.data : values) as T;
}
