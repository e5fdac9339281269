import { InputRoot, UsageError, expandPlaceholders, readJsonConfig, type PlaceholderValues } from '@edd/core';
import { z } from 'zod';
import { RESOURCES } from '../resources/index.js';

export const CONFIG_FILE = 'connect-deploy.json';

/** Folders of the instance settings connect-deploy reports and can also write (`deploySettings`). */
export const DEPLOYABLE_SETTINGS: readonly string[] = RESOURCES.filter(
  (r) => r.deploy === 'reported' && (r.updates?.length ?? 0) > 0,
).map((r) => r.folder);

const template = z.string().min(1);
const regexList = z.array(
  z.string().refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression'),
);

/** `connect-deploy.json`: per-application rules kept next to the export, in the app repo. */
export const configSchema = z
  .object({
    /** Alias of the instance in every environment, e.g. `edd-${Environment}`. */
    instanceAlias: template.optional(),
    /** Regular expressions on `<folder>/<name>` (e.g. `flows/EDD .*`): what export and deploy handle. */
    include: regexList.optional(),
    exclude: regexList.optional(),
    /** Lambda function name in each environment from its logical name, e.g. `${name}-${Environment}`. */
    lambdaFunctionName: template.optional(),
    /** Lex V2 bot name in each environment from its logical name. */
    lexBotName: template.optional(),
    /** Logical phone number name -> environment -> E.164 number claimed in that environment. */
    phoneNumbers: z
      .record(
        z.string(),
        z.record(z.string(), z.string().regex(/^\+\d{6,15}$/, 'must be an E.164 number like +18005550100')),
      )
      .optional(),
    /** S3 bucket (in the target account) that receives prompt audio before CreatePrompt/UpdatePrompt. */
    promptBucket: template.optional(),
    promptKeyPrefix: z.string().optional(),
    /** ARNs (regular expressions) that may legitimately stay literal, e.g. a shared cross-account resource. */
    allowAccountArns: regexList.optional(),
    /**
     * Values that differ per environment and are not deployed by connect-deploy (a security key id, a Cases template,
     * an ARN of another service in the account): by name, either one value per environment or one template with
     * `${Environment}`, `${AccountNumber}`, `${Region}`. Exports write `{"$ref": "value", "name": ...}` for them.
     */
    environmentValues: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'names are letters, digits, ".", "_" and "-"'),
        z.union([
          template,
          z.record(z.string().min(1), z.string().min(1)).refine((m) => Object.keys(m).length > 0, 'is empty'),
        ]),
      )
      .optional(),
    /**
     * Instance settings (by folder) that deploy writes instead of only reporting how the target differs: the same
     * authentication profile settings in every environment, say.
     */
    deploySettings: z
      .array(
        z.string().refine((folder) => DEPLOYABLE_SETTINGS.includes(folder), {
          message: `must be the folder of an instance setting deploy can write: ${DEPLOYABLE_SETTINGS.join(', ')}`,
        }),
      )
      .optional(),
    /** Connect API pacing; AWS's default quota is about 2 requests/s with a burst of 5 per API. */
    rateLimit: z
      .object({
        ratePerSecond: z.number().positive().max(1000),
        burst: z.number().int().min(1).max(1000),
        concurrency: z.number().int().min(1).max(64).optional(),
      })
      .optional(),
  })
  .strict();

export type ConnectDeployConfig = z.infer<typeof configSchema>;

/** The config of an export folder (a root of untrusted input: read through it), or none when the folder has none. */
export async function readConfig(dir: string | InputRoot): Promise<ConnectDeployConfig> {
  const root = typeof dir === 'string' ? await InputRoot.open(dir, { what: 'the export folder', optional: true }) : dir;
  if (!root) return {};
  return (await readJsonConfig(CONFIG_FILE, configSchema, { root })) ?? {};
}

/** Splits a `${name}` template around the name for one environment: `edd-${name}-${Environment}` -> [edd-, -qa]. */
function templateParts(tpl: string, values: PlaceholderValues, what: string): [string, string] {
  const parts = tpl.split('${name}');
  if (parts.length !== 2) throw new UsageError(`${CONFIG_FILE}: ${what} must contain \${name} exactly once`);
  return [expandPlaceholders(parts[0]!, values, what), expandPlaceholders(parts[1]!, values, what)];
}

/** Logical name -> name in an environment, and back. Without a template, names are the same everywhere. */
export class NameMapping {
  private readonly parts: [string, string] | undefined;

  constructor(tpl: string | undefined, values: PlaceholderValues | undefined, what: string) {
    this.parts = tpl && values ? templateParts(tpl, values, what) : undefined;
  }

  toEnvironment(logical: string): string {
    return this.parts ? `${this.parts[0]}${logical}${this.parts[1]}` : logical;
  }

  /**
   * How the export names a function or bot of this environment: by its logical name when it follows the template
   * (or there is none), literally when it does not (a shared resource named the same in every account).
   */
  exportName(name: string): { logical: string } | { literal: string } {
    if (!this.parts) return { logical: name };
    const logical = this.toLogical(name);
    return logical === name ? { literal: name } : { logical };
  }

  /** The logical name of an environment's name; names that do not follow the template are kept as they are. */
  toLogical(name: string): string {
    if (!this.parts) return name;
    const [prefix, suffix] = this.parts;
    if (name.length > prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix)) {
      return name.slice(prefix.length, name.length - suffix.length);
    }
    return name;
  }
}

/** `environmentValues` for one environment: a value by name, and the name of a value. */
export class EnvironmentValues {
  private readonly byName = new Map<string, string>();
  private readonly missing = new Set<string>();

  constructor(
    readonly rules: ConnectDeployConfig['environmentValues'],
    values: PlaceholderValues | undefined,
  ) {
    for (const [name, rule] of Object.entries(rules ?? {})) {
      const value =
        typeof rule === 'string'
          ? values
            ? expandPlaceholders(rule, values, `${CONFIG_FILE} environmentValues.${name}`)
            : undefined
          : values
            ? Object.entries(rule).find(([env]) => env.toLowerCase() === values.Environment.toLowerCase())?.[1]
            : undefined;
      if (value === undefined) this.missing.add(name);
      else this.byName.set(name, value);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name) || this.missing.has(name);
  }

  /** The value in this environment; undefined when the rule has no value for it. */
  valueOf(name: string): string | undefined {
    return this.byName.get(name);
  }

  nameOf(value: string): string | undefined {
    for (const [name, v] of this.byName) if (v === value) return name;
    return undefined;
  }
}

/** Phone numbers: the logical name used in exports for a number of one environment, and the reverse. */
export class PhoneMapping {
  constructor(
    private readonly mapping: ConnectDeployConfig['phoneNumbers'],
    private readonly environment: string | undefined,
  ) {}

  private forEnvironment(entry: Record<string, string>): string | undefined {
    if (!this.environment) return undefined;
    const wanted = this.environment.toLowerCase();
    return Object.entries(entry).find(([env]) => env.toLowerCase() === wanted)?.[1];
  }

  toLogical(number: string): string {
    for (const [logical, entry] of Object.entries(this.mapping ?? {})) {
      if (this.forEnvironment(entry) === number) return logical;
    }
    return number;
  }

  /** The number to look for in the target, or undefined when a logical name has no number for this environment. */
  toEnvironment(logical: string): string | undefined {
    const entry = this.mapping?.[logical];
    if (entry) return this.forEnvironment(entry);
    return /^\+\d+$/.test(logical) ? logical : undefined;
  }
}
