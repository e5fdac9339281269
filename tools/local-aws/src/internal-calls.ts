import { randomUUID } from 'node:crypto';
import { isWriteOperation, type CallLog } from './call-log.js';
import { AwsError } from './errors.js';
import type { Principal } from './identity.js';
import { validationMessage } from './models/validator.js';
import type { ServiceRequest, StructureValue } from './protocols/protocol.js';
import type { ServiceRegistry } from './registry.js';
import type { OperationContext } from './services/service.js';

/** A call one emulated service makes to another on a caller's behalf (CloudFormation creating a table). */
export interface InternalCall {
  /** The target service's signing name: `dynamodb`, `lambda`, `s3`. */
  service: string;
  operation: string;
  /** The input as the model names its members; it is validated against the model like a client's. */
  input: StructureValue;
  account: string;
  region: string;
  /** Whose permissions the call uses: the caller of the operation that caused it. */
  principal: Principal;
  /** The calling service as CloudTrail names it (`cloudformation.amazonaws.com`). */
  invokedBy: string;
}

/** Runs an internal call and answers its output; throws the target service's AwsError. */
export type InternalCaller = (call: InternalCall) => Promise<StructureValue>;

/**
 * The request a handler sees for an internal call, signed like a service's own. Handlers that relay the wire request
 * (DynamoDB's, to dynalite) read the JSON body, target and signature; the others read only the decoded input.
 */
function syntheticRequest(
  signingName: string,
  targetPrefix: string | undefined,
  region: string,
  operation: string,
  input: StructureValue,
): ServiceRequest {
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const headers = {
    authorization: `AWS4-HMAC-SHA256 Credential=internal/${date.slice(0, 8)}/${region}/${signingName}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
    'x-amz-date': date,
  };
  if (!targetPrefix) return { method: 'POST', path: '/', query: new URLSearchParams(), headers, body: Buffer.alloc(0) };
  return {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(),
    headers: {
      ...headers,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `${targetPrefix}.${operation}`,
    },
    body: Buffer.from(JSON.stringify(input), 'utf8'),
  };
}

/** Reads a relayed JSON response: its document, or the error it carries. */
function relayedOutput(status: number, body: string | Buffer): StructureValue {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  const document = (text.trim() === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
  if (status < 300) return document;
  const type = typeof document.__type === 'string' ? document.__type : 'InternalFailure';
  const message = document.message ?? document.Message;
  throw new AwsError({
    code: type.slice(type.lastIndexOf('#') + 1),
    message: typeof message === 'string' ? message : `HTTP ${status}`,
    status,
  });
}

/**
 * Where internal calls go and are logged; read at each call, so that the emulator can hand itself over while it is
 * being built.
 */
export interface CallTargets {
  readonly registry: ServiceRegistry;
  readonly calls: CallLog;
}

/**
 * Calls between services go through the target's model validation and handler, as a client's would, and are logged
 * with `invokedBy` so that they are told apart from the clients' own calls. Fault rules and request quotas are for
 * clients and do not apply: AWS services retry their own throttled calls.
 */
export function createInternalCaller(targets: CallTargets): InternalCaller {
  return async ({ service: serviceName, operation, input, account, region, principal, invokedBy }) => {
    const service = targets.registry.forSigningName(serviceName);
    const handler = service?.implementation.operations[operation];
    if (!service || !handler) throw new Error(`local-aws has no ${serviceName} operation ${operation}`);
    const { implementation, validator } = service;
    const time = new Date().toISOString();
    let status = 200;
    try {
      const violations = validator.validateInput(operation, input);
      if (violations.length > 0) throw implementation.validationError(validationMessage(violations), operation);
      const context: OperationContext = {
        requestId: randomUUID(),
        account,
        region,
        principal,
        request: syntheticRequest(
          implementation.model.signingName,
          implementation.model.metadata.targetPrefix,
          region,
          operation,
          input,
        ),
        faults: { unprocessedRate: 0, random: Math.random },
      };
      const result = await handler(input, context);
      if ('output' in result) return result.output;
      status = result.response.status;
      return relayedOutput(result.response.status, result.response.body);
    } catch (error) {
      status = error instanceof AwsError ? error.status : 500;
      throw error;
    } finally {
      targets.calls.record({
        time,
        account,
        region,
        service: serviceName,
        operation,
        write: implementation.isWrite?.(operation) ?? isWriteOperation(operation),
        status,
        invokedBy,
        principal: principal.arn,
      });
    }
  };
}
