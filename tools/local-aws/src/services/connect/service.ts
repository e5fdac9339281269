import type { EmulatorClock } from '../../clock.js';
import { isWriteOperation } from '../../call-log.js';
import { AwsError } from '../../errors.js';
import { GenericEngine, withGenericEngine } from '../../generic/engine.js';
import { restJsonProtocol } from '../../protocols/rest-json.js';
import type { ServiceEmulator } from '../service.js';
import {
  activeInstance,
  regionState,
  type ConnectEnvironment,
  type LambdaFunctionLookup,
  type LexBotAliasLookup,
  type S3ObjectReader,
} from './environment.js';
import { connectError, connectModel, parameterError } from './errors.js';
import { flowOperations } from './flows.js';
import { hoursOperations } from './hours.js';
import { instanceOperations } from './instances.js';
import { authenticationProfileOperations } from './authentication-profiles.js';
import { evaluationFormOperations } from './evaluation-forms.js';
import { peopleOperations } from './people.js';
import { viewOperations } from './views.js';
import { VocabularyFailures, vocabularyOperations } from './vocabularies.js';
import { phoneNumberOperations, seedPhoneNumber } from './phone-numbers.js';
import { PROMPT_FILES_PREFIX, PromptFiles, promptOperations, type PromptFile } from './prompts.js';
import { queueOperations } from './queues.js';
import { quickConnectOperations } from './quick-connects.js';
import { routingProfileOperations } from './routing-profiles.js';
import { agentStatusOperations } from './agent-statuses.js';
import { ConnectStore, newId, type RegionState } from './store.js';
import { connectArnKind, CONNECT_FAMILY_OVERRIDES } from './generic-families.js';
import { tagOperations } from './tags.js';

/** What Connect keeps across runs. */
interface ConnectState {
  regions: RegionState[];
  promptFiles: Map<string, PromptFile>;
}

export interface ConnectOptions {
  clock: EmulatorClock;
  /** AWS milliseconds (scaled by the clock) a new resource reads as missing by id and stays out of lists. */
  consistencyDelayMs?: number;
  /** Whether AssociateLambdaFunction's function exists; every function does when not given. */
  lambdaFunctionExists?: LambdaFunctionLookup;
  /** Whether AssociateBot's Lex V2 alias exists; every alias does when not given. */
  lexBotAliasExists?: LexBotAliasLookup;
  /** Where CreatePrompt and UpdatePrompt read audio (the S3 emulator); without it no object can be read. */
  readS3Object?: S3ObjectReader;
}

/**
 * Amazon Connect over restJson1: instances and the resources a contact center deploys (hours, queues, prompts,
 * flows and modules, quick connects, routing profiles, agent statuses, security profiles, the user hierarchy, users,
 * Lambda and Lex associations, claimed phone numbers, tags), per account and region, with Connect's errors, its
 * per-API quota (2 requests/s, burst 5), instance creation that takes time, and optional eventual consistency.
 */
export function createConnectService(options: ConnectOptions): ServiceEmulator {
  const generic: GenericEngine = new GenericEngine(connectModel, {
    overrides: CONNECT_FAMILY_OVERRIDES,
    resolveScope: (member, value, context) =>
      member === 'InstanceId' || member === 'InstanceArn' ? activeInstance(env, context, value).id : undefined,
    arn(family, id, scope, context) {
      const instanceId = scope.InstanceId;
      const instance = instanceId ? regionState(env, context).findInstance(instanceId) : undefined;
      // A version's ARN is its resource's with the version number: `.../contact-flow/<id>:<version>`.
      const parent = family.noun.endsWith('Version') ? family.noun.slice(0, -'Version'.length) : undefined;
      const parentId = parent ? scope[`${parent}Id`] : undefined;
      if (instance && parent && parentId) return `${instance.arn}/${connectArnKind(parent)}/${parentId}:${id}`;
      const kind = connectArnKind(family.noun);
      return instance ? `${instance.arn}/${kind}/${id}` : `${regionState(env, context).arnPrefix}:${kind}/${id}`;
    },
    mintId: () => newId(),
    caseInsensitiveNames: true,
    validationError: (message, operation) => parameterError(operation, message),
  });
  const env: ConnectEnvironment = {
    store: new ConnectStore(),
    clock: options.clock,
    consistencyDelayMs: options.consistencyDelayMs ?? 0,
    lambdaFunctionExists: options.lambdaFunctionExists ?? (() => true),
    lexBotAliasExists: options.lexBotAliasExists ?? (() => true),
    readS3Object: options.readS3Object ?? (() => undefined),
    generic,
  };
  const promptFiles = new PromptFiles(options.clock);
  const vocabularyFailures = new VocabularyFailures();

  return withGenericEngine(
    {
      model: connectModel,
      protocol: restJsonProtocol,
      errorNamespace: 'com.amazonaws.connect',
      operations: {
        ...instanceOperations(env),
        ...hoursOperations(env),
        ...queueOperations(env),
        ...promptOperations(env, promptFiles),
        ...flowOperations(env),
        ...quickConnectOperations(env),
        ...routingProfileOperations(env),
        ...agentStatusOperations(env),
        ...peopleOperations(env),
        ...viewOperations(env),
        ...vocabularyOperations(env, vocabularyFailures),
        ...evaluationFormOperations(env),
        ...authenticationProfileOperations(env),
        ...phoneNumberOperations(env),
        ...tagOperations(env),
      },
      validationError: (message, operation) => parameterError(operation, message),
      // Evaluating a data table's values reads them; every other operation is classified by its name.
      isWrite: (operation) => operation !== 'EvaluateDataTableValues' && isWriteOperation(operation),
      requestQuota: { rate: 2, burst: 5 },
      throttleErrors: ['ThrottlingException'],
      throttleError: () => connectError('ThrottlingException', 'Rate exceeded'),
      internalError: () =>
        new AwsError({
          code: 'InternalServiceException',
          message: 'Request processing failed on the server.',
          status: 500,
        }),
      adminRoutes: [
        { method: 'POST', path: 'phone-numbers', handle: (body) => seedPhoneNumber(env, body) },
        ...vocabularyFailures.adminRoutes(),
      ],
      fileRoutes: [
        { method: 'GET', prefix: PROMPT_FILES_PREFIX, serve: (_request, token) => promptFiles.serve(token) },
      ],
      async reset() {
        env.store.clear();
        promptFiles.clear();
      },
      async snapshot(): Promise<ConnectState> {
        return { regions: env.store.snapshot(), promptFiles: promptFiles.snapshot() };
      },
      async restore(state) {
        const { regions, promptFiles: files } = state as ConnectState;
        env.store.restore(regions, options.clock);
        promptFiles.restore(files);
      },
      async close() {},
    },
    generic,
  );
}
