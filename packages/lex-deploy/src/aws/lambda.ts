import {
  AddPermissionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { backoffDelay, sleep, toAwsOperationError, type AwsClients } from '@edd/core';
import { INVOKE_ACTION, LEX_PRINCIPAL, policyAllows, statementIdFor } from '../deploy/permission.js';
import type { FunctionRef } from '../model/names.js';

const POLICY_UPDATE_ATTEMPTS = 5;

function target(fn: FunctionRef) {
  return { FunctionName: fn.arn, ...(fn.qualifier ? { Qualifier: fn.qualifier } : {}) };
}

/** The Lambda side of a code hook: the function must exist, and its policy must let the alias invoke it. */
export class LambdaPermissions {
  private readonly client: LambdaClient;

  constructor(clients: AwsClients) {
    this.client = clients.get(LambdaClient);
  }

  async exists(fn: FunctionRef): Promise<boolean> {
    try {
      await this.client.send(new GetFunctionCommand(target(fn)));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw toAwsOperationError(error, 'Lambda:GetFunction', fn.qualifiedArn);
    }
  }

  async allows(fn: FunctionRef, aliasArn: string): Promise<boolean> {
    try {
      const { Policy } = await this.client.send(new GetPolicyCommand(target(fn)));
      return policyAllows(Policy, aliasArn);
    } catch (error) {
      // A function nobody granted anything has no policy at all.
      if (error instanceof ResourceNotFoundException) return false;
      throw toAwsOperationError(error, 'Lambda:GetPolicy', fn.qualifiedArn);
    }
  }

  /**
   * Lets lexv2.amazonaws.com invoke the function for this alias only (SourceArn). A statement that exists already
   * is success; a conflicting policy update in progress is retried.
   */
  async allow(fn: FunctionRef, aliasArn: string): Promise<'added' | 'exists'> {
    const StatementId = statementIdFor(aliasArn);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(
          new AddPermissionCommand({
            ...target(fn),
            StatementId,
            Action: INVOKE_ACTION,
            Principal: LEX_PRINCIPAL,
            SourceArn: aliasArn,
          }),
        );
        return 'added';
      } catch (error) {
        if (error instanceof ResourceConflictException) {
          if (/already exists/i.test(error.message)) return 'exists';
          if (attempt + 1 < POLICY_UPDATE_ATTEMPTS) {
            await sleep(backoffDelay(attempt, { baseDelayMs: 500, maxDelayMs: 5000 }));
            continue;
          }
        }
        throw toAwsOperationError(error, 'Lambda:AddPermission', fn.qualifiedArn);
      }
    }
  }
}
