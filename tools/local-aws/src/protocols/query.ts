import { AwsError } from '../errors.js';
import type { ServiceModel, Shape, ShapeRef, StructureShape } from '../models/model.js';
import type { HttpResponse, Protocol, ServiceRequest, StructureValue } from './protocol.js';
import { renderXml, type XmlElement } from './xml.js';

// The awsQuery protocol (STS, IAM, SQS's old API): the input is form-encoded in the body (or in the query string of a
// GET), members flattened into dotted keys (`Tags.member.1.Key`), and the output and errors are XML documents.

const XML_CONTENT_TYPE = 'text/xml';

function requestParameters(request: ServiceRequest): URLSearchParams {
  const parameters = new URLSearchParams(request.query);
  const contentType = String(request.headers['content-type'] ?? '');
  if (request.body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) parameters.append(key, value);
  }
  return parameters;
}

function invalidParameter(name: string, raw: string, expected: string): AwsError {
  return new AwsError({
    code: 'InvalidParameterValue',
    message: `Value '${raw}' for parameter ${name} is invalid. It must be ${expected}.`,
  });
}

/** Reads one operation's input out of flattened form parameters, by the shapes of its model. */
class QueryInputReader {
  private readonly keys: string[];

  constructor(
    private readonly model: ServiceModel,
    private readonly parameters: URLSearchParams,
  ) {
    this.keys = [...parameters.keys()];
  }

  readStructure(shape: StructureShape, prefix: string): StructureValue {
    const value: StructureValue = {};
    for (const [member, ref] of Object.entries(shape.members)) {
      const memberValue = this.read(ref, `${prefix}${ref.locationName ?? member}`);
      if (memberValue !== undefined) value[member] = memberValue;
    }
    return value;
  }

  private hasKeysUnder(key: string): boolean {
    return this.keys.some((candidate) => candidate === key || candidate.startsWith(`${key}.`));
  }

  private read(ref: ShapeRef, key: string): unknown {
    const shape = this.model.shape(ref.shape);
    switch (shape.type) {
      case 'structure':
        return this.hasKeysUnder(key) ? this.readStructure(shape, `${key}.`) : undefined;
      case 'list': {
        // An empty list travels as the bare key with an empty value.
        if (this.parameters.get(key) === '') return [];
        const base = ref.flattened || shape.flattened ? key : `${key}.${shape.member.locationName ?? 'member'}`;
        const items: unknown[] = [];
        for (let index = 1; this.hasKeysUnder(`${base}.${index}`); index += 1) {
          items.push(this.read(shape.member, `${base}.${index}`));
        }
        return items.length > 0 ? items : undefined;
      }
      case 'map': {
        const base = ref.flattened || shape.flattened ? key : `${key}.entry`;
        const keyName = shape.key.locationName ?? 'key';
        const valueName = shape.value.locationName ?? 'value';
        const entries: Record<string, unknown> = {};
        for (let index = 1; this.parameters.has(`${base}.${index}.${keyName}`); index += 1) {
          const entryKey = this.parameters.get(`${base}.${index}.${keyName}`) as string;
          entries[entryKey] = this.read(shape.value, `${base}.${index}.${valueName}`);
        }
        return Object.keys(entries).length > 0 ? entries : undefined;
      }
      default: {
        const raw = this.parameters.get(key);
        return raw === null ? undefined : readScalar(shape, key, raw);
      }
    }
  }
}

function readScalar(shape: Shape, name: string, raw: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^[+-]?\d+$/.test(raw)) throw invalidParameter(name, raw, 'an integer');
      return Number(raw);
    case 'float':
    case 'double': {
      const number = Number(raw);
      if (raw.trim() === '' || (Number.isNaN(number) && raw !== 'NaN')) throw invalidParameter(name, raw, 'a number');
      return number;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalidParameter(name, raw, 'true or false');
      return raw === 'true';
    case 'timestamp': {
      const date = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
      if (Number.isNaN(date.getTime())) throw invalidParameter(name, raw, 'an ISO 8601 timestamp');
      return date;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

/** AWS's query services write timestamps as ISO 8601 in UTC, to the second. */
function formatQueryTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function scalarText(shape: Shape, value: unknown): string {
  if (shape.type === 'timestamp' && value instanceof Date) return formatQueryTimestamp(value);
  if (shape.type === 'blob' && value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** Writes a value as XML elements by its shape: several for flattened lists and maps, else one. */
function toXml(model: ServiceModel, ref: ShapeRef, name: string, value: unknown): XmlElement[] {
  if (value === undefined || value === null) return [];
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      return [{ name, children: structureChildren(model, shape, value as StructureValue) }];
    case 'list': {
      const items = value as unknown[];
      if (ref.flattened || shape.flattened) return items.flatMap((item) => toXml(model, shape.member, name, item));
      const memberName = shape.member.locationName ?? 'member';
      return [{ name, children: items.flatMap((item) => toXml(model, shape.member, memberName, item)) }];
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>).map(([key, entry]) => ({
        name: 'entry',
        children: [
          { name: shape.key.locationName ?? 'key', text: key },
          ...toXml(model, shape.value, shape.value.locationName ?? 'value', entry),
        ],
      }));
      return [{ name, children: entries }];
    }
    default:
      return [{ name, text: scalarText(shape, value) }];
  }
}

function structureChildren(model: ServiceModel, shape: StructureShape, value: StructureValue): XmlElement[] {
  return Object.entries(shape.members).flatMap(([member, ref]) =>
    toXml(model, ref, ref.locationName ?? member, value[member]),
  );
}

function xmlResponse(status: number, root: XmlElement, requestId: string): HttpResponse {
  return {
    status,
    headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: renderXml(root),
  };
}

function namespaceAttribute(model: ServiceModel): Record<string, string> | undefined {
  return model.metadata.xmlNamespace ? { xmlns: model.metadata.xmlNamespace } : undefined;
}

export const queryProtocol: Protocol = {
  requestedOperation(request) {
    return requestParameters(request).get('Action') ?? undefined;
  },

  parseRequest(request, model) {
    const parameters = requestParameters(request);
    const action = parameters.get('Action');
    const version = parameters.get('Version');
    const operation = action === null ? undefined : model.operation(action);
    if (!operation || version !== model.metadata.apiVersion) {
      throw new AwsError({
        code: 'InvalidAction',
        message: `Could not find operation ${action ?? ''} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
      });
    }
    const reader = new QueryInputReader(model, parameters);
    const input = operation.input ? reader.readStructure(model.structure(operation.input.shape), '') : {};
    return { operation: operation.name, input };
  },

  serializeOutput(operationName, output, { model, requestId }) {
    const operation = model.operation(operationName);
    if (!operation) throw new Error(`${model.metadata.serviceId} has no operation ${operationName}`);
    const members = operation.output ? structureChildren(model, model.structure(operation.output.shape), output) : [];
    const result = operation.output?.resultWrapper
      ? [{ name: operation.output.resultWrapper, children: members }]
      : members;
    return xmlResponse(
      200,
      {
        name: `${operationName}Response`,
        attributes: namespaceAttribute(model),
        children: [...result, { name: 'ResponseMetadata', children: [{ name: 'RequestId', text: requestId }] }],
      },
      requestId,
    );
  },

  serializeError(error, { model, requestId }) {
    return xmlResponse(
      error.status,
      {
        name: 'ErrorResponse',
        attributes: namespaceAttribute(model),
        children: [
          {
            name: 'Error',
            children: [
              { name: 'Type', text: error.fault },
              { name: 'Code', text: error.code },
              { name: 'Message', text: error.message },
            ],
          },
          { name: 'RequestId', text: requestId },
        ],
      },
      requestId,
    );
  },

  missingAuthentication() {
    return new AwsError({
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
      status: 403,
    });
  },
};
