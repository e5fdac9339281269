// Library entry: the same engine the executable runs, for application repositories and other steps.
export { ConnectBots, type ConnectInstance } from './aws/connect.js';
export { LambdaPermissions } from './aws/lambda.js';
export {
  LexApi,
  MAX_CONCURRENT_BUILDS,
  type AliasSummary,
  type BotSummary,
  type ImportSettings,
  type LocaleBuild,
  type VersionSummary,
  type WaitSettings,
} from './aws/lex.js';
export { aliasDifferences, desiredAlias, type AliasLocaleSettings, type AliasSettings } from './deploy/alias.js';
export { botChanges, type BotChange, type BotChangeKind, type BotChanges } from './export/changes.js';
export { applyDeploy, type DeployResult } from './deploy/apply.js';
export { LEX_PRINCIPAL, policyAllows, statementIdFor } from './deploy/permission.js';
export {
  NEW_VERSION,
  isNoop,
  planDeploy,
  plannedPrune,
  printPlan,
  versionWithContent,
  type DeployPlan,
  type DeployRequest,
  type DeployServices,
} from './deploy/plan.js';
export {
  DEFAULT_ALIAS,
  DEFAULT_KEEP_VERSIONS,
  DEFAULT_ROLE,
  prepareDeploy,
  type PrepareOptions,
  type PreparedDeploy,
} from './deploy/prepare.js';
export { MAX_VERSIONS_PER_BOT, versionsToPrune } from './deploy/prune.js';
export { exportBot, type ExportOptions, type ExportResult } from './export/exporter.js';
export {
  placeOf,
  readBotSource,
  validateBotSource,
  type BotSource,
  type DocumentKind,
  type DocumentPlace,
} from './model/bot-source.js';
export { CONFIG_FILE, configSchema, readConfig, type LexDeployConfig } from './model/config.js';
export { CONTENT_TAG, VERSION_TAG, contentHash, hashOfDescription, versionDescription } from './model/content-hash.js';
export {
  botAliasArn,
  botArn,
  botNameIn,
  exportName,
  functionRef,
  partitionOf,
  roleArn,
  type FunctionRef,
  type Place,
} from './model/names.js';
export { canonicalDocument, neutralBot, targetBot, type NeutralBot, type TargetBot } from './model/normalize.js';
export { EnvironmentRules, type RuleEnvironment } from './model/rules.js';
export {
  MANIFEST,
  readFolder,
  readSourceTree,
  replaceFolder,
  rootAtManifest,
  unzipTree,
  zipTree,
  type FileTree,
} from './model/tree.js';
export { definition } from './cli.js';
