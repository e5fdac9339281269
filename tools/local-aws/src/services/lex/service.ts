import { AwsError, LocalAwsConfigError } from '../../errors.js';
import { ServiceModel, type ServiceModelJson } from '../../models/model.js';
import { ModelValidator, validationMessage } from '../../models/validator.js';
import { readJson } from '../../protocols/json-rpc.js';
import type { StructureValue } from '../../protocols/protocol.js';
import { modeledError, restJsonProtocol } from '../../protocols/rest-json.js';
import type { ObjectStore } from '../s3/object-store.js';
import type { OperationContext, OperationHandler, ServiceEmulator } from '../service.js';
import {
  DEFAULT_LEX_TIMINGS,
  LexBots,
  type BuildFailure,
  type LexAccountState,
  type LexClock,
  type LexTimings,
} from './bots.js';
import type { JsonObject } from './lex-json.js';
import { LexContent } from './content.js';
import type { Scope } from './records.js';
import { LexTransfers, type ContentCheck } from './transfers.js';
import lexModel from '../../../models/lex.json' with { type: 'json' };

export interface LexOptions {
  clock: LexClock;
  /** Where export archives and uploads are kept, behind presigned S3 URLs. */
  objects: ObjectStore;
}

export interface LexService extends ServiceEmulator {
  /** Whether a bot alias exists in that account and region. */
  botAliasExists(account: string, region: string, botId: string, aliasId: string): boolean;
}

/** Lex V2 meters its model-building APIs per account and region: 2 requests a second, burst 5, like Connect. */
const LEX_REQUEST_QUOTA = { rate: 2, burst: 5 };

function scopeOf(context: OperationContext): Scope {
  return { account: context.account, region: context.region };
}

/** `http://<host>` as the caller reached local-aws, for the presigned URLs Lex hands out. */
function originOf(context: OperationContext): string {
  return `http://${String(context.request.headers.host ?? '127.0.0.1')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseBuildFailure(body: unknown): BuildFailure {
  const problems: string[] = [];
  const fields = isRecord(body) ? body : {};
  const { account, botName, localeId, reasons } = fields;
  if (!isRecord(body)) problems.push('expected a JSON object');
  if (account !== undefined && !(typeof account === 'string' && /^\d{12}$/.test(account))) {
    problems.push('account, when given, must be a 12-digit account number');
  }
  if (typeof botName !== 'string' || botName === '') problems.push('botName must be a bot name');
  if (typeof localeId !== 'string' || localeId === '') problems.push('localeId must be a locale id such as en_US');
  if (!Array.isArray(reasons) || reasons.length === 0 || !reasons.every((reason) => typeof reason === 'string')) {
    problems.push('reasons must be a non-empty list of strings');
  }
  if (problems.length > 0) throw new LocalAwsConfigError('build failure', problems);
  return {
    account: account as string | undefined,
    botName: botName as string,
    localeId: localeId as string,
    reasons: reasons as string[],
  };
}

function parseTimings(body: unknown, current: LexTimings): LexTimings {
  if (!isRecord(body)) throw new LocalAwsConfigError('lex timings', ['expected a JSON object']);
  const problems: string[] = [];
  const result = { ...current };
  for (const [field, value] of Object.entries(body)) {
    if (!(field in DEFAULT_LEX_TIMINGS)) {
      problems.push(`unknown field '${field}' (fields: ${Object.keys(DEFAULT_LEX_TIMINGS).join(', ')})`);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`${field} must be a number of milliseconds of at least 0`);
    } else {
      result[field as keyof LexTimings] = value;
    }
  }
  if (problems.length > 0) throw new LocalAwsConfigError('lex timings', problems);
  return result;
}

/**
 * Lex V2 model building over restJson1. Builds, versions, aliases, exports and imports take time on the emulator
 * clock (`timeScale` shortens it); builds can be made to fail through `POST /_local/lex/build-failures`.
 */
export function createLexService({ clock, objects }: LexOptions): LexService {
  const model = new ServiceModel(lexModel as ServiceModelJson);
  const validator = new ModelValidator(model);
  const fail = (code: string, message: string) => modeledError(model, code, message);
  const check: ContentCheck = (shape, value) => {
    try {
      const violations = validator.validateValue({ shape }, readJson(model, { shape }, value), '');
      return violations.length > 0 ? validationMessage(violations) : undefined;
    } catch (error) {
      if (error instanceof AwsError) return error.message;
      throw error;
    }
  };
  const bots = new LexBots(clock, fail);
  const transfers = new LexTransfers(bots, objects, clock, fail, check);
  const content = new LexContent(bots, clock, fail);

  const handler =
    (operation: (scope: Scope, input: StructureValue, context: OperationContext) => JsonObject): OperationHandler =>
    (input, context) => ({ output: operation(scopeOf(context), input, context) });

  const operations: Record<string, OperationHandler> = {
    CreateBot: handler((scope, input) => bots.createBot(scope, input)),
    DescribeBot: handler((scope, input) => bots.describeBot(scope, input)),
    UpdateBot: handler((scope, input) => bots.updateBot(scope, input)),
    DeleteBot: handler((scope, input) => bots.deleteBot(scope, input)),
    ListBots: handler((scope, input) => bots.listBots(scope, input)),
    ListBotLocales: handler((scope, input) => bots.listBotLocales(scope, input)),
    DescribeBotLocale: handler((scope, input) => bots.describeBotLocale(scope, input)),
    BuildBotLocale: handler((scope, input) => bots.buildBotLocale(scope, input)),
    CreateBotLocale: handler((scope, input) => content.createBotLocale(scope, input)),
    UpdateBotLocale: handler((scope, input) => content.updateBotLocale(scope, input)),
    DeleteBotLocale: handler((scope, input) => content.deleteBotLocale(scope, input)),
    CreateIntent: handler((scope, input) => content.createIntent(scope, input)),
    UpdateIntent: handler((scope, input) => content.updateIntent(scope, input)),
    DeleteIntent: handler((scope, input) => content.deleteIntent(scope, input)),
    CreateSlotType: handler((scope, input) => content.createSlotType(scope, input)),
    UpdateSlotType: handler((scope, input) => content.updateSlotType(scope, input)),
    DeleteSlotType: handler((scope, input) => content.deleteSlotType(scope, input)),
    CreateSlot: handler((scope, input) => content.createSlot(scope, input)),
    UpdateSlot: handler((scope, input) => content.updateSlot(scope, input)),
    DeleteSlot: handler((scope, input) => content.deleteSlot(scope, input)),
    ListBuiltInIntents: handler((_scope, input) => content.listBuiltInIntents(input)),
    ListBuiltInSlotTypes: handler((_scope, input) => content.listBuiltInSlotTypes(input)),
    ListIntents: handler((scope, input) => bots.listIntents(scope, input)),
    DescribeIntent: handler((scope, input) => bots.describeIntent(scope, input)),
    ListSlots: handler((scope, input) => bots.listSlots(scope, input)),
    DescribeSlot: handler((scope, input) => bots.describeSlot(scope, input)),
    ListSlotTypes: handler((scope, input) => bots.listSlotTypes(scope, input)),
    DescribeSlotType: handler((scope, input) => bots.describeSlotType(scope, input)),
    CreateBotVersion: handler((scope, input) => bots.createBotVersion(scope, input)),
    DescribeBotVersion: handler((scope, input) => bots.describeBotVersion(scope, input)),
    ListBotVersions: handler((scope, input) => bots.listBotVersions(scope, input)),
    DeleteBotVersion: handler((scope, input) => bots.deleteBotVersion(scope, input)),
    CreateBotAlias: handler((scope, input) => bots.createBotAlias(scope, input)),
    DescribeBotAlias: handler((scope, input) => bots.describeBotAlias(scope, input)),
    UpdateBotAlias: handler((scope, input) => bots.updateBotAlias(scope, input)),
    ListBotAliases: handler((scope, input) => bots.listBotAliases(scope, input)),
    DeleteBotAlias: handler((scope, input) => bots.deleteBotAlias(scope, input)),
    TagResource: handler((scope, input) => bots.tagResource(scope, input)),
    UntagResource: handler((scope, input) => bots.untagResource(scope, input)),
    ListTagsForResource: handler((scope, input) => bots.listTagsForResource(scope, input)),
    CreateResourcePolicy: handler((scope, input) => bots.createResourcePolicy(scope, input)),
    DescribeResourcePolicy: handler((scope, input) => bots.describeResourcePolicy(scope, input)),
    UpdateResourcePolicy: handler((scope, input) => bots.updateResourcePolicy(scope, input)),
    DeleteResourcePolicy: handler((scope, input) => bots.deleteResourcePolicy(scope, input)),
    CreateExport: handler((scope, input) => transfers.createExport(scope, input)),
    DescribeExport: handler((scope, input, context) => transfers.describeExport(scope, input, originOf(context))),
    DeleteExport: handler((scope, input) => transfers.deleteExport(scope, input)),
    CreateUploadUrl: handler((scope, _input, context) => transfers.createUploadUrl(scope, originOf(context))),
    StartImport: handler((scope, input) => transfers.startImport(scope, input)),
    DescribeImport: handler((scope, input) => transfers.describeImport(scope, input)),
  };

  return {
    model,
    protocol: restJsonProtocol,
    errorNamespace: 'com.amazonaws.lexmodelsv2',
    operations,
    validationError: (message) => fail('ValidationException', message),
    requestQuota: LEX_REQUEST_QUOTA,
    throttleErrors: ['ThrottlingException'],
    throttleError: () => fail('ThrottlingException', 'Rate exceeded'),
    internalError: () => fail('InternalServerException', 'An internal error occurred. Try your request again.'),
    adminRoutes: [
      {
        method: 'POST',
        path: 'build-failures',
        handle(body) {
          bots.buildFailures.push(parseBuildFailure(body));
          return { buildFailures: bots.buildFailures };
        },
      },
      { method: 'GET', path: 'build-failures', handle: () => ({ buildFailures: bots.buildFailures }) },
      {
        method: 'DELETE',
        path: 'build-failures',
        handle() {
          bots.buildFailures = [];
          return { buildFailures: [] };
        },
      },
      { method: 'GET', path: 'timings', handle: () => bots.timings },
      {
        method: 'POST',
        path: 'timings',
        handle(body) {
          bots.timings = parseTimings(body, bots.timings);
          return bots.timings;
        },
      },
    ],
    botAliasExists: (account, region, botId, aliasId) => bots.botAliasExists(account, region, botId, aliasId),
    async reset() {
      bots.clear();
    },
    async snapshot() {
      return bots.snapshot();
    },
    async restore(state) {
      bots.restore(state as LexAccountState[]);
    },
    async close() {},
  };
}
