import type { AwsError } from '../errors.js';
import type { Principal } from '../identity.js';
import type { RequestQuota } from '../quotas.js';
import type { ServiceModel } from '../models/model.js';
import type { HttpResponse, Protocol, ServiceRequest, StructureValue } from '../protocols/protocol.js';

/** What an operation handler knows about the call it serves. */
export interface OperationContext {
  requestId: string;
  /** The account the caller's credentials act in. */
  account: string;
  /** The region of the request's SigV4 credential scope. */
  region: string;
  principal: Principal;
  request: ServiceRequest;
  /** Faults that the rules assign to this call and that only the service itself can apply. */
  faults: {
    /** Share of batch items to hand back unprocessed. */
    unprocessedRate: number;
    /** The seeded random sequence, so that the choice of items is reproducible. */
    random(): number;
  };
}

/** A handler returns the operation's output, which the protocol serializes, or a finished HTTP response. */
export type OperationResult = { output: StructureValue } | { response: HttpResponse };

/** Serves one operation; `input` has passed the model's validation. Throws AwsError for AWS's error responses. */
export type OperationHandler = (
  input: StructureValue,
  context: OperationContext,
) => OperationResult | Promise<OperationResult>;

/** A route under `/_local/<service>/`, answering with JSON. */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below `/_local/<service>/`, e.g. `deny`. */
  path: string;
  /** Returns the JSON to answer with; throws LocalAwsConfigError for a bad request. */
  handle(body: unknown): unknown;
}

/**
 * A route under `/_local/<service>/<prefix>/` that answers with any HTTP response, for what AWS serves through
 * presigned URLs (prompt audio, export zips). `rest` is the path after the prefix, still percent-encoded.
 */
export interface FileRoute {
  method: 'GET' | 'PUT';
  prefix: string;
  serve(request: ServiceRequest, rest: string): HttpResponse | Promise<HttpResponse>;
}

/**
 * One emulated AWS service. Adding a service means writing one of these: its trimmed model, the protocol it speaks,
 * its errors, and a handler per operation; the server does routing, identity, validation, faults and the call log.
 */
export interface ServiceEmulator {
  readonly model: ServiceModel;
  readonly protocol: Protocol;
  /** Namespace of the service's own error types (`com.amazonaws.dynamodb.v20120810`), for the JSON protocols. */
  readonly errorNamespace: string;
  /** Handlers by operation name; each operation must be in the model. */
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /**
   * The error for a request that breaks the model's constraints, carrying AWS's message; some services answer with a
   * different error per operation (Connect: `InvalidParameterException` where the operation lists it).
   */
  validationError(message: string, operation: string): AwsError;
  /** The default quota of each API of the service, per account and region; none means unlimited. */
  readonly requestQuota?: RequestQuota;
  /** The throttling errors the service can answer with; fault rules pick one by code. */
  readonly throttleErrors: readonly string[];
  /** The throttling error with this code, or the operation's usual one when no code is given. */
  throttleError(operation: string, code: string | undefined): AwsError;
  /** The transient server-side error (HTTP 5xx) the service answers with. */
  internalError(): AwsError;
  /** Whether an operation changes state; operations named like reads (Describe*, List*, Get*, ...) are taken not to. */
  isWrite?(operation: string): boolean;
  /** The operations the generic engine answers from the model rather than hand-written handlers. */
  readonly genericOperations?: readonly string[];
  readonly adminRoutes?: readonly AdminRoute[];
  readonly fileRoutes?: readonly FileRoute[];
  /** Forgets all state. */
  reset(): Promise<void>;
  /**
   * The service's state in every account and region, for `--state-dir`: plain data (objects, arrays, strings,
   * numbers, booleans, Maps, Sets, Dates, Buffers), never class instances or functions. Deadlines on the emulator
   * clock stay as they are (the clock's offset is saved with them). Run configuration (quotas, fault rules, timings
   * and failures set for a test) is not state.
   */
  snapshot(): Promise<unknown>;
  /**
   * Replaces the state with what `snapshot` gave in an earlier run, rebuilding the service's objects from it; throws
   * on data it cannot use. Runs before the emulator serves its first request.
   */
  restore(state: unknown): Promise<void>;
  /** Releases everything the service holds (servers, ports). */
  close(): Promise<void>;
}
