import {
  renderHelpIndex as renderHelpIndexWith,
  renderProgramHelp,
  renderVerbHelp as renderVerbHelpWith,
  runProgram,
  type CliIO,
  type HelpIndex,
  type Invocation,
  type RunLayer,
  type RunStart,
} from '@edd/cli';
import { registry } from '@edd/environments';
import { AwsClients } from '../aws/clients.js';
import type { StepContext, Target } from '../context.js';
import { UsageError, exitCodeOf } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';
import { redact } from '../redact.js';
import { RunReport } from '../report.js';
import { commonOptionsFor } from './common-options.js';
import type { AnyStepVerb, CliDefinition } from './definition.js';

export type { CliIO } from '@edd/cli';

const EXIT_CODES =
  'Exit codes: 0 success, 1 internal error, 2 usage or configuration error, 3 validation failed (nothing written), 4 AWS operation failed after retries, 5 timed out waiting for AWS, 6 changes pending (plan --detailed-exitcode)';

function resolveTarget(verb: AnyStepVerb, options: Record<string, unknown>): Target | undefined {
  const environment = options.environment as string | undefined;
  const account = options.account as string | undefined;
  if (verb.target === 'none') return undefined;
  if (verb.target === 'optional' && !environment && !account) return undefined;
  const record = registry.resolveTarget({ environment, account });
  const region = (options.region as string | undefined) ?? record.defaultRegion;
  const name = environment ?? record.ivName.toLowerCase();
  return { record, environment: name, account: record.account, region, label: `${name}/${record.account} (${region})` };
}

function oneLine(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

/** One run of a step verb: the target, the report, the clients with their write policy, the account guard. */
class StepInvocation implements Invocation {
  private json: boolean;
  private logger: Logger;
  private report: RunReport;
  private aws: AwsClients | undefined;
  private ctx: StepContext | undefined;

  constructor(private readonly run: RunStart<AnyStepVerb>) {
    this.json = run.args.includes('--json');
    this.logger = createLogger({ sink: run.io.stderr, debug: run.args.includes('--debug') });
    this.report = new RunReport(run.def.name, run.def.version, run.verbName);
  }

  readonly log = {
    error: (line: string) => this.logger.error(line),
    debug: (line: string) => this.logger.debug(line),
  };

  open(options: Record<string, unknown>): StepContext {
    const { def, verbName, verb, io } = this.run;
    this.json = options.json === true;
    this.logger = createLogger({ sink: io.stderr, debug: options.debug === true });
    const logger = this.logger;
    const dryRun = verb.planOnly === true || options.dryRun === true;
    const target = resolveTarget(verb, options);
    const report = (this.report = new RunReport(def.name, def.version, verbName));
    if (target) {
      report.set('environment', target.environment);
      report.set('account', target.account);
      report.set('region', target.region);
    }
    if (verb.writes) report.set('dryRun', dryRun);

    let verified = false;
    let verifying: Promise<void> | undefined;
    const clients = (this.aws = new AwsClients({
      region: target?.region ?? (options.region as string | undefined) ?? 'us-east-1',
      step: def.name,
      version: def.version,
      writePolicy: { dryRun, accountVerified: () => verified },
    }));
    this.ctx = {
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
    return this.ctx;
  }

  async beforeHandler(): Promise<void> {
    const { verb } = this.run;
    if (this.ctx && verb.target === 'required' && !verb.verifiesAccountItself) await this.ctx.verifyAccount();
  }

  exitCodeOf(error: unknown): number {
    return exitCodeOf(error);
  }

  finish({ code, error }: { code: number; error?: unknown }): void {
    if (!this.json) return;
    this.run.io.stdout.write(
      this.report.render({ exitCode: code, ...(error !== undefined ? { error: oneLine(error) } : {}) }),
    );
  }

  dispose(): void {
    this.aws?.destroy();
  }
}

/** The step layer over the generic runner: common options, target resolution, AWS clients, report. */
export const stepLayer: RunLayer<AnyStepVerb> = {
  commonOptions: (_def, verb) => commonOptionsFor(verb),
  exitCodes: EXIT_CODES,
  invocation: (run) => new StepInvocation(run),
};

/**
 * Runs one invocation of a step executable and returns its exit code. The bin file does nothing else:
 * `process.exitCode = await runCli(definition, process.argv.slice(2))`.
 */
export function runCli(def: CliDefinition, argv: readonly string[], io?: CliIO): Promise<number> {
  return runProgram(def, argv, stepLayer, io);
}

export function renderCliHelp(def: CliDefinition): string {
  return renderProgramHelp(def, stepLayer);
}

export function renderVerbHelp(def: CliDefinition, verbName: string): string {
  return renderVerbHelpWith(def, stepLayer, verbName);
}

/** Every help text of a step executable, rendered ahead of time so the built file can answer `--help` instantly. */
export function renderHelpIndex(def: CliDefinition): HelpIndex {
  return renderHelpIndexWith(def, stepLayer);
}
