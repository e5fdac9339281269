import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NewEnvironmentError, addEnvironment, type NewEnvironmentOptions } from './new-environment.js';

export const USAGE = `Usage: pnpm new-environment --name <IV name> --account <12 digits> --purpose <text> --branch <branch>
                           [--edd-name <EDD name>] [--region <region>] [--dry-run]

Adds an AWS account to the environment registry (seed §1.10), regenerates the templates that depend on it
(TargetAccount AllowedValues of the pipeline product, the roles the Shared account may assume), and prints the
remaining steps: the roles to deploy in the new account and the pipelines to create.

  --name       IV name, e.g. Sandbox4; the pipelines call the environment by its lower-case form (sandbox4)
  --edd-name   EDD's name for the account, when it has one
  --account    the AWS account number, 12 digits
  --purpose    what the account is for
  --branch     the git branch whose pushes deploy into it
  --region     its default region (default us-east-1)
  --dry-run    check the entry and print the steps, change no file
`;

class UsageError extends Error {}

/** Options from the command line; every missing or malformed option is reported at once. */
export function parseNewEnvironmentArgs(argv: string[], root: string): NewEnvironmentOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        name: { type: 'string' },
        'edd-name': { type: 'string' },
        account: { type: 'string' },
        purpose: { type: 'string' },
        branch: { type: 'string' },
        region: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help) return 'help';
  const missing = (['name', 'account', 'purpose', 'branch'] as const).filter((key) => !values[key]?.trim());
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((key) => `--${key}`).join(', ')}`);
  return {
    root,
    name: values.name!.trim(),
    account: values.account!.trim(),
    purpose: values.purpose!.trim(),
    branch: values.branch!.trim(),
    ...(values['edd-name'] ? { eddName: values['edd-name'].trim() } : {}),
    ...(values.region ? { region: values.region.trim() } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
  };
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The command: 0 when added (or checked, with --dry-run), 2 for a usage error or an entry the registry refuses. */
export async function runNewEnvironment(
  argv: string[],
  { root = join(import.meta.dirname, '../../..'), output }: { root?: string; output: Output },
): Promise<number> {
  try {
    const options = parseNewEnvironmentArgs(argv, root);
    if (options === 'help') {
      output.out(USAGE);
      return 0;
    }
    const result = await addEnvironment(options);
    output.out(result.instructions);
    if (result.templatesChanged.length > 0) {
      output.err(`regenerated tools/templates/generated/: ${result.templatesChanged.join(', ')}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`new-environment: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof NewEnvironmentError) {
      output.err(`new-environment: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
