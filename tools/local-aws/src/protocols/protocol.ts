import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from '../errors.js';
import type { ServiceModel } from '../models/model.js';

/** An HTTP request to an emulated service, read whole. */
export interface ServiceRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A structure's value as the emulator handles it: members keyed by model name, blobs as bytes, timestamps as Dates. */
export type StructureValue = Record<string, unknown>;

export interface ParsedRequest {
  operation: string;
  input: StructureValue;
}

/** What a protocol needs to know about the service it speaks for. */
export interface ProtocolContext {
  model: ServiceModel;
  /** Namespace of the service's own error types (`com.amazonaws.dynamodb.v20120810`), for protocols that name it. */
  errorNamespace: string;
  requestId: string;
}

/**
 * One AWS wire protocol (awsQuery, awsJson1_0, and later restJson1): how an operation is identified and its input
 * decoded from a request, and how outputs and errors are written back, all driven by the service model.
 */
export interface Protocol {
  /** The operation a request names, whether or not the model has it, or undefined if it names none. */
  requestedOperation(request: ServiceRequest, model: ServiceModel): string | undefined;
  /** Identifies the operation and decodes its input; throws AwsError for unknown operations and malformed input. */
  parseRequest(request: ServiceRequest, model: ServiceModel): ParsedRequest;
  serializeOutput(operation: string, output: StructureValue, context: ProtocolContext): HttpResponse;
  serializeError(error: AwsError, context: ProtocolContext): HttpResponse;
  /** The error for a request that carries no SigV4 credential. */
  missingAuthentication(): AwsError;
}
