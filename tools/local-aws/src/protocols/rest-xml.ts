import { randomBytes } from 'node:crypto';
import { AwsError, type AwsErrorSpec } from '../errors.js';
import { decodeAwsChunked } from './aws-chunked.js';
import type { OperationModel, ServiceModel, Shape, ShapeRef, StructureShape } from '../models/model.js';
import type { Protocol, ServiceRequest, StructureValue } from './protocol.js';
import { renderXml, type XmlElement } from './xml.js';
import { parseXml, XmlSyntaxError, type ParsedXmlElement } from './xml-parser.js';

// The restXml protocol in the flavour S3 speaks: the operation is chosen by method, path and literal query
// parameters of its `requestUri` (`GET /{Bucket}?list-type=2`); input members travel in the path, the query string,
// headers (`x-amz-meta-*` maps too) or the body, which is either one payload member (an object's bytes, a
// `CreateBucketConfiguration` document) or an XML document. Errors are a bare `<Error>` document, without the
// `<ErrorResponse>` wrapper the other restXml services use.

/** An output may name the root element of its document, which botocore's models leave out. */
type RestOperationModel = OperationModel & { output?: { shape: string; locationName?: string } };

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** An error carrying the extra elements S3 adds to `<Error>` (`<BucketName>`, `<Key>`) and extra headers. */
export class RestXmlError extends AwsError {
  readonly details: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    spec: AwsErrorSpec,
    { details = {}, headers = {} }: { details?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(spec);
    this.details = details;
    this.headers = headers;
  }
}

function invalidArgument(message: string): AwsError {
  return new AwsError({ code: 'InvalidArgument', message });
}

interface UriTemplate {
  segments: { literal?: string; label?: string; greedy?: boolean }[];
  query: [string, string | undefined][];
}

function parseRequestUri(requestUri: string): UriTemplate {
  const [path = '', queryText] = requestUri.split('?');
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      const label = /^\{([^}+]+)(\+?)\}$/.exec(segment);
      return label ? { label: label[1], greedy: label[2] === '+' } : { literal: segment };
    });
  const query = queryText
    ? queryText.split('&').map((pair): [string, string | undefined] => {
        const [key = '', value] = pair.split('=');
        return [key, value];
      })
    : [];
  return { segments, query };
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidArgument(`The path segment '${raw}' is not valid percent-encoding.`);
  }
}

/** Binds the path of a request to a template; undefined when it does not fit. */
function matchPath(template: UriTemplate, path: string): Record<string, string> | undefined {
  const parts = path.split('/').slice(1);
  // A trailing slash after the last label (`PUT /bucket/`) is how clients address a bucket itself.
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') parts.pop();
  const labels: Record<string, string> = {};
  for (const [index, segment] of template.segments.entries()) {
    if (segment.greedy && segment.label) {
      const rest = parts.slice(index).join('/');
      if (rest === '') return undefined;
      labels[segment.label] = decodeSegment(rest);
      return labels;
    }
    const part = parts[index];
    if (part === undefined || part === '') return undefined;
    if (segment.literal !== undefined && segment.literal !== part) return undefined;
    if (segment.label) labels[segment.label] = decodeSegment(part);
  }
  return parts.length === template.segments.length ? labels : undefined;
}

interface RouteMatch {
  operation: OperationModel;
  labels: Record<string, string>;
}

const templates = new WeakMap<OperationModel, UriTemplate>();

function templateOf(operation: OperationModel): UriTemplate {
  let template = templates.get(operation);
  if (!template) {
    template = parseRequestUri(operation.http.requestUri);
    templates.set(operation, template);
  }
  return template;
}

/** The operation whose method, path and literal query parameters fit; the most specific one wins. */
function route(request: ServiceRequest, model: ServiceModel): RouteMatch | undefined {
  let best: (RouteMatch & { score: number }) | undefined;
  for (const operation of Object.values(model.operations)) {
    if (operation.http.method !== request.method) continue;
    const template = templateOf(operation);
    const queryFits = template.query.every(([key, value]) =>
      value === undefined ? request.query.has(key) : request.query.get(key) === value,
    );
    if (!queryFits) continue;
    const labels = matchPath(template, request.path);
    if (!labels) continue;
    const score = template.query.length * 100 + template.segments.filter((segment) => segment.literal).length;
    if (!best || score > best.score) best = { operation, labels, score };
  }
  return best;
}

function headerValue(request: ServiceRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

function readScalar(shape: Shape, name: string, raw: string, timestampFormat: 'iso8601' | 'rfc822'): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^[+-]?\d+$/.test(raw.trim())) throw invalidArgument(`${name} must be an integer, got '${raw}'.`);
      return Number(raw);
    case 'float':
    case 'double': {
      const number = Number(raw);
      if (raw.trim() === '' || Number.isNaN(number)) throw invalidArgument(`${name} must be a number, got '${raw}'.`);
      return number;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalidArgument(`${name} must be true or false, got '${raw}'.`);
      return raw === 'true';
    case 'timestamp': {
      const date = new Date(raw);
      if (Number.isNaN(date.getTime())) {
        throw invalidArgument(`${name} must be an ${timestampFormat === 'rfc822' ? 'HTTP date' : 'ISO 8601'} time.`);
      }
      return date;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

function childrenNamed(element: ParsedXmlElement, name: string): ParsedXmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** Reads an XML element as a value of its shape. */
function fromXml(model: ServiceModel, ref: ShapeRef, element: ParsedXmlElement): unknown {
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      return structureFromXml(model, shape, element);
    case 'list': {
      const memberName = shape.member.locationName ?? 'member';
      return childrenNamed(element, memberName).map((child) => fromXml(model, shape.member, child));
    }
    case 'map':
      return Object.fromEntries(
        childrenNamed(element, 'entry').map((entry) => [
          childrenNamed(entry, shape.key.locationName ?? 'key')[0]?.text ?? '',
          fromXml(model, shape.value, childrenNamed(entry, shape.value.locationName ?? 'value')[0] ?? entry),
        ]),
      );
    default:
      return readScalar(shape, element.name, element.text, 'iso8601');
  }
}

function structureFromXml(model: ServiceModel, shape: StructureShape, element: ParsedXmlElement): StructureValue {
  const value: StructureValue = {};
  for (const [member, ref] of Object.entries(shape.members)) {
    if (ref.location) continue;
    const name = ref.locationName ?? member;
    const matches = childrenNamed(element, name);
    const memberShape = model.shape(ref.shape);
    if (memberShape.type === 'list' && (ref.flattened || memberShape.flattened)) {
      if (matches.length > 0) value[member] = matches.map((child) => fromXml(model, memberShape.member, child));
    } else if (matches[0]) {
      value[member] = fromXml(model, ref, matches[0]);
    }
  }
  return value;
}

function malformedXml(): AwsError {
  return new AwsError({
    code: 'MalformedXML',
    message: 'The XML you provided was not well-formed or did not validate against our published schema',
  });
}

function parseBodyXml(body: Buffer): ParsedXmlElement {
  try {
    return parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw malformedXml();
    throw error;
  }
}

function readInput(
  model: ServiceModel,
  shape: StructureShape,
  request: ServiceRequest,
  labels: Record<string, string>,
): StructureValue {
  const input: StructureValue = {};
  const bodyMembers: [string, ShapeRef][] = [];
  for (const [member, ref] of Object.entries(shape.members)) {
    const memberShape = model.shape(ref.shape);
    const name = ref.locationName ?? member;
    switch (ref.location) {
      case 'uri':
        if (labels[name] !== undefined) input[member] = labels[name];
        break;
      case 'querystring': {
        const values = request.query.getAll(name);
        if (values.length === 0) break;
        input[member] =
          memberShape.type === 'list'
            ? values
            : readScalar(
                memberShape,
                name,
                values[0] as string,
                ref.timestampFormat === 'rfc822' ? 'rfc822' : 'iso8601',
              );
        break;
      }
      case 'header': {
        const raw = headerValue(request, name);
        if (raw === undefined) break;
        input[member] =
          memberShape.type === 'list'
            ? raw.split(',').map((item) => item.trim())
            : readScalar(memberShape, name, raw, ref.timestampFormat === 'iso8601' ? 'iso8601' : 'rfc822');
        break;
      }
      case 'headers': {
        const prefix = name.toLowerCase();
        const entries = Object.entries(request.headers)
          .filter(([header]) => header.startsWith(prefix))
          .map(([header, value]) => [header.slice(prefix.length), Array.isArray(value) ? value.join(',') : value]);
        if (entries.length > 0) input[member] = Object.fromEntries(entries);
        break;
      }
      case 'statusCode':
        break;
      default:
        if (member === shape.payload) {
          if (memberShape.type === 'blob' || memberShape.type === 'string') {
            input[member] = memberShape.type === 'blob' ? request.body : request.body.toString('utf8');
          } else if (request.body.length > 0) {
            const root = parseBodyXml(request.body);
            if (root.name !== name) throw malformedXml();
            input[member] = fromXml(model, ref, root);
          }
        } else {
          bodyMembers.push([member, ref]);
        }
    }
  }
  if (!shape.payload && bodyMembers.length > 0 && request.body.length > 0) {
    Object.assign(input, structureFromXml(model, shape, parseBodyXml(request.body)));
  }
  return input;
}

/**
 * The request as its sender meant it: a streamed upload in the `aws-chunked` encoding becomes its plain bytes, and
 * the checksums that trail it become headers.
 */
function withDecodedBody(request: ServiceRequest): ServiceRequest {
  const encodings = String(request.headers['content-encoding'] ?? '')
    .split(',')
    .map((encoding) => encoding.trim())
    .filter((encoding) => encoding !== '');
  const streaming = String(request.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  if (!streaming && !encodings.includes('aws-chunked')) return request;
  const { payload, trailers } = decodeAwsChunked(request.body);
  const headers = { ...request.headers, ...trailers, 'content-length': String(payload.length) };
  const remaining = encodings.filter((encoding) => encoding !== 'aws-chunked');
  if (remaining.length > 0) headers['content-encoding'] = remaining.join(', ');
  else delete headers['content-encoding'];
  return { ...request, headers, body: payload };
}

function headerText(shape: Shape, value: unknown): string {
  if (value instanceof Date) return value.toUTCString();
  if (shape.type === 'blob' && value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function scalarText(shape: Shape, value: unknown): string {
  if (shape.type === 'timestamp' && value instanceof Date) return value.toISOString();
  if (shape.type === 'blob' && value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** Writes a value as XML elements by its shape: several for flattened lists, else one. */
function toXml(model: ServiceModel, ref: ShapeRef, name: string, value: unknown): XmlElement[] {
  if (value === undefined || value === null) return [];
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      return [{ name, children: bodyElements(model, shape, value as StructureValue) }];
    case 'list': {
      const items = value as unknown[];
      if (ref.flattened || shape.flattened) return items.flatMap((item) => toXml(model, shape.member, name, item));
      const memberName = shape.member.locationName ?? 'member';
      return [{ name, children: items.flatMap((item) => toXml(model, shape.member, memberName, item)) }];
    }
    case 'map':
      return [
        {
          name,
          children: Object.entries(value as Record<string, unknown>).map(([key, entry]) => ({
            name: 'entry',
            children: [
              { name: shape.key.locationName ?? 'key', text: key },
              ...toXml(model, shape.value, shape.value.locationName ?? 'value', entry),
            ],
          })),
        },
      ];
    default:
      return [{ name, text: scalarText(shape, value) }];
  }
}

function bodyElements(model: ServiceModel, shape: StructureShape, value: StructureValue): XmlElement[] {
  return Object.entries(shape.members)
    .filter(([, ref]) => !ref.location)
    .flatMap(([member, ref]) => toXml(model, ref, ref.locationName ?? member, value[member]));
}

/** Headers every S3 response carries; clients read the request ids from them. */
function s3Headers(requestId: string): Record<string, string> {
  return {
    'x-amz-request-id': requestId,
    'x-amz-id-2': randomBytes(48).toString('base64'),
    server: 'AmazonS3',
  };
}

function xmlDocument(model: ServiceModel, root: XmlElement): string {
  const attributes = model.metadata.xmlNamespace ? { xmlns: model.metadata.xmlNamespace } : undefined;
  return `${XML_DECLARATION}${renderXml({ ...root, attributes: { ...attributes, ...root.attributes } })}`;
}

export const restXmlProtocol: Protocol = {
  requestedOperation(request, model) {
    return route(request, model)?.operation.name;
  },

  parseRequest(request, model) {
    const match = route(request, model);
    if (!match) {
      throw new AwsError({
        code: 'NotImplemented',
        message: `local-aws does not emulate ${request.method} ${request.path} for ${model.metadata.serviceId}`,
        status: 501,
      });
    }
    const { operation, labels } = match;
    const input = operation.input
      ? readInput(model, model.structure(operation.input.shape), withDecodedBody(request), labels)
      : {};
    return { operation: operation.name, input };
  },

  serializeOutput(operationName, output, { model, requestId }) {
    const operation = model.operation(operationName) as RestOperationModel | undefined;
    if (!operation) throw new Error(`${model.metadata.serviceId} has no operation ${operationName}`);
    const headers = s3Headers(requestId);
    let body: string | Buffer = '';
    if (operation.output) {
      const shape = model.structure(operation.output.shape);
      for (const [member, ref] of Object.entries(shape.members)) {
        const value = output[member];
        if (value === undefined || value === null) continue;
        const name = ref.locationName ?? member;
        if (ref.location === 'header') headers[name.toLowerCase()] = headerText(model.shape(ref.shape), value);
        if (ref.location === 'headers') {
          for (const [key, entry] of Object.entries(value as Record<string, string>)) {
            headers[`${name.toLowerCase()}${key}`] = entry;
          }
        }
      }
      const payloadRef = shape.payload ? shape.members[shape.payload] : undefined;
      if (shape.payload && payloadRef) {
        const value = output[shape.payload];
        if (Buffer.isBuffer(value) || typeof value === 'string') body = value;
        else if (value !== undefined) {
          body = xmlDocument(
            model,
            toXml(model, payloadRef, payloadRef.locationName ?? shape.payload, value)[0] as XmlElement,
          );
          headers['content-type'] ??= 'application/xml';
        }
      } else {
        const children = bodyElements(model, shape, output);
        if (children.length > 0) {
          body = xmlDocument(model, { name: operation.output.locationName ?? operation.output.shape, children });
          headers['content-type'] = 'application/xml';
        }
      }
    }
    return { status: operation.http.responseCode ?? 200, headers, body };
  },

  serializeError(error, { requestId }) {
    const details = error instanceof RestXmlError ? error.details : {};
    const extraHeaders = error instanceof RestXmlError ? error.headers : {};
    const body = `${XML_DECLARATION}${renderXml({
      name: 'Error',
      children: [
        { name: 'Code', text: error.code },
        { name: 'Message', text: error.message },
        ...Object.entries(details).map(([name, text]) => ({ name, text })),
        { name: 'RequestId', text: requestId },
        { name: 'HostId', text: randomBytes(48).toString('base64') },
      ],
    })}`;
    return {
      status: error.status,
      headers: { ...s3Headers(requestId), ...extraHeaders, 'content-type': 'application/xml' },
      body,
    };
  },

  missingAuthentication() {
    return new AwsError({ code: 'AccessDenied', message: 'Access Denied', status: 403 });
  },
};
