import type { ConnectInstance, ResourceKind } from './store.js';

// How Connect checks flow-language content when it is published: the document's shape, the action graph, and every
// reference to another resource in the actions' Parameters. Metadata is the editor's business and is not checked;
// neither is a saved draft. Every problem is reported, each naming the action and the parameter.

/** Connect's limit on the content of a flow or module, in characters. */
export const MAX_FLOW_CONTENT_CHARACTERS = 256_000;

/** Parameters whose bare id names a resource of the instance. */
const ID_PARAMETERS: Readonly<Record<string, ResourceKind>> = {
  QueueId: 'queue',
  ContactFlowId: 'flow',
  FlowModuleId: 'module',
  PromptId: 'prompt',
  HoursOfOperationId: 'hours',
  AgentId: 'user',
  UserId: 'user',
  RoutingProfileId: 'routingProfile',
  QuickConnectId: 'quickConnect',
  AgentStatusId: 'agentStatus',
};

/**
 * The parameters of the action types whose parameter set the flow language reference fixes and real flows confirm
 * ("Flow language actions", Amazon Connect Administrator Guide): a parameter outside the set is a mistake Connect
 * refuses to publish. Action types not listed here take any parameter.
 */
const ACTION_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  CheckHoursOfOperation: ['HoursOfOperationId'],
  TransferToFlow: ['ContactFlowId'],
  UpdateContactTargetQueue: ['QueueId', 'AgentId'],
  InvokeLambdaFunction: [
    'LambdaFunctionARN',
    'InvocationTimeLimitSeconds',
    'InvocationType',
    'LambdaInvocationAttributes',
    'ResponseValidation',
  ],
  UpdateContactAttributes: ['Attributes', 'TargetContact'],
  MessageParticipant: ['Text', 'SSML', 'PromptId', 'Media'],
  DisconnectParticipant: [],
  EndFlowExecution: [],
  EndFlowModuleExecution: [],
};

const KIND_NAMES: Readonly<Record<ResourceKind, string>> = {
  flow: 'contact flow',
  module: 'flow module',
  queue: 'queue',
  prompt: 'prompt',
  hours: 'hours of operation',
  routingProfile: 'routing profile',
  quickConnect: 'quick connect',
  securityProfile: 'security profile',
  user: 'user',
  hierarchyGroup: 'hierarchy group',
  agentStatus: 'agent status',
  integration: 'integration association',
  view: 'view',
  vocabulary: 'vocabulary',
  evaluationForm: 'evaluation form',
};

const INSTANCE_RESOURCE_ARN =
  /arn:(?:aws|aws-cn|aws-us-gov):connect:([a-z0-9-]+):(\d{12}):instance\/([0-9a-f-]{36})\/([a-z-]+)\/([0-9a-zA-Z-]+)/g;

/**
 * `$.Attributes.x`, `$.External.x`, `$['Attributes']...`, or an ARN with such a segment in place of its region or
 * account (`arn:aws:lambda:$.AwsRegion:...`): resolved when the contact runs, so Connect cannot check it at publish.
 */
function isDynamic(value: string): boolean {
  return value.trimStart().startsWith('$') || (value.startsWith('arn:') && /:\$[.[]/.test(value));
}

interface FlowAction {
  Identifier?: unknown;
  Type?: unknown;
  Parameters?: unknown;
  Transitions?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function actionLabel(action: FlowAction): string {
  return `Action '${String(action.Identifier)}' (${String(action.Type)})`;
}

function checkArnsIn(
  text: string,
  path: string,
  action: FlowAction,
  instance: ConnectInstance,
  problems: string[],
): void {
  for (const match of text.matchAll(INSTANCE_RESOURCE_ARN)) {
    const [arn, region, account, instanceId, arnKind = '', id = ''] = match;
    const home = instance.arn.split(':');
    if (region !== home[3] || account !== home[4] || instanceId !== instance.id) {
      problems.push(
        `${actionLabel(action)}: parameter ${path} refers to ${arn}, which is not a resource of this instance`,
      );
      continue;
    }
    const table = instance.tableForArnKind(arnKind);
    if (table && !table.find(id)) {
      problems.push(`${actionLabel(action)}: parameter ${path} refers to ${arn}, which does not exist`);
    }
  }
}

function checkParameter(
  key: string,
  value: unknown,
  path: string,
  action: FlowAction,
  instance: ConnectInstance,
  problems: string[],
  inEventHooks: boolean,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      checkParameter(key, item, `${path}[${index}]`, action, instance, problems, inEventHooks),
    );
    return;
  }
  if (isRecord(value)) {
    for (const [childKey, child] of Object.entries(value)) {
      checkParameter(
        childKey,
        child,
        `${path}.${childKey}`,
        action,
        instance,
        problems,
        inEventHooks || childKey === 'EventHooks',
      );
    }
    return;
  }
  if (typeof value !== 'string' || value === '' || isDynamic(value)) return;
  if (key === 'LambdaFunctionARN') {
    if (!instance.lambdaFunctions.includes(value)) {
      problems.push(
        `${actionLabel(action)}: parameter ${path} is the Lambda function ${value}, which is not associated with this instance`,
      );
    }
    return;
  }
  if (key === 'AliasArn' && path.endsWith('LexV2Bot.AliasArn')) {
    if (!instance.lexBots.some((bot) => bot.v2AliasArn === value)) {
      problems.push(
        `${actionLabel(action)}: parameter ${path} is the Lex V2 bot alias ${value}, which is not associated with this instance`,
      );
    }
    return;
  }
  if (value.startsWith('arn:') || value.includes(':instance/')) {
    checkArnsIn(value, path, action, instance, problems);
    return;
  }
  // In EventHooks every value is a flow (CustomerQueue, CustomerHold, ...), whatever the hook is called.
  const kind = inEventHooks ? 'flow' : ID_PARAMETERS[key];
  if (kind && !instance.table(kind).find(value)) {
    problems.push(
      `${actionLabel(action)}: parameter ${path} refers to ${KIND_NAMES[kind]} ${value}, which does not exist`,
    );
  }
}

function transitionTargets(action: FlowAction): [string, unknown][] {
  const transitions = isRecord(action.Transitions) ? action.Transitions : {};
  const targets: [string, unknown][] = [];
  if (transitions.NextAction !== undefined) targets.push(['Transitions.NextAction', transitions.NextAction]);
  for (const list of ['Errors', 'Conditions'] as const) {
    const entries = transitions[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      if (isRecord(entry) && entry.NextAction !== undefined) {
        targets.push([`Transitions.${list}[${index}].NextAction`, entry.NextAction]);
      }
    });
  }
  return targets;
}

/** Every problem Connect would find publishing `content` in `instance`; empty when it publishes. */
export function flowContentProblems(content: string, instance: ConnectInstance): string[] {
  const problems: string[] = [];
  if (content.length > MAX_FLOW_CONTENT_CHARACTERS) {
    problems.push(`Content is ${content.length} characters long; the limit is ${MAX_FLOW_CONTENT_CHARACTERS}`);
    return problems;
  }
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch (error) {
    problems.push(`Content is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return problems;
  }
  if (!isRecord(document)) {
    problems.push('Content must be a JSON object with Version, StartAction and Actions');
    return problems;
  }
  if (typeof document.Version !== 'string') problems.push('Content has no Version');
  if (typeof document.StartAction !== 'string') problems.push('Content has no StartAction');
  if (!Array.isArray(document.Actions)) {
    problems.push('Content has no Actions list');
    return problems;
  }
  const actions = document.Actions.filter(isRecord) as FlowAction[];
  if (actions.length !== document.Actions.length) problems.push('Every element of Actions must be an object');
  const identifiers = new Set<string>();
  for (const action of actions) {
    if (typeof action.Identifier !== 'string' || action.Identifier === '') {
      problems.push(`An action of type ${String(action.Type)} has no Identifier`);
    } else if (identifiers.has(action.Identifier)) {
      problems.push(`Action identifier '${action.Identifier}' is used by more than one action`);
    } else {
      identifiers.add(action.Identifier);
    }
    if (typeof action.Type !== 'string' || action.Type === '') problems.push(`${actionLabel(action)} has no Type`);
  }
  if (typeof document.StartAction === 'string' && !identifiers.has(document.StartAction)) {
    problems.push(`StartAction '${document.StartAction}' is not the identifier of an action`);
  }
  for (const action of actions) {
    for (const [path, target] of transitionTargets(action)) {
      if (typeof target !== 'string' || !identifiers.has(target)) {
        problems.push(`${actionLabel(action)}: ${path} '${String(target)}' is not the identifier of an action`);
      }
    }
    if (action.Parameters !== undefined && !isRecord(action.Parameters)) {
      problems.push(`${actionLabel(action)}: Parameters must be an object`);
    } else if (isRecord(action.Parameters)) {
      const allowed = typeof action.Type === 'string' ? ACTION_PARAMETERS[action.Type] : undefined;
      for (const key of Object.keys(action.Parameters)) {
        if (allowed && !allowed.includes(key))
          problems.push(
            `${actionLabel(action)}: ${key} is not a parameter of ${String(action.Type)} (${allowed.length > 0 ? `its parameters: ${allowed.join(', ')}` : 'it takes none'})`,
          );
      }
      for (const [key, value] of Object.entries(action.Parameters)) {
        checkParameter(key, value, key, action, instance, problems, key === 'EventHooks');
      }
    }
  }
  return problems;
}
