import { join } from 'node:path';
import { UsageError, expandPlaceholders, readJsonConfig, type PlaceholderValues } from '@edd/core';
import { z } from 'zod';

export const CONFIG_FILE = 'connect-deploy.json';

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

export async function readConfig(dir: string): Promise<ConnectDeployConfig> {
  return (await readJsonConfig(join(dir, CONFIG_FILE), configSchema)) ?? {};
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
