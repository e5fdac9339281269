import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdminRequest } from './admin.js';
import { isWriteOperation } from './call-log.js';
import { credentialScope, type CredentialScope } from './credential-scope.js';
import type { Emulator } from './emulator.js';
import { AwsError } from './errors.js';
import { validationMessage } from './models/validator.js';
import type { HttpResponse, ServiceRequest } from './protocols/protocol.js';
import { renderXml } from './protocols/xml.js';
import type { RegisteredService } from './registry.js';
import type { OperationContext } from './services/service.js';

/** The region of requests that carry no credential scope (unsigned requests, which are refused anyway). */
const DEFAULT_REGION = 'us-east-1';
/** Above DynamoDB's 16 MB request limit, the largest any emulated service accepts. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const ADMIN_PREFIX = '/_local/';

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function unsupportedService(requested: string, emulator: Emulator): HttpResponse {
  const message =
    `local-aws does not emulate ${requested ? `the service '${requested}'` : 'this request'} ` +
    `(it emulates ${emulator.registry.names.join(', ')}; requests must be SigV4-signed)`;
  return {
    status: 400,
    headers: { 'content-type': 'text/xml' },
    body: renderXml({
      name: 'ErrorResponse',
      children: [
        {
          name: 'Error',
          children: [
            { name: 'Type', text: 'Sender' },
            { name: 'Code', text: 'UnsupportedService' },
            { name: 'Message', text: message },
          ],
        },
        { name: 'RequestId', text: randomUUID() },
      ],
    }),
  };
}

/** Runs one call: identity, operation, faults, model validation, handler; and records it in the call log. */
async function handleServiceCall(
  emulator: Emulator,
  { name, implementation, validator }: RegisteredService,
  scope: CredentialScope | undefined,
  request: ServiceRequest,
): Promise<HttpResponse> {
  const { protocol, model } = implementation;
  const requestId = randomUUID();
  const time = new Date().toISOString();
  const principal = scope ? emulator.identities.resolve(scope.accessKeyId) : undefined;
  const account = principal?.account ?? '';
  const region = scope?.region ?? DEFAULT_REGION;
  const requested = protocol.requestedOperation(request, model) ?? '';
  const protocolContext = { model, errorNamespace: implementation.errorNamespace, requestId };
  let latencyMs = 0;
  let response: HttpResponse;
  try {
    if (!principal) throw protocol.missingAuthentication();
    const { operation, input } = protocol.parseRequest(request, model);
    if (!emulator.quotas.admit({ account, region, service: name, operation })) {
      throw implementation.throttleError(operation, undefined);
    }
    const decision = emulator.faults.decide({ service: name, operation, account });
    latencyMs = decision.latencyMs;
    if (decision.failure?.kind === 'internal-error') throw implementation.internalError();
    if (decision.failure?.kind === 'throttle') {
      throw implementation.throttleError(operation, decision.failure.throttleError);
    }
    const violations = validator.validateInput(operation, input);
    if (violations.length > 0) throw implementation.validationError(validationMessage(violations), operation);
    const handler = implementation.operations[operation];
    // The registry checked at start that every operation of the model has a handler.
    if (!handler) throw new Error(`no handler for ${operation}`);
    const context: OperationContext = {
      requestId,
      account,
      region,
      principal,
      request,
      faults: { unprocessedRate: decision.unprocessedRate, random: () => emulator.faults.random() },
    };
    const result = await handler(input, context);
    response =
      'response' in result ? result.response : protocol.serializeOutput(operation, result.output, protocolContext);
  } catch (error) {
    const awsError =
      error instanceof AwsError
        ? error
        : new AwsError({
            code: implementation.internalError().code,
            message: `local-aws failed: ${error instanceof Error ? error.message : String(error)}`,
            status: 500,
          });
    response = protocol.serializeError(awsError, protocolContext);
  }
  if (latencyMs > 0) await sleep(emulator.clock.scaled(latencyMs));
  const write = implementation.isWrite?.(requested) ?? isWriteOperation(requested);
  emulator.calls.record({
    time,
    account,
    region,
    service: name,
    operation: requested,
    write,
    status: response.status,
    ...(principal ? { principal: principal.arn } : {}),
  });
  if (write) emulator.stateChanged();
  return response;
}

async function route(emulator: Emulator, incoming: IncomingMessage): Promise<HttpResponse> {
  const url = new URL(incoming.url ?? '/', 'http://local-aws');
  const request: ServiceRequest = {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: incoming.headers,
    body: await readBody(incoming),
  };
  if (request.path.startsWith(ADMIN_PREFIX)) return handleAdminRequest(emulator, request);
  const scope = credentialScope(request.headers, request.query);
  const target = request.headers['x-amz-target'];
  const service = scope
    ? emulator.registry.forSigningName(scope.service)
    : typeof target === 'string'
      ? emulator.registry.forTarget(target)
      : undefined;
  if (!service) return unsupportedService(scope?.service ?? '', emulator);
  return handleServiceCall(emulator, service, scope, request);
}

function send(outgoing: ServerResponse, response: HttpResponse): void {
  // A HEAD response states the length of the body it leaves out (S3's HeadObject); Node sends no body for it.
  const declaredLength = outgoing.req.method === 'HEAD' ? response.headers['content-length'] : undefined;
  outgoing.writeHead(response.status, {
    ...response.headers,
    'content-length': declaredLength ?? String(Buffer.byteLength(response.body)),
  });
  outgoing.end(response.body);
}

/** The HTTP entry point: `/_local/*` is the admin API, everything else goes to the service it is signed for. */
export function createRequestListener(emulator: Emulator): RequestListener {
  return (incoming, outgoing) => {
    route(emulator, incoming).then(
      (response) => send(outgoing, response),
      (error: unknown) => {
        const status = error instanceof BodyTooLarge ? 413 : 500;
        const message = error instanceof Error ? error.message : String(error);
        send(outgoing, {
          status,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: status === 413 ? 'request body too large' : `local-aws failed: ${message}` }),
        });
      },
    );
  };
}
