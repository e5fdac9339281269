import { dirname } from 'node:path';
import {
  AwsClients,
  PlanBlockedError,
  UsageError,
  ValidationError,
  expandPlaceholders,
  hasChanges,
  silentLogger,
  verifyAccount,
  type AwsClientSettings,
  type Logger,
  type PlanDocument,
  type Problem,
} from '@edd/core';
import { registry } from '@edd/environments';
import { BotContentReader } from './aws/bot-content.js';
import { ConnectBots } from './aws/connect.js';
import { LambdaPermissions } from './aws/lambda.js';
import { LexApi, type WaitSettings } from './aws/lex.js';
import { loadConfig, waitSettings, type LexCommonOptions } from './commands/shared.js';
import { applyDeploy, type DeployResult } from './deploy/apply.js';
import { deployPlanDocument } from './deploy/plan-document.js';
import { planDeploy, type DeployPlan, type DeployServices } from './deploy/plan.js';
import { blockedSummary, prepareDeploy, type PreparedDeploy } from './deploy/prepare.js';
import { exportBot as exportBotVersion } from './export/exporter.js';
import { botSourceWarnings, readBotSource, validateBotSource } from './model/bot-source.js';
import type { LexDeployConfig } from './model/config.js';
import { checkName, type Place } from './model/names.js';
import type { RuleEnvironment } from './model/rules.js';
import { readSourceTree } from './model/tree.js';

/**
 * The library's verbs: validate, plan, deploy and export as functions, for application repositories that drive
 * lex-deploy from their own code. They run exactly what the executable runs, with the same checks and account
 * guard, and return values instead of printing.
 */

/** Where a bot is deployed or exported from: an environment of the account registry, in a region. */
export interface LexTarget {
  /** The environment's name in the registry (`qa`). */
  environment: string;
  /** Default: the environment's default region. */
  region?: string;
}

/** How the library reaches AWS. */
export interface LexAccess {
  target: LexTarget;
  /** Default: the AWS SDK's default credential chain. They must act in the target's account. */
  credentials?: AwsClientSettings['credentials'];
  /** Progress and warnings, in the executable's wording. Default: none. */
  logger?: Logger;
  /** How long to wait for each export, import, build, version and alias (default 1200 s). */
  waitTimeoutSeconds?: number;
  /** First pause between checks on Lex's progress (default 2000 ms). */
  pollIntervalMs?: number;
}

/** The bot to deploy and how it is named in the target. */
export interface BotSourceOptions {
  /** A bot folder (`lex/EDDBot`, holding `Manifest.json`) or a zip of one. */
  source: string;
  /** `lex-deploy.json`; default the one beside the bot folder, when there is one. */
  config?: string;
  /** Bot name in the target; `${name}` is the export's name (default the config's `botName`, else `${name}`). */
  botName?: string;
  /** Alias pointed at the deployed version (default `live`). */
  aliasName?: string;
  /** IAM role of the bot in the target (default `AWSServiceRoleForLexV2Bots_Common`). */
  role?: string;
}

export interface ValidateBotOptions extends BotSourceOptions {
  /** With a target, the bot is also rewritten for it and checked to name no other account. */
  target?: LexTarget;
}

export interface ValidateBotResult {
  /** The bot folder's name in the source. */
  folder: string;
  locales: string[];
  /** With a target: the bot's name there, and the hash deploy records on the version it makes. */
  botName?: string;
  contentSha256?: string;
  /** What Lex accepts but is worth a word. */
  warnings: Problem[];
}

export interface PlanBotOptions extends BotSourceOptions, LexAccess {
  /** Connect instance to associate the alias with (`${Environment}` etc. expanded). */
  connectInstanceAlias?: string;
  /** Newest versions kept besides those an alias uses (default 5). */
  keepVersions?: number;
}

export interface BotPlan {
  /** The plan every step prints: the bot's content per locale, then version, alias, permissions, association. */
  plan: PlanDocument;
  /** True when deploying would change something. */
  changes: boolean;
}

export type DeployBotOptions = PlanBotOptions;

export interface DeployBotResult extends BotPlan {
  /** What the deploy did: the bot, its version, the alias, builds, permissions, association, pruned versions. */
  result: DeployResult;
}

export interface ExportBotOptions extends LexAccess {
  /** The bot in the source environment; `${Environment}`, `${AccountNumber}`, `${Region}` are expanded. */
  botName: string;
  /** `DRAFT` (default) or a version number. */
  botVersion?: string;
  /** Folder of the bots: the bot is written to `<out>/<export name>/`. */
  out: string;
  /** `lex-deploy.json`; default the one in `out`, when there is one. */
  config?: string;
}

export interface ExportBotResult {
  /** The bot's name in the export, without its environment part. */
  exportName: string;
  directory: string;
  files: number;
  warnings: Problem[];
}

const STEP = 'lex-deploy';
const VERSION = __EDD_PACKAGE_VERSION__;

interface Session {
  aws: AwsClients;
  environment: RuleEnvironment;
  place: Place;
  target: NonNullable<PlanDocument['target']>;
  logger: Logger;
}

/** Resolves the target and checks that the credentials act in its account, before anything else reaches AWS. */
async function open(access: LexAccess, { writes }: { writes: boolean }): Promise<Session> {
  const record = registry.resolveTarget({ environment: access.target.environment });
  const region = access.target.region ?? record.defaultRegion;
  const environment = access.target.environment;
  let verified = false;
  const aws = new AwsClients({
    region,
    step: STEP,
    version: VERSION,
    retry: 'paced',
    ...(access.credentials ? { credentials: access.credentials } : {}),
    writePolicy: { dryRun: !writes, accountVerified: () => verified },
  });
  try {
    await verifyAccount(aws, { account: record.account, label: `${environment}/${record.account} (${region})` });
  } catch (error) {
    aws.destroy();
    throw error;
  }
  verified = true;
  return {
    aws,
    environment: { values: { Environment: environment, AccountNumber: record.account, Region: region }, record },
    place: { account: record.account, region },
    target: { environment, account: record.account, region },
    logger: access.logger ?? silentLogger,
  };
}

function common(access: Partial<LexAccess> & { config?: string }): LexCommonOptions {
  return {
    ...(access.config !== undefined ? { config: access.config } : {}),
    ...(access.waitTimeoutSeconds !== undefined ? { waitTimeout: access.waitTimeoutSeconds } : {}),
    ...(access.pollIntervalMs !== undefined ? { pollInterval: access.pollIntervalMs } : {}),
  };
}

/** What a plan is made from, as the executable and the library both give it. */
export interface PlanInput {
  options: BotSourceOptions & Pick<PlanBotOptions, 'connectInstanceAlias' | 'keepVersions'>;
  config: LexDeployConfig;
  environment: RuleEnvironment;
  place: Place;
  target?: PlanDocument['target'];
  services: DeployServices;
  version: string;
}

export interface Planned {
  prepared: PreparedDeploy;
  plan: DeployPlan;
  document: PlanDocument;
}

/** Reads and checks the source offline and rewrites it for the target: no AWS call. */
export function prepareSource(input: Omit<PlanInput, 'services' | 'version' | 'target'>): Promise<PreparedDeploy> {
  const { options } = input;
  return prepareDeploy({
    source: options.source,
    config: input.config,
    records: registry.records,
    environment: input.environment,
    place: input.place,
    botName: options.botName,
    aliasName: options.aliasName,
    role: options.role,
    connectInstanceAlias: options.connectInstanceAlias,
    keepVersions: options.keepVersions,
  });
}

/** Reads the target and makes the plan of a prepared source; what blocks it is in `document.blockers`. */
export async function planPrepared(
  input: Pick<PlanInput, 'services' | 'version' | 'target'>,
  prepared: PreparedDeploy,
): Promise<Planned> {
  const plan = await planDeploy(input.services, prepared.request);
  const document = deployPlanDocument(plan, {
    version: input.version,
    ...(input.target ? { target: input.target } : {}),
    blockers: prepared.blockers,
  });
  return { prepared, plan, document };
}

/** Prepares the source offline, reads the target and makes the plan; what blocks it is in `document.blockers`. */
export async function makePlan(input: PlanInput): Promise<Planned> {
  return planPrepared(input, await prepareSource(input));
}

export function deployServices(aws: AwsClients, place: Place, logger: Logger, wait: WaitSettings): DeployServices {
  return {
    lex: new LexApi(aws, place, wait, logger),
    lambda: new LambdaPermissions(aws),
    connect: new ConnectBots(aws),
    content: new BotContentReader(aws),
    place,
    logger,
  };
}

async function planIn(session: Session, options: PlanBotOptions): Promise<Planned & { services: DeployServices }> {
  const config = await loadConfig(common(options), dirname(options.source));
  const services = deployServices(session.aws, session.place, session.logger, waitSettings(common(options), config));
  const planned = await makePlan({
    options,
    config,
    environment: session.environment,
    place: session.place,
    target: session.target,
    services,
    version: VERSION,
  });
  return { ...planned, services };
}

/**
 * Checks a bot offline, as deploy does before its first AWS call; no credentials needed. Throws a ValidationError
 * listing every problem (file and JSON path) when the bot cannot be deployed.
 */
export async function validateBot(options: ValidateBotOptions): Promise<ValidateBotResult> {
  const config = await loadConfig(common(options), dirname(options.source));
  if (options.target) {
    const record = registry.resolveTarget({ environment: options.target.environment });
    const region = options.target.region ?? record.defaultRegion;
    const values = { Environment: options.target.environment, AccountNumber: record.account, Region: region };
    const prepared = await prepareDeploy({
      source: options.source,
      config,
      records: registry.records,
      environment: { values, record },
      place: { account: record.account, region },
      botName: options.botName,
      aliasName: options.aliasName,
      role: options.role,
    });
    if (prepared.blockers.length > 0)
      throw new ValidationError(blockedSummary(options.source, values), prepared.blockers);
    return {
      folder: prepared.source.folder,
      locales: [...prepared.request.locales],
      botName: prepared.request.botName,
      contentSha256: prepared.request.contentHash,
      warnings: prepared.warnings,
    };
  }
  const { source, problems } = readBotSource(await readSourceTree(options.source), options.source);
  if (!source) throw new ValidationError(`${options.source} is not a LexJson bot; nothing was written`, problems);
  const invalid = validateBotSource(source);
  if (invalid.length > 0) throw new ValidationError(`${options.source} is not a valid LexJson bot`, invalid);
  return { folder: source.folder, locales: source.locales, warnings: botSourceWarnings(source) };
}

/** The plan of a deploy, read-only: the credentials are checked, then nothing is written. */
export async function planBot(options: PlanBotOptions): Promise<BotPlan> {
  const session = await open(options, { writes: false });
  try {
    const { document } = await planIn(session, options);
    return { plan: document, changes: hasChanges(document) };
  } finally {
    session.aws.destroy();
  }
}

/**
 * Plans, then applies: import, builds and version (skipped when the content is already a version), alias, Lambda
 * permissions, Connect association, pruning. A blocked plan throws PlanBlockedError (its `plan.blockers` say why)
 * before any write.
 */
export async function deployBot(options: DeployBotOptions): Promise<DeployBotResult> {
  const session = await open(options, { writes: true });
  try {
    const { prepared, plan, document, services } = await planIn(session, options);
    if (document.blockers.length > 0) throw new PlanBlockedError(document);
    const result = await applyDeploy(services, plan, {
      archive: prepared.archive,
      settings: prepared.importSettings,
    });
    return { plan: document, changes: hasChanges(document), result };
  } finally {
    session.aws.destroy();
  }
}

/** Exports a bot version into an environment-neutral folder `<out>/<export name>/`, as `lex-deploy export` does. */
export async function exportBot(options: ExportBotOptions): Promise<ExportBotResult> {
  // CreateExport counts as a write for the account guard: it makes an export in the account.
  const session = await open(options, { writes: true });
  try {
    const config = await loadConfig(common(options), options.out);
    const name = checkName(
      expandPlaceholders(options.botName, session.environment.values, 'botName'),
      'bot',
      'botName',
    );
    const lex = new LexApi(session.aws, session.place, waitSettings(common(options), config), session.logger);
    const bot = await lex.findBot(name);
    if (!bot)
      throw new UsageError(`no Lex V2 bot named '${name}' in ${session.target.environment}/${session.place.account}`);
    return await exportBotVersion(lex, bot, options.botVersion ?? 'DRAFT', {
      config,
      records: registry.records,
      environment: session.environment,
      out: options.out,
    });
  } finally {
    session.aws.destroy();
  }
}
