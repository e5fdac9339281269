import { randomInt } from 'node:crypto';
import type { AwsError } from '../../errors.js';
import type { BotFiles, JsonObject } from './lex-json.js';

// What Lex V2 keeps per account and region, and the small helpers every part of the service shares.

/** Builds a modeled Lex error (status from the model): `ResourceNotFoundException`, `ConflictException`, ... */
export type LexErrorFactory = (code: string, message: string) => AwsError;

/** Where a call acts. */
export interface Scope {
  account: string;
  region: string;
}

export type BuildStatus = 'Creating' | 'NotBuilt' | 'Building' | 'Built' | 'Failed';

export interface BuildState {
  status: BuildStatus;
  failureReasons: string[];
  submittedAt?: Date;
  /** When a locale being created or built is ready, on the emulator clock, and what it turns into then. */
  readyAt?: number;
  outcome?: { status: 'NotBuilt' | 'Built' | 'Failed'; failureReasons: string[] };
}

/**
 * Files of an archive that Lex keeps without the emulator modelling them (the visual builder's
 * `ConversationFlow.json`, a locale's custom vocabulary), by their path under the folder of what holds them, as read.
 */
export type ExtraFiles = Record<string, Uint8Array>;

/** An intent, slot or slot type: its LexJson file (`name` and `identifier` as last written) and its id. */
export interface ContentRecord {
  id: string;
  file: JsonObject;
  created: Date;
  updated: Date;
  extras?: ExtraFiles;
}

export interface IntentRecord extends ContentRecord {
  slots: ContentRecord[];
}

export interface LocaleRecord {
  localeId: string;
  /** BotLocale.json. */
  file: JsonObject;
  intents: IntentRecord[];
  slotTypes: ContentRecord[];
  created: Date;
  updated: Date;
  build: BuildState;
  extras?: ExtraFiles;
}

/** The settings of a bot that a version freezes along with its locales. */
export interface BotSettings {
  botName: string;
  description?: string;
  roleArn: string;
  dataPrivacy: JsonObject;
  idleSessionTTLInSeconds: number;
  botType?: string;
  errorLogSettings?: JsonObject;
}

export interface VersionRecord {
  version: string;
  description?: string;
  settings: BotSettings;
  locales: LocaleRecord[];
  created: Date;
  /** When `Versioning` turns `Available`. */
  readyAt: number;
  /** What the version was made of, to hand back the same version for an unchanged DRAFT. */
  fingerprint: string;
  /** Files of the bot's folder outside its locales that the emulator does not model. */
  extras?: ExtraFiles;
}

export interface AliasHistoryEvent {
  botVersion: string;
  startDate: Date;
  endDate?: Date;
}

export interface AliasRecord {
  id: string;
  name: string;
  description?: string;
  botVersion?: string;
  localeSettings?: JsonObject;
  conversationLogSettings?: JsonObject;
  sentimentAnalysisSettings?: JsonObject;
  created: Date;
  updated: Date;
  /** When `Creating` turns `Available`. */
  readyAt: number;
  history: AliasHistoryEvent[];
}

export interface BotRecord {
  id: string;
  settings: BotSettings;
  created: Date;
  updated: Date;
  /** When `Creating` turns `Available`. */
  readyAt: number;
  draft: LocaleRecord[];
  versions: Map<string, VersionRecord>;
  /** Version numbers are never reused, even after a delete. */
  nextVersion: number;
  aliases: Map<string, AliasRecord>;
  /** While an import is writing the bot. */
  importing: boolean;
  /** DRAFT's files outside its locales that the emulator does not model. */
  extras?: ExtraFiles;
}

export interface ExportRecord {
  id: string;
  botId: string;
  botVersion: string;
  fileFormat: string;
  created: Date;
  readyAt: number;
  /** Where the archive waits in Lex's bucket once the export completes. */
  objectKey: string;
}

/** An uploaded archive as an import read it when it started: its files and locales, or what is wrong with it. */
export interface ParsedImport {
  files?: BotFiles;
  locales: LocaleRecord[];
  reasons: string[];
}

export interface ImportRecord {
  id: string;
  specification: JsonObject;
  mergeStrategy: string;
  created: Date;
  readyAt: number;
  status: 'InProgress' | 'Completed' | 'Failed';
  failureReasons: string[];
  botId?: string;
  botName: string;
  /**
   * What the import applies when it completes, kept as data rather than as a deferred call so that an import still
   * in progress survives a restart; cleared once applied, since it runs at most once.
   */
  pending?: ParsedImport;
}

/** Everything Lex holds for one account in one region. */
export interface LexAccount {
  bots: Map<string, BotRecord>;
  tags: Map<string, Record<string, string>>;
  policies: Map<string, { policy: string; revision: number }>;
  exports: Map<string, ExportRecord>;
  imports: Map<string, ImportRecord>;
  /** Upload URLs handed out by CreateUploadUrl, by import id, until an import consumes them. */
  uploads: Map<string, { created: Date }>;
}

export function newAccount(): LexAccount {
  return {
    bots: new Map(),
    tags: new Map(),
    policies: new Map(),
    exports: new Map(),
    imports: new Map(),
    uploads: new Map(),
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Lex's ids: ten upper-case letters and digits. */
export function newId(): string {
  return Array.from({ length: 10 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function botArn(scope: Scope, botId: string): string {
  return `arn:${partition(scope.region)}:lex:${scope.region}:${scope.account}:bot/${botId}`;
}

export function aliasArn(scope: Scope, botId: string, aliasId: string): string {
  return `arn:${partition(scope.region)}:lex:${scope.region}:${scope.account}:bot-alias/${botId}/${aliasId}`;
}

/** What a Lex resource ARN names, when it is a bot or a bot alias. */
export function parseLexArn(arn: string): (Scope & { botId: string; aliasId?: string }) | undefined {
  const match =
    /^arn:aws[a-z-]*:lex:([a-z0-9-]+):(\d{12}):(bot|bot-alias)\/([0-9A-Za-z]{10})(?:\/([0-9A-Za-z]{10}))?$/.exec(arn);
  if (!match) return undefined;
  const [, region = '', account = '', kind, botId = '', aliasId] = match;
  if ((kind === 'bot-alias') !== (aliasId !== undefined)) return undefined;
  return { region, account, botId, aliasId };
}

/** A name filter of the List operations: `EQ` matches exactly, `CO` contains (ignoring case), `NE` differs. */
export function matchesFilter(value: string, operator: string, wanted: string): boolean {
  if (operator === 'EQ') return value === wanted;
  if (operator === 'NE') return value !== wanted;
  return value.toLowerCase().includes(wanted.toLowerCase());
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Lex's pages: `maxResults` (10 unless given) items, and an opaque token for the rest. */
export function paginate<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  fail: LexErrorFactory,
): Page<T> {
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!decoded) throw fail('ValidationException', 'The nextToken is not valid.');
    offset = Number(decoded[1]);
  }
  const size = maxResults ?? 10;
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(`offset:${end}`, 'utf8').toString('base64') : undefined,
  };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
