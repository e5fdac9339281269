// The library: the verbs of the executable as functions, and the formats an application repository reads and writes.
export {
  deployBot,
  exportBot,
  planBot,
  validateBot,
  type BotPlan,
  type BotSourceOptions,
  type DeployBotOptions,
  type DeployBotResult,
  type ExportBotOptions,
  type ExportBotResult,
  type LexAccess,
  type LexTarget,
  type PlanBotOptions,
  type ValidateBotOptions,
  type ValidateBotResult,
} from './api.js';
export { botChanges, type BotChange, type BotChangeKind, type BotChanges } from './export/changes.js';
export type { DeployResult } from './deploy/apply.js';
export type { LocaleBuild } from './aws/lex.js';
export { CONFIG_FILE, configSchema, type LexDeployConfig } from './model/config.js';
export { CONTENT_TAG, VERSION_TAG } from './model/content-hash.js';
export {
  PlanBlockedError,
  ValidationError,
  type FieldChange,
  type PlanDocument,
  type PlannedResource,
  type Problem,
} from '@edd/core';
export { definition } from './cli.js';
