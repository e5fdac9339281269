import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { paginateListBotAliases, paginateListBots } from '@aws-sdk/client-lex-models-v2';
import { awsErrorCode, toAwsOperationError, type AwsClients } from '@edd/core';
import type { ConnectApi } from '../aws/connect-api.js';
import type { InstanceRef } from '../aws/instance.js';
import {
  listLambdaAssociations,
  listLexV2Associations,
  listPhoneNumbers,
  type PhoneNumberSummary,
  type ResourceSummary,
} from '../aws/read.js';
import type { ExternalNames } from '../model/external-names.js';
import { resourceKey } from '../model/source.js';
import { lambdaArn, lexAliasArn, parseLexAliasArn } from '../references/arns.js';
import type { SourceIndex } from '../references/rewrite.js';
import {
  INSTANCE_RESOURCE_TYPES,
  type InstanceResourceType,
  type LambdaRef,
  type LexRef,
  type PhoneNumberRef,
} from '../references/types.js';
import { listInstance, referenceable } from '../export/exporter.js';

/** What the target instance holds, read once per deploy. */
export interface TargetState {
  instance: InstanceRef;
  listing: Map<InstanceResourceType, ResourceSummary[]>;
  byKey: Map<string, ResourceSummary>;
  phones: PhoneNumberSummary[];
  lambdaAssociations: Set<string>;
  lexAssociations: Set<string>;
}

/** `names` (the config's rules for the environment) names what is known by its phone number as exports do. */
export async function readTarget(api: ConnectApi, instance: InstanceRef, names?: ExternalNames): Promise<TargetState> {
  const [listing, phones, lambdas, lex] = await Promise.all([
    listInstance(api, instance, names && ((number) => names.phones.toLogical(number))),
    listPhoneNumbers(api, instance.arn),
    listLambdaAssociations(api, instance.id),
    listLexV2Associations(api, instance.id),
  ]);
  const byKey = new Map<string, ResourceSummary>();
  for (const type of INSTANCE_RESOURCE_TYPES)
    for (const s of listing.get(type) ?? [])
      if (!byKey.has(resourceKey(type, s.name))) byKey.set(resourceKey(type, s.name), s);
  return { instance, listing, byKey, phones, lambdaAssociations: new Set(lambdas), lexAssociations: new Set(lex) };
}

/** The symbolic index of the target itself: how its current resources read in export terms (for the diff). */
export async function targetIndex(
  api: ConnectApi,
  target: TargetState,
  resolver: ExternalResolver,
): Promise<SourceIndex> {
  const names = resolver.names;
  const lexAliases = new Map<string, { bot?: string; name?: string; alias: string }>();
  const botsById = new Map<string, string>();
  for (const arn of target.lexAssociations) {
    const parsed = parseLexAliasArn(arn);
    if (!parsed) continue;
    if (botsById.size === 0) for (const [name, id] of await resolver.bots()) botsById.set(id, name);
    const aliases = await listBotAliases(api, parsed.botId);
    const aliasName = [...aliases.entries()].find(([, id]) => id === parsed.aliasId)?.[0];
    const botName = botsById.get(parsed.botId);
    if (botName && aliasName)
      lexAliases.set(`${parsed.botId}/${parsed.aliasId}`, { ...names.lexExportName(botName), alias: aliasName });
  }
  return {
    instanceId: target.instance.id,
    account: target.instance.scope.account,
    resources: referenceable(target.listing),
    phoneNumbers: new Map(target.phones.map((p) => [p.id, names.phones.toLogical(p.number)])),
    lexAliases,
    lambdaName: (name) => names.lambdaExportName(name),
    valueName: (value) => names.values.nameOf(value),
    ...(resolver.allowLiteral ? { allowLiteral: resolver.allowLiteral } : {}),
  };
}

/** Lex V2 bots of the account by name. */
export async function listBots(api: ConnectApi): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    for await (const page of paginateListBots({ client: api.lex, pageSize: 100 }, {})) {
      for (const b of page.botSummaries ?? []) if (b.botName && b.botId) out.set(b.botName, b.botId);
    }
  } catch (error) {
    throw toAwsOperationError(error, 'ListBots (Lex V2)');
  }
  return out;
}

export async function listBotAliases(api: ConnectApi, botId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    for await (const page of paginateListBotAliases({ client: api.lex, pageSize: 100 }, { botId })) {
      for (const a of page.botAliasSummaries ?? [])
        if (a.botAliasName && a.botAliasId) out.set(a.botAliasName, a.botAliasId);
    }
  } catch (error) {
    throw toAwsOperationError(error, 'ListBotAliases', `bot ${botId}`);
  }
  return out;
}

/** Concrete identities of the Lambda functions, Lex aliases and phone numbers an export refers to. */
export class ExternalResolver {
  private readonly lambdaExists = new Map<string, Promise<boolean>>();
  private readonly lexAliases = new Map<string, Promise<string | undefined>>();
  private botsByName: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly api: ConnectApi,
    private readonly clients: AwsClients,
    readonly target: TargetState,
    readonly names: ExternalNames,
    /** The config's `allowAccountArns`: literal strings that may name an account. */
    readonly allowLiteral?: (value: string) => boolean,
  ) {}

  /** The function's ARN in the target (its real region: what Connect associates; content applies `ref.region`). */
  lambdaArn(ref: LambdaRef): string {
    return lambdaArn(this.target.instance.scope, this.names.lambdaFunction(ref), ref.qualifier);
  }

  /** Whether the function exists in the target account (a missing one fails the deploy before any write). */
  lambdaFound(ref: LambdaRef): Promise<boolean> {
    const name = this.names.lambdaFunction(ref);
    let found = this.lambdaExists.get(name);
    if (!found) {
      found = this.clients
        .get(LambdaClient)
        .send(new GetFunctionCommand({ FunctionName: name }))
        .then(
          () => true,
          (error: unknown) => {
            if (awsErrorCode(error) === 'ResourceNotFoundException') return false;
            throw toAwsOperationError(error, 'GetFunction', `Lambda function ${name}`);
          },
        );
      this.lambdaExists.set(name, found);
    }
    return found;
  }

  /** The alias ARN in the target account, or undefined when the bot or alias does not exist there. */
  lexAliasArn(ref: LexRef): Promise<string | undefined> {
    const botName = this.names.lexBot(ref);
    const key = `${botName}/${ref.alias}`;
    let found = this.lexAliases.get(key);
    if (!found) {
      found = (async () => {
        const botId = (await this.bots()).get(botName);
        if (!botId) return undefined;
        const aliasId = (await listBotAliases(this.api, botId)).get(ref.alias);
        return aliasId ? lexAliasArn(this.target.instance.scope, botId, aliasId) : undefined;
      })();
      this.lexAliases.set(key, found);
    }
    return found;
  }

  /** The account's Lex V2 bots by name, listed once. */
  bots(): Promise<Map<string, string>> {
    this.botsByName ??= listBots(this.api);
    return this.botsByName;
  }

  phone(ref: PhoneNumberRef): PhoneNumberSummary | undefined {
    const number = this.names.phones.toEnvironment(ref.number);
    return number ? this.target.phones.find((p) => p.number === number) : undefined;
  }
}
