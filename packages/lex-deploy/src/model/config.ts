import { basename, dirname } from 'node:path';
import { InputRoot, readJsonConfig } from '@edd/core';
import { z } from 'zod';

/** The configuration file's name, looked for beside the bots (the parent of `--source`, or `--out`). */
export const CONFIG_FILE = 'lex-deploy.json';

const ACCOUNT = /^\d{12}$/;
const LOCALE_ID = /^[a-z]{2}_([A-Z]{2}|\d{3})$/;
const REFERENCE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const PLACEHOLDER = /\$\{(Environment|AccountNumber|Region)\}/;

const template = z.string().min(1);

/** `lex-deploy.json`: the rules of an application's environments, kept in its repository beside the bots. */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    /** Bot name in each environment from its name in the export, e.g. `${name}-${Environment}`. */
    botName: template.optional(),
    /** The alias deploy points at the new version (default `live`). */
    aliasName: template.optional(),
    /** IAM role the bot runs with: a role name or ARN (default the `AWSServiceRoleForLexV2Bots_Common` service-linked role). */
    role: template.optional(),
    /** Alias of the Connect instance the bot alias is associated with. */
    connectInstanceAlias: template.optional(),
    /** Newest versions kept besides those an alias uses. */
    keepVersions: z.number().int().min(0).max(99).optional(),
    /** Seconds to wait for each import, build, version, alias and export. */
    waitTimeout: z.number().int().min(10).optional(),
    /** Per alias: the Lambda function of each locale (`edd-lex-fulfillment-${Environment}`, a name or an ARN). */
    aliases: z
      .record(
        z.string().regex(/^([0-9a-zA-Z][_-]?)+$/, 'must be a valid alias name'),
        z
          .object({
            codeHooks: z.record(z.string().regex(LOCALE_ID, 'must be a locale id such as en_US'), template).optional(),
          })
          .strict(),
      )
      .optional(),
    /**
     * Values that differ per environment (Q in Connect assistants, Kendra indexes, Bedrock knowledge bases, grammar
     * buckets): one value for every environment (with placeholders), or a value per environment name or account.
     * Export writes `${ref:<name>}` where the source environment's value stood; deploy writes the target's.
     */
    references: z
      .record(
        z.string().regex(REFERENCE_NAME, 'must start with a letter and hold letters, digits, _ and -'),
        z.union([template, z.record(z.string().min(1), template)]),
      )
      .optional(),
    /**
     * Strings (ARNs) whose only environment-specific parts are the account, region or environment name, e.g.
     * `arn:aws:bedrock:${Region}:${AccountNumber}:inference-profile/*`: rewritten for the target automatically.
     */
    arnTemplates: z
      .array(template.refine((t) => PLACEHOLDER.test(t), 'must contain ${AccountNumber}, ${Region} or ${Environment}'))
      .optional(),
    /** Accounts whose ARNs may stay in a bot, e.g. a central account sharing a resource with every environment. */
    sharedAccounts: z.array(z.string().regex(ACCOUNT, 'must be a 12-digit account number')).optional(),
  })
  .strict();

export type LexDeployConfig = z.infer<typeof configSchema>;

/**
 * Reads and validates the configuration file. A missing file is an empty configuration unless it was asked for by
 * name (`--config`); every problem is reported at once (exit 2). It is read through its folder, so a link that
 * leads out of it (to another repository's file, to /proc) is refused, and a key given twice is an error.
 */
export async function readConfig(file: string, { required }: { required: boolean }): Promise<LexDeployConfig> {
  const root = await InputRoot.open(dirname(file), { what: 'the configuration folder', optional: !required });
  if (!root) return {};
  return (await readJsonConfig(basename(file), configSchema, { required, root })) ?? {};
}
