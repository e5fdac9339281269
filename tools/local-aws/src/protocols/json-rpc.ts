import { AwsError } from '../errors.js';
import type { ServiceModel, Shape, ShapeRef, StructureShape } from '../models/model.js';
import type { Protocol, ServiceRequest, StructureValue } from './protocol.js';

// The awsJson1_0 / awsJson1_1 protocols (DynamoDB, Lambda's old API, CloudWatch Logs): every request is a POST to
// `/` naming the operation in `X-Amz-Target: <targetPrefix>.<Operation>`, with the input as a JSON document; errors
// are `{"__type": "<namespace>#<Code>", "message": ...}`.

const CORAL_SERVICE_NAMESPACE = 'com.amazon.coral.service';

export function serializationError(message: string): AwsError {
  return new AwsError({ code: 'SerializationException', message, namespace: CORAL_SERVICE_NAMESPACE });
}

function jsonTokenName(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'object') return 'START_OBJECT';
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
}

const JAVA_TYPE_NAMES: Readonly<Record<Shape['type'], string>> = {
  structure: 'Structure',
  list: 'List',
  map: 'Map',
  string: 'String',
  integer: 'Integer',
  long: 'Long',
  float: 'Float',
  double: 'Double',
  boolean: 'Boolean',
  blob: 'Blob',
  timestamp: 'Date',
};

/** Coral's wording when a JSON value has the wrong type for its member. */
export function typeMismatch(expected: Shape['type'], value: unknown): AwsError {
  if (Array.isArray(value)) return serializationError('Start of list found where not expected');
  if (typeof value === 'object' && value !== null) {
    return serializationError('Start of structure or map found where not expected.');
  }
  return serializationError(`${jsonTokenName(value)} cannot be converted to ${JAVA_TYPE_NAMES[expected]}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NON_FINITE_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** Checks a parsed JSON value against its shape and converts blobs to bytes and timestamps to Dates. */
export function readJson(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      if (!isPlainObject(value)) throw typeMismatch(shape.type, value);
      return readStructure(model, shape, value);
    case 'list':
      if (!Array.isArray(value)) throw typeMismatch(shape.type, value);
      return value.map((item) => readJson(model, shape.member, item));
    case 'map': {
      if (!isPlainObject(value)) throw typeMismatch(shape.type, value);
      return Object.fromEntries(
        Object.entries(value).map(([key, entry]) => [key, readJson(model, shape.value, entry)]),
      );
    }
    case 'string':
      if (typeof value !== 'string') throw typeMismatch(shape.type, value);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeMismatch(shape.type, value);
      return value;
    case 'float':
    case 'double': {
      if (typeof value === 'number') return value;
      const special = typeof value === 'string' ? NON_FINITE_NUMBERS[value] : undefined;
      if (special === undefined) throw typeMismatch(shape.type, value);
      return special;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw typeMismatch(shape.type, value);
      return value;
    case 'blob':
      if (typeof value !== 'string') throw typeMismatch(shape.type, value);
      return Buffer.from(value, 'base64');
    case 'timestamp': {
      const date = typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
      if (typeof value === 'boolean' || Number.isNaN(date.getTime())) throw typeMismatch(shape.type, value);
      return date;
    }
  }
}

function readStructure(model: ServiceModel, shape: StructureShape, value: Record<string, unknown>): StructureValue {
  const result: StructureValue = {};
  for (const [member, ref] of Object.entries(shape.members)) {
    const memberValue = readJson(model, ref, value[member]);
    if (memberValue !== undefined) result[member] = memberValue;
  }
  return result;
}

/** The JSON form of a value: timestamps as epoch seconds, blobs as base64, members the model does not know dropped. */
export function toJson(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      return Object.fromEntries(
        Object.entries(shape.members)
          .map(([member, memberRef]) => [member, toJson(model, memberRef, (value as StructureValue)[member])])
          .filter(([, memberValue]) => memberValue !== undefined),
      );
    case 'list':
      return (value as unknown[]).map((item) => toJson(model, shape.member, item));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, entry]) => [
          key,
          toJson(model, shape.value, entry),
        ]),
      );
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : value;
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    default:
      return value;
  }
}

function contentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
}

function requestedOperation(request: ServiceRequest, model: ServiceModel): string | undefined {
  const [prefix, operation] = String(request.headers['x-amz-target'] ?? '').split('.');
  return prefix === model.metadata.targetPrefix && operation ? operation : undefined;
}

export const jsonRpcProtocol: Protocol = {
  requestedOperation,

  parseRequest(request, model) {
    const name = requestedOperation(request, model);
    const operation = name === undefined ? undefined : model.operation(name);
    if (request.method !== 'POST' || !operation) {
      throw new AwsError({ code: 'UnknownOperationException', message: '', namespace: CORAL_SERVICE_NAMESPACE });
    }
    let document: unknown = {};
    if (request.body.length > 0) {
      try {
        document = JSON.parse(request.body.toString('utf8'));
      } catch {
        throw serializationError('Unable to parse the request body as JSON');
      }
    }
    if (!isPlainObject(document)) throw typeMismatch('structure', document);
    const input = operation.input ? readStructure(model, model.structure(operation.input.shape), document) : {};
    return { operation: operation.name, input };
  },

  serializeOutput(operationName, output, { model, requestId }) {
    const outputRef = model.operation(operationName)?.output;
    const document = outputRef ? toJson(model, outputRef, output) : {};
    return {
      status: 200,
      headers: { 'content-type': contentType(model), 'x-amzn-requestid': requestId },
      body: JSON.stringify(document),
    };
  },

  serializeError(error, { model, errorNamespace, requestId }) {
    const document: Record<string, string> = { __type: `${error.namespace ?? errorNamespace}#${error.code}` };
    if (error.message) document.message = error.message;
    return {
      status: error.status,
      headers: { 'content-type': contentType(model), 'x-amzn-requestid': requestId },
      body: JSON.stringify(document),
    };
  },

  missingAuthentication() {
    return new AwsError({
      code: 'MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
      namespace: CORAL_SERVICE_NAMESPACE,
    });
  },
};
