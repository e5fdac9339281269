import * as connect from '@aws-sdk/client-connect';
import type { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { ListBotAliasesCommand, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';

/**
 * One builder of contact centers for tests, benchmarks and the sample application: a contact center is described as
 * data (what people build in the consoles), with references between its parts by name, and built through the real
 * Connect API in an order that resolves any reference, cycles included: flows and modules start as stubs, everything
 * else is created, then the flows get their content.
 */

/** Where a built part's id or ARN goes: `arn('queue', 'EDD Billing')` inside a flow's parameters. */
export interface BuildRef {
  $build: 'arn' | 'id';
  type: PartType;
  name: string;
  /** Appended as `:<qualifier>`: `$LATEST`, `$SAVED`, a version. */
  qualifier?: string;
}

export type PartType =
  | 'hours'
  | 'prompt'
  | 'flow'
  | 'module'
  | 'queue'
  | 'quick-connect'
  | 'routing-profile'
  | 'user'
  | 'security-profile'
  | 'hierarchy-group'
  | 'predefined-attribute'
  | 'phone'
  | 'lambda'
  | 'lex'
  | 'view'
  | 'vocabulary'
  | 'task-template'
  | 'evaluation-form'
  | 'rule';

export const arn = (type: PartType, name: string, qualifier?: string): BuildRef => ({
  $build: 'arn',
  type,
  name,
  ...(qualifier ? { qualifier } : {}),
});
export const id = (type: PartType, name: string): BuildRef => ({ $build: 'id', type, name });
/** A Lambda function of the account, by name (seeded and associated with the instance by `lambdas`). */
export const lambda = (name: string): BuildRef => arn('lambda', name);
/** A Lex V2 alias, `<bot>/<alias>` (associated with the instance by `lexAliases`). */
export const lexAlias = (bot: string, alias: string): BuildRef => arn('lex', `${bot}/${alias}`);

export type Action = Record<string, unknown>;

export interface FlowSpec {
  Name: string;
  Type: string;
  Description?: string;
  Status?: 'PUBLISHED' | 'SAVED';
  Tags?: Record<string, string>;
  actions: Action[];
  /** `Metadata.ActionMetadata` of the designer, by action identifier. */
  metadata?: Record<string, unknown>;
}

export interface ModuleSpec {
  Name: string;
  Description?: string;
  actions: Action[];
  metadata?: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

export interface ContactCenterSpec {
  /** Lambda functions seeded in the account and associated with the instance. */
  lambdas?: string[];
  /** Lex V2 aliases (`{ bot, alias }`, the bot existing already) associated with the instance. */
  lexAliases?: { bot: string; alias: string }[];
  hours?: {
    Name: string;
    Description?: string;
    TimeZone: string;
    Config: connect.HoursOfOperationConfig[];
    Tags?: Record<string, string>;
  }[];
  /** Prompts with their audio, uploaded to `bucket` first. */
  prompts?: { Name: string; Description?: string; audio: Buffer; Tags?: Record<string, string> }[];
  flows?: FlowSpec[];
  modules?: ModuleSpec[];
  queues?: {
    Name: string;
    Description?: string;
    hours: string;
    MaxContacts?: number;
    OutboundCallerConfig?: Record<string, unknown>;
    /** Quick connects (by name) associated with the queue. */
    quickConnects?: string[];
    Tags?: Record<string, string>;
  }[];
  routingProfiles?: {
    Name: string;
    Description: string;
    defaultOutboundQueue: string;
    MediaConcurrencies: connect.MediaConcurrency[];
    queues?: { queue: string; channel?: 'VOICE' | 'CHAT' | 'TASK'; priority: number; delay: number }[];
  }[];
  /** The user hierarchy's level names, top level first. */
  hierarchyLevels?: string[];
  /** Hierarchy groups by path (names from the top level, `/` between them), parents before their children. */
  hierarchyGroups?: { path: string; Tags?: Record<string, string> }[];
  /** Security profiles beside the stock ones; `allowedHierarchyGroup` is a group's path. */
  securityProfiles?: {
    SecurityProfileName: string;
    Description?: string;
    Permissions?: string[];
    AllowedAccessControlTags?: Record<string, string>;
    TagRestrictedResources?: string[];
    HierarchyRestrictedResources?: string[];
    Applications?: connect.Application[];
    allowedHierarchyGroup?: string;
    Tags?: Record<string, string>;
  }[];
  predefinedAttributes?: { Name: string; values: string[] }[];
  users?: {
    Username: string;
    securityProfiles: string[];
    routingProfile: string;
    /** A group's path. */
    hierarchyGroup?: string;
    proficiencies?: connect.UserProficiency[];
    IdentityInfo?: connect.UserIdentityInfo;
    PhoneConfig?: connect.UserPhoneConfig;
    Tags?: Record<string, string>;
  }[];
  quickConnects?: { Name: string; Description?: string; QuickConnectConfig: Record<string, unknown> }[];
  /** Overrides of hours of operation (holidays), each in the hours named `hours`. */
  hoursOverrides?: ({ hours: string } & Omit<
    connect.CreateHoursOfOperationOverrideRequest,
    'InstanceId' | 'HoursOfOperationId'
  >)[];
  /** The flow a claimed number (E.164) answers with. */
  phoneFlows?: { number: string; flow: string }[];
  /**
   * Integrations other than Lambda and Lex (a Cases domain, an Amazon Q assistant), each naming a resource of the
   * target's own account: `arn:aws:<service>:<region>:<account>:<resource>`.
   */
  integrations?: ({ service: string; resource: string } & Omit<
    connect.CreateIntegrationAssociationRequest,
    'InstanceId' | 'IntegrationArn'
  >)[];
  /** Settings of the instance's default authentication profile. */
  authenticationProfile?: Omit<connect.UpdateAuthenticationProfileRequest, 'InstanceId' | 'AuthenticationProfileId'>;
  /** Custom views; `Template` as an object (sent as its JSON text); `versions` made after it is created. */
  views?: {
    Name: string;
    Description?: string;
    Status?: 'PUBLISHED' | 'SAVED';
    Template: Record<string, unknown>;
    Actions?: string[];
    versions?: number;
    Tags?: Record<string, string>;
  }[];
  /** Custom vocabularies, waited for until ACTIVE; `isDefault` makes one its language's default. */
  vocabularies?: {
    Name: string;
    LanguageCode: string;
    Content: string;
    isDefault?: boolean;
    Tags?: Record<string, string>;
  }[];
  /** Task templates: `CreateTaskTemplate`'s members (flows by BuildRef), created once the flows exist as stubs. */
  taskTemplates?: ({ Name: string } & Record<string, unknown>)[];
  /** Evaluation forms: `CreateEvaluationForm`'s members; `activate` activates the first version. */
  evaluationForms?: ({ Title: string; Items: unknown[]; activate?: boolean } & Record<string, unknown>)[];
  /** Rules: `CreateRule`'s members, `Function` as an object (sent as its JSON text). */
  rules?: ({ Name: string; Function: Record<string, unknown> } & Record<string, unknown>)[];
}

export interface BuildTarget {
  connect: connect.ConnectClient;
  lex?: LexModelsV2Client;
  s3?: S3Client;
  instanceId: string;
  account: string;
  region: string;
  /** local-aws's address, for seeding Lambda functions. */
  localAwsUrl?: string;
  /** Bucket prompts are uploaded to (created when missing); default `edd-connect-prompts-<account>`. */
  bucket?: string;
}

export interface BuiltPart {
  id: string;
  arn: string;
}

type Built = Map<string, BuiltPart>;
const key = (type: PartType, name: string) => `${type}\u0000${name}`;

function isRef(value: unknown): value is BuildRef {
  return value !== null && typeof value === 'object' && '$build' in value;
}

/** `value` with every BuildRef replaced by the built part's id or ARN. */
export function resolveRefs<T>(value: T, built: Built): T {
  const walk = (v: unknown): unknown => {
    if (isRef(v)) {
      const part = built.get(key(v.type, v.name));
      if (!part) throw new Error(`the contact center has no ${v.type} named "${v.name}"`);
      const value = v.$build === 'arn' ? part.arn : part.id;
      return v.qualifier ? `${value}:${v.qualifier}` : value;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

function flowContent(actions: Action[], metadata: Record<string, unknown> = {}, settings?: unknown): string {
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: actions[0]!.Identifier,
    Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: metadata },
    Actions: actions,
    ...(settings ? { Settings: settings } : {}),
  });
}

const STUB_FLOW = [{ Identifier: 'stub', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }];
const STUB_MODULE = [{ Identifier: 'stub', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} }];

/** Builds the contact center described by `spec` in the target instance; returns every part by type and name. */
export async function buildContactCenter(target: BuildTarget, spec: ContactCenterSpec): Promise<Built> {
  const { instanceId: InstanceId } = target;
  const send = <O>(command: unknown) => target.connect.send(command as never) as Promise<O>;
  const built: Built = new Map();
  const remember = (type: PartType, name: string, part: BuiltPart) => built.set(key(type, name), part);

  for (const name of spec.lambdas ?? []) {
    if (target.localAwsUrl)
      await fetch(`${target.localAwsUrl}/_local/lambda/functions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account: target.account, region: target.region, name }),
      });
    const functionArn = `arn:aws:lambda:${target.region}:${target.account}:function:${name}`;
    await send(new connect.AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: functionArn }));
    remember('lambda', name, { id: name, arn: functionArn });
  }
  for (const { bot, alias } of spec.lexAliases ?? []) {
    if (!target.lex) throw new Error('lexAliases need a Lex client');
    const botId = (await target.lex.send(new ListBotsCommand({}))).botSummaries?.find((b) => b.botName === bot)?.botId;
    if (!botId) throw new Error(`no Lex bot ${bot}`);
    const aliases = await target.lex.send(new ListBotAliasesCommand({ botId }));
    const aliasId = aliases.botAliasSummaries?.find((a) => a.botAliasName === alias)?.botAliasId;
    if (!aliasId) throw new Error(`Lex bot ${bot} has no alias ${alias}`);
    const aliasArn = `arn:aws:lex:${target.region}:${target.account}:bot-alias/${botId}/${aliasId}`;
    await send(new connect.AssociateBotCommand({ InstanceId, LexV2Bot: { AliasArn: aliasArn } }));
    remember('lex', `${bot}/${alias}`, { id: aliasId, arn: aliasArn });
  }

  // What a new instance already has and a spec may name: security profiles, routing profiles, claimed numbers.
  for (const p of (
    await send<connect.ListSecurityProfilesCommandOutput>(new connect.ListSecurityProfilesCommand({ InstanceId }))
  ).SecurityProfileSummaryList ?? [])
    remember('security-profile', p.Name!, { id: p.Id!, arn: p.Arn! });
  for (const p of (
    await send<connect.ListRoutingProfilesCommandOutput>(new connect.ListRoutingProfilesCommand({ InstanceId }))
  ).RoutingProfileSummaryList ?? [])
    remember('routing-profile', p.Name!, { id: p.Id!, arn: p.Arn! });
  const instance = await send<connect.DescribeInstanceCommandOutput>(
    new connect.DescribeInstanceCommand({ InstanceId }),
  );
  for (const n of (
    await send<connect.ListPhoneNumbersV2CommandOutput>(
      new connect.ListPhoneNumbersV2Command({ TargetArn: instance.Instance!.Arn! }),
    )
  ).ListPhoneNumbersSummaryList ?? [])
    remember('phone', n.PhoneNumber!, { id: n.PhoneNumberId!, arn: n.PhoneNumberArn! });

  if (spec.hierarchyLevels?.length) {
    const levels = ['LevelOne', 'LevelTwo', 'LevelThree', 'LevelFour', 'LevelFive'];
    await send(
      new connect.UpdateUserHierarchyStructureCommand({
        InstanceId,
        HierarchyStructure: Object.fromEntries(spec.hierarchyLevels.map((Name, i) => [levels[i]!, { Name }])),
      }),
    );
  }
  for (const g of spec.hierarchyGroups ?? []) {
    const names = g.path.split('/');
    const parent = names.length > 1 ? built.get(key('hierarchy-group', names.slice(0, -1).join('/'))) : undefined;
    if (names.length > 1 && !parent) throw new Error(`hierarchy group ${g.path} comes before its parent`);
    const out = await send<connect.CreateUserHierarchyGroupCommandOutput>(
      new connect.CreateUserHierarchyGroupCommand({
        InstanceId,
        Name: names.at(-1)!,
        ParentGroupId: parent?.id,
        Tags: g.Tags,
      }),
    );
    remember('hierarchy-group', g.path, { id: out.HierarchyGroupId!, arn: out.HierarchyGroupArn! });
  }
  for (const a of spec.predefinedAttributes ?? []) {
    await send(
      new connect.CreatePredefinedAttributeCommand({ InstanceId, Name: a.Name, Values: { StringList: a.values } }),
    );
    remember('predefined-attribute', a.Name, { id: a.Name, arn: '' });
  }
  for (const { allowedHierarchyGroup, ...p } of spec.securityProfiles ?? []) {
    const out = await send<connect.CreateSecurityProfileCommandOutput>(
      new connect.CreateSecurityProfileCommand({
        InstanceId,
        ...p,
        ...(allowedHierarchyGroup
          ? { AllowedAccessControlHierarchyGroupId: built.get(key('hierarchy-group', allowedHierarchyGroup))!.id }
          : {}),
      }),
    );
    remember('security-profile', p.SecurityProfileName, { id: out.SecurityProfileId!, arn: out.SecurityProfileArn! });
  }
  for (const h of spec.hours ?? []) {
    const out = await send<connect.CreateHoursOfOperationCommandOutput>(
      new connect.CreateHoursOfOperationCommand({ InstanceId, ...h }),
    );
    remember('hours', h.Name, { id: out.HoursOfOperationId!, arn: out.HoursOfOperationArn! });
  }
  if (spec.hoursOverrides?.length) {
    for (const h of (
      await send<connect.ListHoursOfOperationsCommandOutput>(new connect.ListHoursOfOperationsCommand({ InstanceId }))
    ).HoursOfOperationSummaryList ?? [])
      if (!built.has(key('hours', h.Name!))) remember('hours', h.Name!, { id: h.Id!, arn: h.Arn! });
  }
  for (const { hours, ...override } of spec.hoursOverrides ?? []) {
    const parent = built.get(key('hours', hours));
    if (!parent) throw new Error(`the contact center has no hours of operation named "${hours}"`);
    await send(
      new connect.CreateHoursOfOperationOverrideCommand({ InstanceId, HoursOfOperationId: parent.id, ...override }),
    );
  }
  for (const { service, resource, ...integration } of spec.integrations ?? []) {
    await send(
      new connect.CreateIntegrationAssociationCommand({
        InstanceId,
        IntegrationArn: `arn:aws:${service}:${target.region}:${target.account}:${resource}`,
        ...integration,
      }),
    );
  }
  if (spec.authenticationProfile) {
    const profiles = await send<connect.ListAuthenticationProfilesCommandOutput>(
      new connect.ListAuthenticationProfilesCommand({ InstanceId }),
    );
    const profile = profiles.AuthenticationProfileSummaryList?.find((p) => p.IsDefault);
    if (!profile) throw new Error('the instance has no default authentication profile');
    await send(
      new connect.UpdateAuthenticationProfileCommand({
        InstanceId,
        AuthenticationProfileId: profile.Id!,
        ...spec.authenticationProfile,
      }),
    );
  }
  if (spec.prompts?.length) {
    if (!target.s3) throw new Error('prompts need an S3 client');
    const bucket = target.bucket ?? `edd-connect-prompts-${target.account}`;
    await target.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
      if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(error.name ?? '')) throw error;
    });
    for (const [i, p] of spec.prompts.entries()) {
      const objectKey = `seed/${i}-${encodeURIComponent(p.Name)}.wav`;
      await target.s3.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: p.audio }));
      const out = await send<connect.CreatePromptCommandOutput>(
        new connect.CreatePromptCommand({
          InstanceId,
          Name: p.Name,
          Description: p.Description,
          S3Uri: `s3://${bucket}/${objectKey}`,
          Tags: p.Tags,
        }),
      );
      remember('prompt', p.Name, { id: out.PromptId!, arn: out.PromptARN! });
    }
  }
  for (const v of spec.views ?? []) {
    const out = await send<connect.CreateViewCommandOutput>(
      new connect.CreateViewCommand({
        InstanceId,
        Name: v.Name,
        Description: v.Description,
        Status: v.Status ?? 'PUBLISHED',
        Content: { Template: JSON.stringify(v.Template), Actions: v.Actions },
        Tags: v.Tags,
      }),
    );
    for (let i = 0; i < (v.versions ?? 0); i++)
      await send(new connect.CreateViewVersionCommand({ InstanceId, ViewId: out.View!.Id! }));
    remember('view', v.Name, { id: out.View!.Id!, arn: out.View!.Arn! });
  }
  await Promise.all(
    (spec.vocabularies ?? []).map(async (v) => {
      const out = await send<connect.CreateVocabularyCommandOutput>(
        new connect.CreateVocabularyCommand({
          InstanceId,
          VocabularyName: v.Name,
          LanguageCode: v.LanguageCode as connect.VocabularyLanguageCode,
          Content: v.Content,
          Tags: v.Tags,
        }),
      );
      // Connect processes a vocabulary after answering; only an ACTIVE one can be a language's default.
      for (let state = out.State; state !== 'ACTIVE';) {
        if (state === 'CREATION_FAILED') throw new Error(`vocabulary ${v.Name} failed`);
        await new Promise((r) => setTimeout(r, 100));
        state = (
          await send<connect.DescribeVocabularyCommandOutput>(
            new connect.DescribeVocabularyCommand({ InstanceId, VocabularyId: out.VocabularyId! }),
          )
        ).Vocabulary?.State;
      }
      if (v.isDefault)
        await send(
          new connect.AssociateDefaultVocabularyCommand({
            InstanceId,
            LanguageCode: v.LanguageCode as connect.VocabularyLanguageCode,
            VocabularyId: out.VocabularyId!,
          }),
        );
      remember('vocabulary', v.Name, { id: out.VocabularyId!, arn: out.VocabularyArn! });
    }),
  );
  // Flows and modules as stubs first: whatever references them can be created, then they get their content.
  for (const f of spec.flows ?? []) {
    const out = await send<connect.CreateContactFlowCommandOutput>(
      new connect.CreateContactFlowCommand({
        InstanceId,
        Name: f.Name,
        Type: f.Type as connect.ContactFlowType,
        Description: f.Description,
        Status: 'SAVED',
        Content: flowContent(STUB_FLOW),
        Tags: f.Tags,
      }),
    );
    remember('flow', f.Name, { id: out.ContactFlowId!, arn: out.ContactFlowArn! });
  }
  for (const m of spec.modules ?? []) {
    const out = await send<connect.CreateContactFlowModuleCommandOutput>(
      new connect.CreateContactFlowModuleCommand({
        InstanceId,
        Name: m.Name,
        Description: m.Description,
        Content: flowContent(STUB_MODULE, {}, { InputParameters: [], OutputParameters: [], Transitions: [] }),
      }),
    );
    remember('module', m.Name, { id: out.Id!, arn: out.Arn! });
  }
  for (const t of spec.taskTemplates ?? []) {
    const out = await send<connect.CreateTaskTemplateCommandOutput>(
      new connect.CreateTaskTemplateCommand({
        InstanceId,
        ...resolveRefs(t, built),
      } as unknown as connect.CreateTaskTemplateCommandInput),
    );
    remember('task-template', t.Name, { id: out.Id!, arn: out.Arn! });
  }
  for (const q of spec.queues ?? []) {
    const out = await send<connect.CreateQueueCommandOutput>(
      new connect.CreateQueueCommand({
        InstanceId,
        Name: q.Name,
        Description: q.Description,
        HoursOfOperationId: resolveRefs(id('hours', q.hours), built) as unknown as string,
        MaxContacts: q.MaxContacts,
        OutboundCallerConfig: resolveRefs(q.OutboundCallerConfig, built),
        Tags: q.Tags,
      }),
    );
    remember('queue', q.Name, { id: out.QueueId!, arn: out.QueueArn! });
  }
  for (const r of spec.routingProfiles ?? []) {
    const configs = (r.queues ?? []).map((q) => ({
      QueueReference: { QueueId: built.get(key('queue', q.queue))!.id, Channel: q.channel ?? 'VOICE' },
      Priority: q.priority,
      Delay: q.delay,
    }));
    const out = await send<connect.CreateRoutingProfileCommandOutput>(
      new connect.CreateRoutingProfileCommand({
        InstanceId,
        Name: r.Name,
        Description: r.Description,
        DefaultOutboundQueueId: built.get(key('queue', r.defaultOutboundQueue))!.id,
        MediaConcurrencies: r.MediaConcurrencies,
        ...(configs.length > 0 ? { QueueConfigs: configs.slice(0, 10) } : {}),
      }),
    );
    for (let i = 10; i < configs.length; i += 10)
      await send(
        new connect.AssociateRoutingProfileQueuesCommand({
          InstanceId,
          RoutingProfileId: out.RoutingProfileId!,
          QueueConfigs: configs.slice(i, i + 10),
        }),
      );
    remember('routing-profile', r.Name, { id: out.RoutingProfileId!, arn: out.RoutingProfileArn! });
  }
  for (const u of spec.users ?? []) {
    const out = await send<connect.CreateUserCommandOutput>(
      new connect.CreateUserCommand({
        InstanceId,
        Username: u.Username,
        SecurityProfileIds: u.securityProfiles.map((p) => built.get(key('security-profile', p))!.id),
        RoutingProfileId: built.get(key('routing-profile', u.routingProfile))!.id,
        ...(u.hierarchyGroup ? { HierarchyGroupId: built.get(key('hierarchy-group', u.hierarchyGroup))!.id } : {}),
        IdentityInfo: u.IdentityInfo,
        PhoneConfig: u.PhoneConfig ?? { PhoneType: 'SOFT_PHONE' },
        Tags: u.Tags,
      }),
    );
    if (u.proficiencies?.length)
      await send(
        new connect.AssociateUserProficienciesCommand({
          InstanceId,
          UserId: out.UserId!,
          UserProficiencies: u.proficiencies,
        }),
      );
    remember('user', u.Username, { id: out.UserId!, arn: out.UserArn! });
  }
  for (const q of spec.quickConnects ?? []) {
    const out = await send<connect.CreateQuickConnectCommandOutput>(
      new connect.CreateQuickConnectCommand({
        InstanceId,
        Name: q.Name,
        Description: q.Description,
        QuickConnectConfig: resolveRefs(q.QuickConnectConfig, built) as unknown as connect.QuickConnectConfig,
      }),
    );
    remember('quick-connect', q.Name, { id: out.QuickConnectId!, arn: out.QuickConnectARN! });
  }
  for (const q of spec.queues ?? []) {
    if (!q.quickConnects?.length) continue;
    await send(
      new connect.AssociateQueueQuickConnectsCommand({
        InstanceId,
        QueueId: built.get(key('queue', q.Name))!.id,
        QuickConnectIds: q.quickConnects.map((n) => built.get(key('quick-connect', n))!.id),
      }),
    );
  }
  for (const { activate, ...f } of spec.evaluationForms ?? []) {
    const out = await send<connect.CreateEvaluationFormCommandOutput>(
      new connect.CreateEvaluationFormCommand({
        InstanceId,
        ...resolveRefs(f, built),
      } as unknown as connect.CreateEvaluationFormCommandInput),
    );
    if (activate)
      await send(
        new connect.ActivateEvaluationFormCommand({
          InstanceId,
          EvaluationFormId: out.EvaluationFormId!,
          EvaluationFormVersion: 1,
        }),
      );
    remember('evaluation-form', f.Title, { id: out.EvaluationFormId!, arn: out.EvaluationFormArn! });
  }
  for (const r of spec.rules ?? []) {
    const out = await send<connect.CreateRuleCommandOutput>(
      new connect.CreateRuleCommand({
        InstanceId,
        ...resolveRefs(r, built),
        Function: JSON.stringify(resolveRefs(r.Function, built)),
      } as unknown as connect.CreateRuleCommandInput),
    );
    remember('rule', r.Name, { id: out.RuleId!, arn: out.RuleArn! });
  }
  for (const m of spec.modules ?? []) {
    await send(
      new connect.UpdateContactFlowModuleContentCommand({
        InstanceId,
        ContactFlowModuleId: built.get(key('module', m.Name))!.id,
        Content: flowContent(
          resolveRefs(m.actions, built),
          resolveRefs(m.metadata, built),
          m.settings ?? { InputParameters: [], OutputParameters: [], Transitions: [] },
        ),
      }),
    );
  }
  for (const f of spec.flows ?? []) {
    const flowId = built.get(key('flow', f.Name))!.id;
    await send(
      new connect.UpdateContactFlowContentCommand({
        InstanceId,
        // The stub is SAVED; content written to its draft keeps it SAVED, to the flow itself publishes it.
        ContactFlowId: f.Status === 'SAVED' ? `${flowId}:$SAVED` : flowId,
        Content: flowContent(resolveRefs(f.actions, built), resolveRefs(f.metadata, built)),
      }),
    );
  }
  for (const { number, flow } of spec.phoneFlows ?? []) {
    const phone = built.get(key('phone', number));
    if (!phone) throw new Error(`the instance has not claimed ${number}`);
    await send(
      new connect.AssociatePhoneNumberContactFlowCommand({
        InstanceId,
        PhoneNumberId: phone.id,
        ContactFlowId: resolveRefs(id('flow', flow), built) as unknown as string,
      }),
    );
  }
  return built;
}
