import { join } from 'node:path';
import { defineVerb, option, runCli, type OptionsOf, type ProgramDefinition, type ToolContext } from '@edd/cli';
import { addEnvironment, type NewEnvironmentOptions } from './new-environment.js';

export const addOptions = {
  name: option.string({
    required: true,
    valueName: 'IV name',
    description: 'IV name, e.g. Sandbox4; the pipelines call the environment by its lower-case form (sandbox4)',
  }),
  eddName: option.string({ valueName: 'EDD name', description: "EDD's name for the account, when it has one" }),
  account: option.string({ required: true, valueName: '12 digits', description: 'The AWS account number' }),
  purpose: option.string({ required: true, valueName: 'text', description: 'What the account is for' }),
  branch: option.string({
    required: true,
    valueName: 'branch',
    description: 'The git branch whose pushes deploy into it',
  }),
  region: option.region({ valueName: 'region', description: 'Its default region (default us-east-1)' }),
  dryRun: option.boolean({ description: 'Check the entry and print the steps, change no file' }),
};
export type AddOptions = OptionsOf<typeof addOptions>;

/** The options of `addEnvironment` from the command line's, trimmed. */
export function toNewEnvironmentOptions(options: AddOptions, root: string): NewEnvironmentOptions {
  return {
    root,
    name: options.name.trim(),
    account: options.account.trim(),
    purpose: options.purpose.trim(),
    branch: options.branch.trim(),
    ...(options.eddName ? { eddName: options.eddName.trim() } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
  };
}

/** The command, acting on the repository at `root`. */
export function newEnvironmentDefinition(root: string): ProgramDefinition {
  async function add(options: AddOptions, ctx: ToolContext): Promise<number> {
    const result = await addEnvironment(toNewEnvironmentOptions(options, root));
    ctx.stdout.write(result.instructions);
    if (result.templatesChanged.length > 0) {
      ctx.stderr.write(`regenerated tools/templates/generated/: ${result.templatesChanged.join(', ')}\n`);
    }
    return 0;
  }
  return {
    name: 'new-environment',
    version: __EDD_PACKAGE_VERSION__,
    summary: 'Add an AWS account to the environment registry',
    defaultVerb: 'add',
    verbs: {
      add: defineVerb({
        summary: 'Add an AWS account to the environment registry and print what else it needs',
        description: [
          'Adds the account to the registry (seed §1.10), regenerates the templates that depend on it (TargetAccount',
          'AllowedValues of the pipeline product, the roles the Shared account may assume), and prints the remaining',
          'steps: the roles to deploy in the new account and the pipelines to create.',
        ].join('\n'),
        options: addOptions,
        examples: [
          "pnpm new-environment --name Sandbox4 --account 012345678901 --purpose 'R&D' --branch sandbox4 --dry-run",
        ],
        load: async () => add,
      }),
    },
  };
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The command: 0 when added (or checked, with --dry-run), 2 for a usage error or an entry the registry refuses. */
export function runNewEnvironment(
  argv: string[],
  {
    root = join(import.meta.dirname, '../../..'),
    output,
    env = {},
  }: { root?: string; output: Output; env?: Record<string, string | undefined> },
): Promise<number> {
  return runCli(newEnvironmentDefinition(root), argv, {
    stdout: { write: (text: string) => output.out(text) },
    stderr: { write: (text: string) => output.err(text) },
    env,
  });
}
