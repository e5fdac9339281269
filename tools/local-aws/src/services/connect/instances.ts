import { randomBytes } from 'node:crypto';
import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext } from '../service.js';
import { createDefaultResources } from './defaults.js';
import {
  activeInstance,
  created,
  regionState,
  tagsOf,
  visibleInstance,
  type ConnectEnvironment,
  type ConnectHandlers,
} from './environment.js';
import { conflict, connectError, duplicate, invalidParameter, invalidRequest, notFound } from './errors.js';
import { paginate } from './pagination.js';
import { ConnectInstance, newId } from './store.js';

/** How long Connect takes to create an instance, in AWS time. */
export const INSTANCE_CREATION_MS = 2000;
/**
 * Instances per account and region. AWS's default quota is lower (2, raised on request); this leaves room for test
 * scenarios while still answering ServiceQuotaExceededException past it.
 */
const MAX_INSTANCES = 10;

const ATTRIBUTE_DEFAULTS: Readonly<Record<string, string>> = {
  CONTACTFLOW_LOGS: 'true',
  CONTACT_LENS: 'true',
  AUTO_RESOLVE_BEST_VOICES: 'true',
  USE_CUSTOM_TTS_VOICES: 'false',
  EARLY_MEDIA: 'true',
  MULTI_PARTY_CONFERENCE: 'false',
  HIGH_VOLUME_OUTBOUND: 'false',
  ENHANCED_CONTACT_MONITORING: 'false',
  ENHANCED_CHAT_MONITORING: 'false',
  MULTI_PARTY_CHAT_CONFERENCE: 'false',
  MESSAGE_STREAMING: 'false',
};

const LAMBDA_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(:[A-Za-z0-9$_-]+)?$/;
const LEX_ALIAS_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):lex:([a-z0-9-]+):(\d{12}):bot-alias\/([A-Z0-9]{10})\/([A-Z0-9]{10}|TSTALIASID)$/;

function instanceStatus(env: ConnectEnvironment, instance: ConnectInstance): string {
  return instance.activeAt <= env.clock.now() ? 'ACTIVE' : 'CREATION_IN_PROGRESS';
}

function instanceDescription(env: ConnectEnvironment, instance: ConnectInstance): StructureValue {
  const { details } = instance;
  return {
    Id: instance.id,
    Arn: instance.arn,
    IdentityManagementType: details.identityManagementType,
    InstanceAlias: details.alias,
    CreatedTime: details.createdTime,
    ServiceRole: details.serviceRole,
    InstanceStatus: instanceStatus(env, instance),
    InboundCallsEnabled: instance.attributes.get('INBOUND_CALLS') === 'true',
    OutboundCallsEnabled: instance.attributes.get('OUTBOUND_CALLS') === 'true',
    InstanceAccessUrl: details.alias ? `https://${details.alias}.my.connect.aws/` : undefined,
  };
}

function aliasInUse(env: ConnectEnvironment, alias: string): boolean {
  // Aliases name the instance's web address, so AWS keeps them unique across all accounts and regions.
  const wanted = alias.toLowerCase();
  return env.store
    .allRegions()
    .some((region) =>
      [...region.instances.values()].some((instance) => instance.details.alias?.toLowerCase() === wanted),
    );
}

function createInstance(env: ConnectEnvironment, input: StructureValue, context: OperationContext) {
  const state = regionState(env, context);
  const alias = input.InstanceAlias as string | undefined;
  const identityManagementType = input.IdentityManagementType as string;
  if (identityManagementType === 'EXISTING_DIRECTORY' && !input.DirectoryId) {
    throw invalidRequest('DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY.');
  }
  if (identityManagementType !== 'EXISTING_DIRECTORY' && !alias) {
    throw invalidRequest(`InstanceAlias is required when IdentityManagementType is ${identityManagementType}.`);
  }
  if (alias && aliasInUse(env, alias)) throw duplicate(`The instance alias ${alias} is already in use.`);
  if (state.instances.size >= MAX_INSTANCES) {
    throw connectError(
      'ServiceQuotaExceededException',
      `The account has reached the limit of ${MAX_INSTANCES} Amazon Connect instances in ${context.region}.`,
    );
  }
  const id = newId();
  const { visibleAt } = created(env, context);
  const instance = new ConnectInstance(
    id,
    `${state.arnPrefix}:instance/${id}`,
    {
      alias,
      identityManagementType,
      directoryId: input.DirectoryId as string | undefined,
      createdTime: new Date(),
      serviceRole:
        `arn:${state.partition}:iam::${context.account}:role/aws-service-role/connect.amazonaws.com/` +
        `AWSServiceRoleForAmazonConnect_${randomBytes(10).toString('hex').toUpperCase()}`,
      tags: tagsOf(input),
    },
    Math.max(env.clock.after(INSTANCE_CREATION_MS), visibleAt),
    visibleAt,
    env.clock,
  );
  instance.attributes.set('INBOUND_CALLS', String(input.InboundCallsEnabled));
  instance.attributes.set('OUTBOUND_CALLS', String(input.OutboundCallsEnabled));
  for (const [type, value] of Object.entries(ATTRIBUTE_DEFAULTS)) instance.attributes.set(type, value);
  createDefaultResources(instance, context.region);
  state.instances.set(id, instance);
  return { output: { Id: id, Arn: instance.arn } };
}

function functionArn(operation: string, value: string): RegExpExecArray {
  const match = LAMBDA_ARN.exec(value);
  if (!match) throw invalidParameter(`${operation}: ${value} is not a Lambda function ARN`);
  return match;
}

function lexAliasArn(value: string): RegExpExecArray {
  const match = LEX_ALIAS_ARN.exec(value);
  if (!match) throw invalidRequest(`LexV2Bot.AliasArn ${value} is not a Lex V2 bot alias ARN`);
  return match;
}

interface LexBotInput {
  LexBot?: { Name: string; LexRegion: string };
  LexV2Bot?: { AliasArn?: string };
}

function botIndex(instance: ConnectInstance, input: LexBotInput): number {
  const { LexBot, LexV2Bot } = input;
  return instance.lexBots.findIndex((bot) =>
    LexV2Bot?.AliasArn
      ? bot.v2AliasArn === LexV2Bot.AliasArn
      : bot.v1?.Name === LexBot?.Name && bot.v1?.LexRegion === LexBot?.LexRegion,
  );
}

function requireOneBot(input: LexBotInput): void {
  if ((input.LexBot ? 1 : 0) + (input.LexV2Bot?.AliasArn ? 1 : 0) !== 1) {
    throw invalidRequest('Exactly one of LexBot and LexV2Bot.AliasArn must be given.');
  }
}

export function instanceOperations(env: ConnectEnvironment): ConnectHandlers {
  return {
    CreateInstance: (input, context) => createInstance(env, input, context),

    DescribeInstance: (input, context) => {
      const instance = visibleInstance(env, context, input.InstanceId);
      return { output: { Instance: { ...instanceDescription(env, instance), Tags: { ...instance.details.tags } } } };
    },

    ListInstances: (input, context) => {
      const now = env.clock.now();
      const instances = [...regionState(env, context).instances.values()].filter(
        (instance) => instance.visibleAt <= now,
      );
      const page = paginate('ListInstances', instances, input, '');
      return {
        output: {
          InstanceSummaryList: page.items.map((instance) => instanceDescription(env, instance)),
          NextToken: page.nextToken,
        },
      };
    },

    DeleteInstance: (input, context) => {
      const state = regionState(env, context);
      const instance = visibleInstance(env, context, input.InstanceId);
      state.instances.delete(instance.id);
      env.generic.dropScope(context.account, context.region, 'InstanceId', instance.id);
      for (const [id, number] of state.phoneNumbers)
        if (number.instanceId === instance.id) state.phoneNumbers.delete(id);
      return { output: {} };
    },

    DescribeInstanceAttribute: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const type = input.AttributeType as string;
      return { output: { Attribute: { AttributeType: type, Value: instance.attributes.get(type) } } };
    },

    UpdateInstanceAttribute: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const value = input.Value as string;
      if (value !== 'true' && value !== 'false') {
        throw invalidParameter(`Value must be true or false for attribute ${String(input.AttributeType)}`);
      }
      instance.attributes.set(input.AttributeType as string, value);
      return { output: {} };
    },

    ListInstanceAttributes: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const attributes = [...instance.attributes].map(([AttributeType, Value]) => ({ AttributeType, Value }));
      const page = paginate('ListInstanceAttributes', attributes, input, instance.id);
      return { output: { Attributes: page.items, NextToken: page.nextToken } };
    },

    ListApprovedOrigins: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListApprovedOrigins', instance.approvedOrigins, input, instance.id);
      return { output: { Origins: page.items, NextToken: page.nextToken } };
    },

    AssociateApprovedOrigin: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const origin = input.Origin as string;
      if (instance.approvedOrigins.includes(origin)) throw conflict(`Origin ${origin} is already approved.`);
      instance.approvedOrigins.push(origin);
      return { output: {} };
    },

    DisassociateApprovedOrigin: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const index = instance.approvedOrigins.indexOf(input.Origin as string);
      if (index < 0) throw notFound(`Origin ${String(input.Origin)} is not approved for this instance.`);
      instance.approvedOrigins.splice(index, 1);
      return { output: {} };
    },

    ListLambdaFunctions: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListLambdaFunctions', instance.lambdaFunctions, input, instance.id);
      return { output: { LambdaFunctions: page.items, NextToken: page.nextToken } };
    },

    AssociateLambdaFunction: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const arn = input.FunctionArn as string;
      const [, , region = '', account = '', name = ''] = functionArn('FunctionArn', arn);
      if (region !== context.region) {
        throw invalidParameter(`The Lambda function ${arn} must be in the instance's region ${context.region}.`);
      }
      if (!env.lambdaFunctionExists(account, region, name)) throw notFound(`Function not found: ${arn}`);
      if (instance.lambdaFunctions.includes(arn)) {
        throw conflict(`The Lambda function ${arn} is already associated with the instance.`);
      }
      instance.lambdaFunctions.push(arn);
      return { output: {} };
    },

    DisassociateLambdaFunction: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const index = instance.lambdaFunctions.indexOf(input.FunctionArn as string);
      if (index < 0)
        throw notFound(`The Lambda function ${String(input.FunctionArn)} is not associated with the instance.`);
      instance.lambdaFunctions.splice(index, 1);
      return { output: {} };
    },

    ListBots: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const v2 = input.LexVersion === 'V2';
      const bots = instance.lexBots
        .filter((bot) => (v2 ? bot.v2AliasArn !== undefined : bot.v1 !== undefined))
        .map((bot) => (v2 ? { LexV2Bot: { AliasArn: bot.v2AliasArn } } : { LexBot: bot.v1 }));
      const page = paginate('ListBots', bots, input, `${instance.id}/${String(input.LexVersion)}`);
      return { output: { LexBots: page.items, NextToken: page.nextToken } };
    },

    AssociateBot: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const bot = input as LexBotInput;
      requireOneBot(bot);
      const aliasArn = bot.LexV2Bot?.AliasArn;
      if (aliasArn) {
        const [, , region = '', account = '', botId = '', aliasId = ''] = lexAliasArn(aliasArn);
        if (!env.lexBotAliasExists(account, region, botId, aliasId)) throw notFound(`Bot alias not found: ${aliasArn}`);
      }
      if (botIndex(instance, bot) >= 0) throw conflict('The bot is already associated with the instance.');
      instance.lexBots.push(
        aliasArn ? { v2AliasArn: aliasArn } : { v1: { ...(bot.LexBot as { Name: string; LexRegion: string }) } },
      );
      return { output: {} };
    },

    DisassociateBot: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const bot = input as LexBotInput;
      requireOneBot(bot);
      const index = botIndex(instance, bot);
      if (index < 0) throw notFound('The bot is not associated with the instance.');
      instance.lexBots.splice(index, 1);
      return { output: {} };
    },

    ListIntegrationAssociations: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const associations = instance.integrations
        .list()
        .filter(
          (association) => input.IntegrationType === undefined || association.integrationType === input.IntegrationType,
        )
        .filter(
          (association) => input.IntegrationArn === undefined || association.integrationArn === input.IntegrationArn,
        );
      const page = paginate(
        'ListIntegrationAssociations',
        associations,
        input,
        `${instance.id}/${String(input.IntegrationType)}/${String(input.IntegrationArn)}`,
      );
      return {
        output: {
          IntegrationAssociationSummaryList: page.items.map((association) => ({
            IntegrationAssociationId: association.id,
            IntegrationAssociationArn: association.arn,
            InstanceId: instance.id,
            IntegrationType: association.integrationType,
            IntegrationArn: association.integrationArn,
            SourceApplicationUrl: association.sourceApplicationUrl,
            SourceApplicationName: association.sourceApplicationName,
            SourceType: association.sourceType,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    CreateIntegrationAssociation: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const integrationArn = input.IntegrationArn as string;
      if (instance.integrations.all().some((association) => association.integrationArn === integrationArn)) {
        throw duplicate(`The integration ${integrationArn} is already associated with the instance.`);
      }
      const id = newId();
      const association = instance.integrations.add({
        id,
        arn: instance.resourceArn('integration', id),
        name: integrationArn,
        tags: tagsOf(input),
        ...created(env, context),
        integrationType: input.IntegrationType as string,
        integrationArn,
        sourceApplicationUrl: input.SourceApplicationUrl as string | undefined,
        sourceApplicationName: input.SourceApplicationName as string | undefined,
        sourceType: input.SourceType as string | undefined,
      });
      return { output: { IntegrationAssociationId: id, IntegrationAssociationArn: association.arn } };
    },

    // Its use cases (kept by the generic engine under the association) go with it.
    DeleteIntegrationAssociation: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const association = instance.integrations.get(input.IntegrationAssociationId as string);
      instance.integrations.delete(association.id);
      env.generic.dropScope(context.account, context.region, 'IntegrationAssociationId', association.id);
      return { output: {} };
    },
  };
}
