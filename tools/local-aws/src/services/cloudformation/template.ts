import { parseDocument, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/** A template that cannot be used; `message` is CloudFormation's, which callers send as a ValidationError. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** `Template format error: ...`, CloudFormation's prefix for problems in the template's structure. */
export function formatError(detail: string): TemplateError {
  return new TemplateError(`Template format error: ${detail}`);
}

export interface ParameterDeclaration {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  NoEcho?: boolean | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface ResourceDeclaration {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
  CreationPolicy?: unknown;
  UpdatePolicy?: unknown;
}

export interface OutputDeclaration {
  Value: unknown;
  Description?: unknown;
  Export?: { Name: unknown };
  Condition?: string;
}

export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: unknown;
  Parameters: Record<string, ParameterDeclaration>;
  Mappings: Record<string, Record<string, Record<string, unknown>>>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, ResourceDeclaration>;
  Outputs: Record<string, OutputDeclaration>;
}

const SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);

const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);

const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);

/** The YAML short forms and the JSON functions they stand for. */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  FindInMap: 'Fn::FindInMap',
  GetAtt: 'Fn::GetAtt',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Sub: 'Fn::Sub',
  Transform: 'Fn::Transform',
  And: 'Fn::And',
  Equals: 'Fn::Equals',
  If: 'Fn::If',
  Not: 'Fn::Not',
  Or: 'Fn::Or',
};

/** `!GetAtt Table.Arn` names the resource before the first dot, the attribute (which may hold dots) after it. */
function getAttOperand(text: string): string[] {
  const dot = text.indexOf('.');
  return dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = Object.entries(SHORT_FORMS).flatMap(([short, name]) => [
  {
    tag: `!${short}`,
    resolve: (text: string) => ({ [name]: short === 'GetAtt' ? getAttOperand(text) : text }),
  } satisfies ScalarTag,
  {
    tag: `!${short}`,
    collection: 'seq',
    resolve: (seq: YAMLSeq.Parsed) => ({ [name]: seq.toJSON() }),
  } as CollectionTag,
  {
    tag: `!${short}`,
    collection: 'map',
    resolve: (map: YAMLMap.Parsed) => ({ [name]: map.toJSON() }),
  } as CollectionTag,
]);

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const where = position ? ` (${lineAndColumn(text, Number(position[1]))})` : '';
    throw formatError(`JSON not well-formed.${where}`);
  }
}

function parseYaml(text: string): unknown {
  // CloudFormation reads templates as YAML 1.1 (`yes` is a boolean there), with its short-form function tags, but
  // keeps dates as text: `AWSTemplateFormatVersion: 2010-09-09`, unquoted, is the usual way to write it.
  const document = parseDocument(text, {
    version: '1.1',
    customTags: (tags) => [
      ...tags.filter((t) => t !== 'timestamp' && (typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp')),
      ...CUSTOM_TAGS,
    ],
    uniqueKeys: true,
  });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    const position = problem.linePos?.[0];
    const where = position ? ` (line ${position.line}, column ${position.col})` : '';
    throw formatError(`YAML not well-formed.${where}`);
  }
  return document.toJS({ maxAliasCount: 100 });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function section<T>(document: Record<string, unknown>, name: string): Record<string, T> {
  const value = document[name];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw formatError(`${name} must be an object`);
  return value as Record<string, T>;
}

function checkResources(resources: Record<string, unknown>): void {
  if (Object.keys(resources).length === 0) throw formatError('At least one Resources member must be defined.');
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) throw formatError(`Resource name ${logicalId} is non alphanumeric.`);
    if (!isRecord(resource) || typeof resource.Type !== 'string') {
      throw formatError(`[/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    }
    const unknown = Object.keys(resource).filter((key) => !RESOURCE_ATTRIBUTES.has(key));
    if (unknown.length > 0) throw formatError(`Invalid template resource property '${unknown[0]}'`);
    if (resource.Properties !== undefined && !isRecord(resource.Properties)) {
      throw formatError(`[/Resources/${logicalId}/Properties] Every Properties member must be an object`);
    }
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      const value = resource[policy];
      if (value !== undefined && !(typeof value === 'string' && DELETION_POLICIES.has(value))) {
        throw formatError(`[/Resources/${logicalId}/${policy}] Unrecognized ${policy} ${String(value)}`);
      }
    }
  }
}

function checkParameters(parameters: Record<string, unknown>): void {
  for (const [name, parameter] of Object.entries(parameters)) {
    if (!/^[A-Za-z0-9]+$/.test(name)) throw formatError(`Parameter name ${name} is non alphanumeric.`);
    if (!isRecord(parameter) || typeof parameter.Type !== 'string') {
      throw formatError(`[/Parameters/${name}] Every Parameters object must contain a Type member.`);
    }
  }
}

function checkOutputs(outputs: Record<string, unknown>): void {
  for (const [name, output] of Object.entries(outputs)) {
    if (!/^[A-Za-z0-9]+$/.test(name)) throw formatError(`Output name ${name} is non alphanumeric.`);
    if (!isRecord(output) || output.Value === undefined) {
      throw formatError(`[/Outputs/${name}] Every Outputs member must contain a Value object`);
    }
    if (output.Export !== undefined && !(isRecord(output.Export) && output.Export.Name !== undefined)) {
      throw formatError(`[/Outputs/${name}/Export] Every Export member must contain a Name object`);
    }
  }
}

/**
 * Reads a template body, JSON or YAML, and checks its structure: the sections CloudFormation knows, a Type on every
 * resource and parameter, a Value on every output. What the template means is checked when it is used.
 */
export function parseTemplate(body: string): Template {
  const document = body.trimStart().startsWith('{') ? parseJson(body) : parseYaml(body);
  if (!isRecord(document)) throw formatError('Template must be a JSON or YAML object');
  const unknown = Object.keys(document).filter((key) => !SECTIONS.has(key));
  if (unknown.length > 0) throw formatError(`Invalid template property or properties [${unknown.join(', ')}]`);
  const version = document.AWSTemplateFormatVersion;
  if (version !== undefined && String(version) !== '2010-09-09') {
    throw formatError(`Unsupported template version: ${String(version)}`);
  }
  if (document.Transform !== undefined) {
    throw formatError(`Transform ${JSON.stringify(document.Transform)} is not processed by local-aws`);
  }
  if (document.Description !== undefined && typeof document.Description !== 'string') {
    throw formatError('Description must be a string');
  }
  const resources = section<ResourceDeclaration>(document, 'Resources');
  checkResources(resources);
  const parameters = section<ParameterDeclaration>(document, 'Parameters');
  checkParameters(parameters);
  const outputs = section<OutputDeclaration>(document, 'Outputs');
  checkOutputs(outputs);
  return {
    AWSTemplateFormatVersion: version === undefined ? undefined : String(version),
    Description: document.Description as string | undefined,
    Metadata: document.Metadata,
    Parameters: parameters,
    Mappings: section(document, 'Mappings'),
    Conditions: section(document, 'Conditions'),
    Resources: resources,
    Outputs: outputs,
  };
}
