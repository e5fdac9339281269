import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { registry } from '@edd/environments';
import { AwsClients } from '../aws/clients.js';
import type { StepContext, Target } from '../context.js';
import {
  AwsOperationError,
  EddError,
  ExitCode,
  UsageError,
  ValidationError,
  exitCodeOf,
  formatProblem,
} from '../errors.js';
import { createLogger, type LogSink } from '../logger.js';
import { redact } from '../redact.js';
import { RunReport } from '../report.js';
import type { CliDefinition, VerbDefinition } from './definition.js';
import { commonOptionsFor } from './common-options.js';
import { renderCliHelp, renderVerbHelp } from './help.js';
import { resolveOptions, type OptionSpec, type RawValues } from './options.js';

export interface CliIO {
  stdout: LogSink;
  stderr: LogSink;
  env: Record<string, string | undefined>;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function suggestion(word: string, candidates: readonly string[]): string {
  const best = candidates.map((c) => ({ c, d: editDistance(word, c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean ${best.c}?)` : '';
}

function parseFlags(def: CliDefinition, verbName: string, specs: readonly OptionSpec[], args: string[]): RawValues {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const s of specs) {
    config[s.flag] = {
      type: s.kind === 'boolean' ? 'boolean' : 'string',
      ...(s.short ? { short: s.short } : {}),
      ...(s.kind === 'list' ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    const where = `${def.name}${def.defaultVerb === verbName ? '' : ` ${verbName}`} --help`;
    if (unknown) {
      const hint = suggestion(
        unknown,
        specs.map((s) => `--${s.flag}`),
      );
      throw new UsageError(`unknown option ${unknown}${hint}; run '${where}' for the options`);
    }
    throw new UsageError(`${message.replace(/\. To specify.*$/s, '')}; run '${where}' for the options`);
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument '${parsed.positionals[0]}'; run '${def.name} --help' for usage`);
  }
  const values: RawValues = {};
  for (const s of specs) values[s.key] = parsed.values[s.flag] as string | boolean | string[] | undefined;
  return values;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read configuration file ${path}: ${(error as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new Error('the top level must be an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`configuration file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function resolveTarget(verb: VerbDefinition, options: Record<string, unknown>): Target | undefined {
  const environment = options.environment as string | undefined;
  const account = options.account as string | undefined;
  if (verb.target === 'none') return undefined;
  if (verb.target === 'optional' && !environment && !account) return undefined;
  const record = registry.resolveTarget({ environment, account });
  const region = (options.region as string | undefined) ?? record.defaultRegion;
  const name = environment ?? record.ivName.toLowerCase();
  return { record, environment: name, account: record.account, region, label: `${name}/${record.account} (${region})` };
}

/**
 * Runs one invocation of a step executable and returns its exit code. The bin file does nothing else:
 * `process.exitCode = await runCli(definition, process.argv.slice(2))`.
 */
export async function runCli(
  def: CliDefinition,
  argv: readonly string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const separator = argv.indexOf('--');
  const args = separator >= 0 ? argv.slice(0, separator) : [...argv];
  const command = separator >= 0 ? argv.slice(separator + 1) : undefined;

  if (args.length === 0 && !def.defaultVerb) {
    io.stdout.write(renderCliHelp(def));
    return ExitCode.Usage;
  }
  if (args[0] === '--version') {
    io.stdout.write(`${def.version}\n`);
    return ExitCode.Success;
  }
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout.write(renderCliHelp(def));
    return ExitCode.Success;
  }

  const verbName = args[0] !== undefined && def.verbs[args[0]] ? args.shift()! : def.defaultVerb;
  const early = createLogger({ sink: io.stderr });
  if (!verbName) {
    early.error(
      `unknown verb '${args[0]}'${suggestion(args[0] ?? '', Object.keys(def.verbs))}; verbs: ${Object.keys(def.verbs).join(', ')}`,
    );
    return ExitCode.Usage;
  }
  const verb = def.verbs[verbName]!;
  const common = commonOptionsFor(verb);
  const specs = [...verb.options, ...common];
  let report = new RunReport(def.name, def.version, verbName);
  let json = args.includes('--json');
  let debug = args.includes('--debug');
  let logger = createLogger({ sink: io.stderr, debug });
  let aws: AwsClients | undefined;
  try {
    if (command && !verb.passthrough) throw new UsageError(`'${verbName}' does not run a command after '--'`);
    const flags = parseFlags(def, verbName, specs, args);
    if (flags.help) {
      io.stdout.write(renderVerbHelp(def, verbName));
      return ExitCode.Success;
    }
    if (flags.version) {
      io.stdout.write(`${def.version}\n`);
      return ExitCode.Success;
    }
    let config: Record<string, unknown> | undefined;
    let configFile: string | undefined;
    if (verb.configFile) {
      const earlyValues = resolveOptions<Record<string, unknown>>(
        specs.map((s) => ({ ...s, required: false })),
        { flags, env: io.env },
      );
      configFile = verb.configFile(earlyValues);
      if (configFile) config = readConfigFile(configFile);
    }
    const options = resolveOptions<Record<string, unknown>>(specs, { flags, env: io.env, config, configFile });
    json = options.json === true;
    debug = options.debug === true;
    logger = createLogger({ sink: io.stderr, debug });
    if (command) {
      if (command.length === 0) throw new UsageError("nothing to run after '--'");
      options.command = command;
    }
    const dryRun = verb.planOnly === true || options.dryRun === true;
    const target = resolveTarget(verb, options);
    report = new RunReport(def.name, def.version, verbName);
    if (target) {
      report.set('environment', target.environment);
      report.set('account', target.account);
      report.set('region', target.region);
    }
    if (verb.writes) report.set('dryRun', dryRun);

    let verified = false;
    let verifying: Promise<void> | undefined;
    const clients = new AwsClients({
      region: target?.region ?? (options.region as string | undefined) ?? 'us-east-1',
      step: def.name,
      version: def.version,
      writePolicy: { dryRun, accountVerified: () => verified },
    });
    aws = clients;
    const ctx: StepContext = {
      step: def.name,
      version: def.version,
      verb: verbName,
      logger,
      report,
      dryRun,
      ...(target ? { target } : {}),
      aws: clients,
      stdout: io.stdout,
      env: io.env,
      verifyAccount: () => {
        if (!target) return Promise.reject(new Error(`verb ${verbName} has no target account to verify`));
        verifying ??= import('../aws/account-guard.js').then(async ({ verifyAccount }) => {
          const identity = await verifyAccount(clients, { account: target.account, label: target.label });
          logger.info(`target ${target.label}: credentials verified (${identity.arn})`);
          verified = true;
        });
        return verifying;
      },
      placeholders: () => {
        if (!target)
          throw new UsageError(
            `${def.name} ${verbName} needs --environment/$Environment to expand \${...} placeholders`,
          );
        return { Environment: target.environment, AccountNumber: target.account, Region: target.region };
      },
    };
    const handler = await verb.load();
    if (verb.target === 'required' && !verb.verifiesAccountItself) await ctx.verifyAccount();
    const code = (await handler(options, ctx)) ?? ExitCode.Success;
    if (json) io.stdout.write(report.render({ exitCode: code }));
    return code;
  } catch (error) {
    const code = exitCodeOf(error);
    printError(logger, error, debug);
    if (json) io.stdout.write(report.render({ exitCode: code, error: oneLine(error) }));
    return code;
  } finally {
    aws?.destroy();
  }
}

function oneLine(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

function printError(logger: ReturnType<typeof createLogger>, error: unknown, debug: boolean): void {
  if (error instanceof ValidationError) {
    logger.error(error.problems.length > 1 ? `${error.summary} (${error.problems.length} problems):` : error.message);
    if (error.problems.length > 1) for (const p of error.problems) logger.error(`  ${formatProblem(p)}`);
  } else if (error instanceof AwsOperationError && error.details.items?.length) {
    logger.error(error.message);
    for (const item of error.details.items) logger.error(`  ${item}`);
  } else if (error instanceof EddError || exitCodeOf(error) !== ExitCode.Internal) {
    logger.error(oneLine(error));
  } else {
    logger.error(`internal error: ${oneLine(error)}${debug ? '' : ' (run again with --debug for the stack trace)'}`);
  }
  if (debug && error instanceof Error && error.stack) logger.debug(error.stack);
}
