import { AwsError } from '../errors.js';
import type {
  OperationModel,
  ServiceModel,
  Shape,
  ShapeRef,
  StructureShape,
  TimestampFormat,
} from '../models/model.js';
import { readJson, serializationError, toJson, typeMismatch } from './json-rpc.js';
import type { Protocol, ServiceRequest, StructureValue } from './protocol.js';

// restJson1 (Connect, Lex V2 models, Lambda): the operation is the HTTP method plus the path, matched against each
// operation's `http.requestUri` template. Input members are bound by their `location` in the model:
//   - `uri`: a `{Label}` of the path (`{Label+}` takes the rest of the path, slashes included), percent-decoded;
//   - `querystring`: a query parameter (lists repeat the parameter; a map takes every parameter not bound otherwise);
//   - `header` / `headers`: a header, or every header with the `locationName` prefix;
//   - otherwise the JSON body, keyed by `locationName` when the model gives one; or, when the input structure names
//     a `payload` member, the body is that member alone (blob: the raw bytes; string: the text; structure: JSON).
// Outputs are bound the same way; the status is `http.responseCode` (200 when the model gives none) unless a member
// is bound to `statusCode`. Timestamps are epoch seconds in JSON, ISO 8601 in paths and query strings and HTTP dates
// in headers, unless the model names a `timestampFormat`. Errors carry the code in `x-amzn-ErrorType`, the error
// shape's `error.httpStatusCode` as the status, and a JSON body with the shape's members: the message goes in the
// member the shape names `message` or `Message` (in `message` when it has none).
//
// A service uses it by setting `protocol: restJsonProtocol` and throwing `modeledError(model, code, message,
// fields)` from its handlers, which takes the status from the model.

interface Segment {
  literal?: string;
  label?: string;
  greedy?: boolean;
}

interface Route {
  operation: OperationModel;
  method: string;
  segments: Segment[];
  /** Literal query parameters of the template (`?List=ALL`), which the request must carry. */
  query: [string, string | undefined][];
  literals: number;
}

interface RouteMatch {
  operation: OperationModel;
  labels: Map<string, string>;
}

const JSON_CONTENT_TYPE = 'application/json';
const routeTables = new WeakMap<ServiceModel, Route[]>();

function pathSegments(path: string): string[] {
  return path.split('/').filter((segment, index, all) => segment !== '' || (index > 0 && index < all.length - 1));
}

function compileRoute(operation: OperationModel): Route {
  const [path = '', queryText] = operation.http.requestUri.split('?');
  const segments = pathSegments(path).map((segment): Segment => {
    const label = /^\{(\w+)(\+?)\}$/.exec(segment);
    return label ? { label: label[1], greedy: label[2] === '+' } : { literal: segment };
  });
  const query = [...new URLSearchParams(queryText ?? '')].map(([key, value]): [string, string | undefined] => [
    key,
    queryText?.includes(`${key}=`) ? value : undefined,
  ]);
  return {
    operation,
    method: operation.http.method.toUpperCase(),
    segments,
    query,
    literals: segments.filter((segment) => segment.literal !== undefined).length,
  };
}

function routesOf(model: ServiceModel): Route[] {
  let routes = routeTables.get(model);
  if (!routes) {
    // The most specific template wins: more literal segments first, then templates with query literals.
    routes = Object.values(model.operations)
      .map(compileRoute)
      .sort((a, b) => b.literals - a.literals || b.query.length - a.query.length);
    routeTables.set(model, routes);
  }
  return routes;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw serializationError(`Malformed percent-encoding in the request path: ${text}`);
  }
}

function matchSegments(route: Route, raw: string[]): Map<string, string> | undefined {
  const labels = new Map<string, string>();
  for (const [index, segment] of route.segments.entries()) {
    if (segment.greedy && segment.label) {
      const rest = raw.slice(index);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      labels.set(segment.label, rest.map(decode).join('/'));
      return labels;
    }
    const part = raw[index];
    if (part === undefined) return undefined;
    if (segment.label) {
      if (part === '') return undefined;
      labels.set(segment.label, decode(part));
    } else if (decode(part) !== segment.literal) {
      return undefined;
    }
  }
  return raw.length === route.segments.length ? labels : undefined;
}

function matchRoute(request: ServiceRequest, model: ServiceModel): RouteMatch | undefined {
  const raw = pathSegments(request.path);
  const method = request.method.toUpperCase();
  for (const route of routesOf(model)) {
    if (route.method !== method) continue;
    if (
      !route.query.every(([key, value]) =>
        value === undefined ? request.query.has(key) : request.query.get(key) === value,
      )
    ) {
      continue;
    }
    const labels = matchSegments(route, raw);
    if (labels) return { operation: route.operation, labels };
  }
  return undefined;
}

function timestampFormatOf(model: ServiceModel, ref: ShapeRef, fallback: TimestampFormat): TimestampFormat {
  const shape = model.shape(ref.shape);
  return ref.timestampFormat ?? (shape.type === 'timestamp' ? shape.timestampFormat : undefined) ?? fallback;
}

/** Reads one path, query or header value as the scalar its shape says. */
function readScalar(model: ServiceModel, ref: ShapeRef, text: string, timestampFallback: TimestampFormat): unknown {
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^-?\d+$/.test(text)) throw typeMismatch(shape.type, text);
      return Number(text);
    case 'float':
    case 'double': {
      const number = Number(text);
      if (text.trim() === '' || Number.isNaN(number)) throw typeMismatch(shape.type, text);
      return number;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw typeMismatch(shape.type, text);
      return text === 'true';
    case 'timestamp': {
      const format = timestampFormatOf(model, ref, timestampFallback);
      const date = format === 'unixTimestamp' ? new Date(Number(text) * 1000) : new Date(text);
      if (Number.isNaN(date.getTime())) throw typeMismatch(shape.type, text);
      return date;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}

function writeScalar(model: ServiceModel, ref: ShapeRef, value: unknown, timestampFallback: TimestampFormat): string {
  if (value instanceof Date) {
    const format = timestampFormatOf(model, ref, timestampFallback);
    if (format === 'unixTimestamp') return String(value.getTime() / 1000);
    return format === 'rfc822' ? value.toUTCString() : value.toISOString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function isBodyMember(ref: ShapeRef): boolean {
  return ref.location === undefined;
}

function jsonName(member: string, ref: ShapeRef): string {
  return ref.locationName ?? member;
}

function listMember(shape: Shape): ShapeRef | undefined {
  return shape.type === 'list' ? shape.member : undefined;
}

function readQueryMember(model: ServiceModel, ref: ShapeRef, name: string, query: URLSearchParams): unknown {
  const shape = model.shape(ref.shape);
  const member = listMember(shape);
  if (member) {
    const values = query.getAll(name);
    return values.length === 0 ? undefined : values.map((value) => readScalar(model, member, value, 'iso8601'));
  }
  const value = query.get(name);
  return value === null ? undefined : readScalar(model, ref, value, 'iso8601');
}

/** A `querystring` map takes the query parameters that no named member binds. */
function readQueryMap(model: ServiceModel, ref: ShapeRef, query: URLSearchParams, bound: Set<string>): unknown {
  const shape = model.shape(ref.shape);
  if (shape.type !== 'map') return undefined;
  const listValues = listMember(model.shape(shape.value.shape));
  const result: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    if (bound.has(key)) continue;
    result[key] = listValues ? query.getAll(key) : query.get(key);
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

function readHeaderMember(model: ServiceModel, ref: ShapeRef, name: string, request: ServiceRequest): unknown {
  const text = headerText(request.headers[name.toLowerCase()]);
  if (text === undefined) return undefined;
  const member = listMember(model.shape(ref.shape));
  if (member) return text.split(',').map((part) => readScalar(model, member, part.trim(), 'rfc822'));
  return readScalar(model, ref, text, 'rfc822');
}

function readPrefixedHeaders(prefix: string, request: ServiceRequest): Record<string, string> | undefined {
  const lowerPrefix = prefix.toLowerCase();
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const text = headerText(value);
    if (name.startsWith(lowerPrefix) && text !== undefined) result[name.slice(lowerPrefix.length)] = text;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let document: unknown;
  try {
    document = JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError('Unable to parse the request body as JSON');
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw typeMismatch('structure', document);
  }
  return document as Record<string, unknown>;
}

function readPayload(model: ServiceModel, ref: ShapeRef, body: Buffer): unknown {
  const shape = model.shape(ref.shape);
  if (shape.type === 'blob') return body.length === 0 ? undefined : body;
  if (shape.type === 'string') return body.length === 0 ? undefined : body.toString('utf8');
  return body.length === 0 ? undefined : readJson(model, ref, parseJsonBody(body));
}

function readInput(
  model: ServiceModel,
  shape: StructureShape,
  match: RouteMatch,
  request: ServiceRequest,
): StructureValue {
  const input: StructureValue = {};
  const boundQuery = new Set(
    Object.entries(shape.members)
      .filter(([, ref]) => ref.location === 'querystring' && model.shape(ref.shape).type !== 'map')
      .map(([member, ref]) => jsonName(member, ref)),
  );
  const document =
    shape.payload === undefined && Object.values(shape.members).some(isBodyMember) ? parseJsonBody(request.body) : {};
  for (const [member, ref] of Object.entries(shape.members)) {
    const name = jsonName(member, ref);
    let value: unknown;
    switch (ref.location) {
      case 'uri': {
        const label = match.labels.get(name);
        value = label === undefined ? undefined : readScalar(model, ref, label, 'iso8601');
        break;
      }
      case 'querystring':
        value =
          model.shape(ref.shape).type === 'map'
            ? readQueryMap(model, ref, request.query, boundQuery)
            : readQueryMember(model, ref, name, request.query);
        break;
      case 'header':
        value = readHeaderMember(model, ref, name, request);
        break;
      case 'headers':
        value = readPrefixedHeaders(ref.locationName ?? '', request);
        break;
      case 'statusCode':
        break;
      default:
        value = member === shape.payload ? readPayload(model, ref, request.body) : readJson(model, ref, document[name]);
    }
    if (value !== undefined) input[member] = value;
  }
  return input;
}

/** The JSON document of a structure's body members, keyed by their JSON names. */
function bodyDocument(model: ServiceModel, shape: StructureShape, value: StructureValue): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const [member, ref] of Object.entries(shape.members)) {
    if (!isBodyMember(ref)) continue;
    const json = toJson(model, ref, value[member]);
    if (json !== undefined) document[jsonName(member, ref)] = json;
  }
  return document;
}

function writeHeaders(
  model: ServiceModel,
  shape: StructureShape,
  value: StructureValue,
  headers: Record<string, string>,
): void {
  for (const [member, ref] of Object.entries(shape.members)) {
    const memberValue = value[member];
    if (memberValue === undefined || memberValue === null) continue;
    if (ref.location === 'header') {
      const member = listMember(model.shape(ref.shape));
      headers[(ref.locationName ?? '').toLowerCase()] =
        member && Array.isArray(memberValue)
          ? memberValue.map((item) => writeScalar(model, member, item, 'rfc822')).join(', ')
          : writeScalar(model, ref, memberValue, 'rfc822');
    } else if (ref.location === 'headers') {
      for (const [suffix, text] of Object.entries(memberValue as Record<string, string>)) {
        headers[`${ref.locationName ?? ''}${suffix}`.toLowerCase()] = text;
      }
    }
  }
}

function writeBody(
  model: ServiceModel,
  shape: StructureShape,
  value: StructureValue,
  headers: Record<string, string>,
): string | Buffer {
  if (shape.payload === undefined) {
    headers['content-type'] ??= JSON_CONTENT_TYPE;
    return JSON.stringify(bodyDocument(model, shape, value));
  }
  const ref = shape.members[shape.payload] as ShapeRef;
  const payload = value[shape.payload];
  const payloadType = model.shape(ref.shape).type;
  if (payload === undefined || payload === null) return payloadType === 'structure' ? '{}' : '';
  if (payloadType === 'blob') {
    headers['content-type'] ??= 'application/octet-stream';
    return Buffer.from(payload as Uint8Array);
  }
  if (payloadType === 'string') {
    headers['content-type'] ??= 'text/plain';
    return String(payload);
  }
  headers['content-type'] ??= JSON_CONTENT_TYPE;
  return JSON.stringify(toJson(model, ref, payload));
}

/**
 * The error `code` as the model defines it: HTTP status from the error shape (400 when it has none), `fields` for
 * its other members (`{ problems: [...] }`, `{ Reason: ... }`).
 */
export function modeledError(
  model: ServiceModel,
  code: string,
  message: string,
  fields: Record<string, unknown> = {},
): AwsError {
  const status = model.exception(code)?.error?.httpStatusCode ?? 400;
  return new AwsError({ code, message, status, fields });
}

export const restJsonProtocol: Protocol = {
  requestedOperation(request, model) {
    try {
      return matchRoute(request, model)?.operation.name;
    } catch {
      return undefined;
    }
  },

  parseRequest(request, model) {
    const match = matchRoute(request, model);
    if (!match) {
      throw new AwsError({
        code: 'UnknownOperationException',
        message: `No ${model.metadata.serviceId} operation matches ${request.method} ${request.path}`,
        status: 404,
      });
    }
    const { operation } = match;
    const input = operation.input ? readInput(model, model.structure(operation.input.shape), match, request) : {};
    return { operation: operation.name, input };
  },

  serializeOutput(operationName, output, { model, requestId }) {
    const operation = model.operation(operationName);
    const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
    let status = operation?.http.responseCode ?? 200;
    if (!operation?.output) {
      headers['content-type'] = JSON_CONTENT_TYPE;
      return { status, headers, body: status === 204 ? '' : '{}' };
    }
    const shape = model.structure(operation.output.shape);
    for (const [member, ref] of Object.entries(shape.members)) {
      if (ref.location === 'statusCode' && typeof output[member] === 'number') status = output[member];
    }
    writeHeaders(model, shape, output, headers);
    const body = writeBody(model, shape, output, headers);
    return { status, headers, body: status === 204 ? '' : body };
  },

  serializeError(error, { model, requestId }) {
    const headers: Record<string, string> = {
      'content-type': JSON_CONTENT_TYPE,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    };
    const shape = model.exception(error.code);
    let document: Record<string, unknown> = { message: error.message };
    if (shape) {
      const messageMember = Object.keys(shape.members).find((member) => member.toLowerCase() === 'message');
      const value: StructureValue = { ...error.fields };
      if (messageMember) value[messageMember] = error.message;
      writeHeaders(model, shape, value, headers);
      document = bodyDocument(model, shape, value);
      if (!messageMember) document = { message: error.message, ...document };
    }
    return { status: error.status, headers, body: JSON.stringify(document) };
  },

  missingAuthentication() {
    return new AwsError({
      code: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
      status: 403,
    });
  },
};
