import { AwsError } from '../errors.js';
import { readJson } from '../protocols/json-rpc.js';
import type { ServiceModel, ShapeRef } from './model.js';
import { ModelValidator, validationMessage } from './validator.js';

// Responses are held to the model as requests are: a client deserialises by the model, so a member the model does not
// have, a value of the wrong type or outside its enum would reach it as nothing, or as something AWS never sends.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The members of a JSON body that its shape does not have, by their path (`botLocaleSummaries.0.extra`). */
function unknownMembers(model: ServiceModel, ref: ShapeRef, value: unknown, path: string): string[] {
  if (value === null || value === undefined) return [];
  const shape = model.shape(ref.shape);
  const at = (name: string | number) => (path ? `${path}.${name}` : String(name));
  if (shape.type === 'structure' && isPlainObject(value)) {
    return Object.entries(value).flatMap(([name, entry]) => {
      const member = shape.members[name];
      return member ? unknownMembers(model, member, entry, at(name)) : [`${at(name)} is not a member of ${ref.shape}`];
    });
  }
  if (shape.type === 'list' && Array.isArray(value)) {
    return value.flatMap((entry, index) => unknownMembers(model, shape.member, entry, at(index)));
  }
  if (shape.type === 'map' && isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, entry]) => unknownMembers(model, shape.value, entry, at(key)));
  }
  return [];
}

/**
 * What is wrong with the JSON body an operation answered, measured against its output shape: members the shape does
 * not have, values of the wrong type, required members, enums and ranges. An empty list means the body conforms. Members bound to headers or the status code are not in the body
 * and are not checked.
 */
export function outputProblems(model: ServiceModel, operationName: string, body: unknown): string[] {
  const operation = model.operation(operationName);
  if (!operation) return [`${operationName} is not an operation of the model`];
  if (!operation.output) {
    return isPlainObject(body) && Object.keys(body).length > 0
      ? [`${operationName} has no output, yet answered a body`]
      : [];
  }
  const ref: ShapeRef = { shape: operation.output.shape };
  const structure = model.structure(ref.shape);
  const bodyMembers = Object.fromEntries(
    Object.entries(structure.members).filter(([, member]) => member.location === undefined),
  );
  const problems = unknownMembers(model, ref, body, '');
  let value: unknown;
  try {
    value = readJson(model, ref, body ?? {});
  } catch (error) {
    if (error instanceof AwsError) return [...problems, error.message];
    throw error;
  }
  // Lengths and patterns stay out: they constrain what a caller sends, and the models put request-only shapes on some
  // answers (DescribeIntent's botVersion is DraftBotVersion, yet a numbered version describes itself with its number).
  const violations = new ModelValidator(model)
    .validateValue(ref, value, '')
    .filter((violation) => (violation.path.split('.')[0] ?? '') in bodyMembers)
    .filter((violation) => !/length|regular expression/.test(violation.constraint));
  if (violations.length > 0) problems.push(validationMessage(violations));
  return problems;
}
