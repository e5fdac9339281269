import type { AwsError } from '../../errors.js';
import { ServiceModel, type ServiceModelJson } from '../../models/model.js';
import { modeledError } from '../../protocols/rest-json.js';
import connectJson from '../../../models/connect.json' with { type: 'json' };

export const connectModel = new ServiceModel(connectJson as ServiceModelJson);

/** A Connect error with the HTTP status its shape has in the model. */
export function connectError(code: string, message: string, fields?: Record<string, unknown>): AwsError {
  return modeledError(connectModel, code, message, fields);
}

export function notFound(message: string): AwsError {
  return connectError('ResourceNotFoundException', message);
}

export function duplicate(message: string): AwsError {
  return connectError('DuplicateResourceException', message);
}

export function invalidParameter(message: string): AwsError {
  return connectError('InvalidParameterException', message);
}

export function invalidRequest(message: string): AwsError {
  return connectError('InvalidRequestException', message);
}

export function conflict(message: string): AwsError {
  return connectError('ResourceConflictException', message);
}

/** `resourceType` only where the model's enum has the kind of the resource that holds on to it. */
export function resourceInUse(message: string, resourceId: string, resourceType?: string): AwsError {
  return connectError('ResourceInUseException', message, { ResourceType: resourceType, ResourceId: resourceId });
}

/**
 * The error Connect answers a malformed parameter of `operation` with: `InvalidParameterException` where the model
 * lists it for the operation, `InvalidRequestException` otherwise (CreateInstance, the bot operations, ...).
 */
export function parameterError(operation: string, message: string): AwsError {
  const listed = connectModel.operation(operation)?.errors?.some(({ shape }) => shape === 'InvalidParameterException');
  return listed ? invalidParameter(message) : invalidRequest(message);
}
