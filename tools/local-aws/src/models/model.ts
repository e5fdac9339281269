/** The parts of a botocore service model (`service-2.json`) that local-aws reads. */
export interface ServiceModelJson {
  metadata: ModelMetadata;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export interface ModelMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: string;
  serviceId: string;
  signingName?: string;
  targetPrefix?: string;
  jsonVersion?: string;
  xmlNamespace?: string;
}

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
}

/** A reference from a structure member, list member or map key/value to a shape, with its wire bindings. */
export interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  flattened?: boolean;
  timestampFormat?: TimestampFormat;
}

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

interface ShapeBase {
  min?: number;
  max?: number;
}

export interface StructureShape extends ShapeBase {
  type: 'structure';
  members: Record<string, ShapeRef>;
  required?: string[];
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  union?: boolean;
  /** The member that is the whole HTTP body (REST protocols). */
  payload?: string;
}

export interface ListShape extends ShapeBase {
  type: 'list';
  member: ShapeRef;
  flattened?: boolean;
}

export interface MapShape extends ShapeBase {
  type: 'map';
  key: ShapeRef;
  value: ShapeRef;
  flattened?: boolean;
}

export interface StringShape extends ShapeBase {
  type: 'string';
  pattern?: string;
  enum?: string[];
}

export interface NumberShape extends ShapeBase {
  type: 'integer' | 'long' | 'float' | 'double';
}

export interface BlobShape extends ShapeBase {
  type: 'blob';
}

export interface BooleanShape {
  type: 'boolean';
}

export interface TimestampShape {
  type: 'timestamp';
  timestampFormat?: TimestampFormat;
}

export type Shape =
  StructureShape | ListShape | MapShape | StringShape | NumberShape | BlobShape | BooleanShape | TimestampShape;

/** A trimmed service model with lookups that fail loudly on names the model does not define. */
export class ServiceModel {
  readonly metadata: ModelMetadata;
  readonly operations: Readonly<Record<string, OperationModel>>;

  constructor(private readonly json: ServiceModelJson) {
    this.metadata = json.metadata;
    this.operations = json.operations;
  }

  /** Read from the model on first use: the build parses the bulk of a model (its shapes) only when asked. */
  private get shapes(): Readonly<Record<string, Shape>> {
    return this.json.shapes;
  }

  /** The name SigV4 signs requests for (the credential scope's service). */
  get signingName(): string {
    return this.metadata.signingName ?? this.metadata.endpointPrefix;
  }

  operation(name: string): OperationModel | undefined {
    return Object.hasOwn(this.operations, name) ? this.operations[name] : undefined;
  }

  shape(name: string): Shape {
    const shape = Object.hasOwn(this.shapes, name) ? this.shapes[name] : undefined;
    if (!shape) throw new Error(`${this.metadata.serviceId} model has no shape ${name}`);
    return shape;
  }

  /** The error shape an error code names, if the model defines one. */
  exception(code: string): StructureShape | undefined {
    const shape = Object.hasOwn(this.shapes, code) ? this.shapes[code] : undefined;
    return shape?.type === 'structure' && shape.exception ? shape : undefined;
  }

  structure(name: string): StructureShape {
    const shape = this.shape(name);
    if (shape.type !== 'structure') throw new Error(`${this.metadata.serviceId} shape ${name} is not a structure`);
    return shape;
  }
}
