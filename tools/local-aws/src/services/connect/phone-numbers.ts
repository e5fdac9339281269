import { LocalAwsConfigError } from '../../errors.js';
import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext } from '../service.js';
import { activeInstance, regionState, type ConnectEnvironment, type ConnectHandlers } from './environment.js';
import { connectModel, invalidParameter, notFound } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectRegion, type PhoneNumber } from './store.js';

// Claimed phone numbers. Claiming a real number is out of reach locally, so numbers are seeded through the admin
// API (`POST /_local/connect/phone-numbers`); everything after that goes through the Connect API.

/** Country calling codes of the countries contact centers usually claim numbers in, longest first. */
const CALLING_CODES: readonly [string, string][] = [
  ['+353', 'IE'],
  ['+44', 'GB'],
  ['+61', 'AU'],
  ['+49', 'DE'],
  ['+33', 'FR'],
  ['+81', 'JP'],
  ['+65', 'SG'],
  ['+27', 'ZA'],
  ['+64', 'NZ'],
  ['+52', 'MX'],
  ['+55', 'BR'],
  ['+91', 'IN'],
  ['+1', 'US'],
];

const E164 = /^\+[1-9]\d{1,14}$/;

function phoneNumberTypes(): string[] {
  const shape = connectModel.shape('PhoneNumberType');
  return shape.type === 'string' ? (shape.enum ?? []) : [];
}

function countryOf(number: string): string {
  return CALLING_CODES.find(([code]) => number.startsWith(code))?.[1] ?? 'US';
}

function numberSummary(state: ConnectRegion, number: PhoneNumber): StructureValue {
  return {
    PhoneNumberId: number.id,
    PhoneNumberArn: number.arn,
    PhoneNumber: number.number,
    PhoneNumberCountryCode: number.countryCode,
    PhoneNumberType: number.type,
    TargetArn: state.instances.get(number.instanceId)?.arn,
    InstanceId: number.instanceId,
    PhoneNumberDescription: number.description,
  };
}

function numberOf(env: ConnectEnvironment, context: OperationContext, reference: unknown): PhoneNumber {
  const id = String(reference).split('/').pop() ?? '';
  const number = regionState(env, context).phoneNumbers.get(id);
  if (!number) throw notFound(`Phone number not found: ${String(reference)}`);
  return number;
}

interface SeedRequest {
  account?: unknown;
  region?: unknown;
  instanceId?: unknown;
  phoneNumber?: unknown;
  type?: unknown;
  description?: unknown;
}

/** `POST /_local/connect/phone-numbers`: a number claimed by an instance, as if ClaimPhoneNumber had succeeded. */
export function seedPhoneNumber(env: ConnectEnvironment, body: unknown): StructureValue {
  const request = (body ?? {}) as SeedRequest;
  const problems: string[] = [];
  if (typeof request.account !== 'string' || !/^\d{12}$/.test(request.account)) {
    problems.push('account must be a 12-digit account number');
  }
  if (typeof request.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(request.region)) {
    problems.push('region must be a region name such as us-east-1');
  }
  if (typeof request.phoneNumber !== 'string' || !E164.test(request.phoneNumber)) {
    problems.push('phoneNumber must be in E.164 form, e.g. +15555550100');
  }
  const types = phoneNumberTypes();
  const type = request.type ?? 'DID';
  if (typeof type !== 'string' || !types.includes(type)) problems.push(`type must be one of ${types.join(', ')}`);
  if (request.description !== undefined && typeof request.description !== 'string') {
    problems.push('description must be a string');
  }
  const state =
    problems.length === 0 ? env.store.region(request.account as string, request.region as string) : undefined;
  const instance = state?.findInstance(String(request.instanceId));
  if (state && !instance)
    problems.push(`instanceId ${String(request.instanceId)} is not an instance of that account and region`);
  if (state && [...state.phoneNumbers.values()].some((number) => number.number === request.phoneNumber)) {
    problems.push(`${String(request.phoneNumber)} is already claimed in that account and region`);
  }
  if (problems.length > 0 || !state || !instance) throw new LocalAwsConfigError('phone number', problems);
  const id = newId();
  const number: PhoneNumber = {
    id,
    arn: `${state.arnPrefix}:phone-number/${id}`,
    number: request.phoneNumber as string,
    countryCode: countryOf(request.phoneNumber as string),
    type: type as string,
    description: request.description as string | undefined,
    instanceId: instance.id,
    tags: {},
  };
  state.phoneNumbers.set(id, number);
  return { PhoneNumberId: id, PhoneNumberArn: number.arn };
}

export function phoneNumberOperations(env: ConnectEnvironment): ConnectHandlers {
  return {
    ListPhoneNumbersV2: (input, context) => {
      const state = regionState(env, context);
      const target = (input.TargetArn ?? input.InstanceId) as string | undefined;
      const instance = target === undefined ? undefined : activeInstance(env, context, target);
      const countries = (input.PhoneNumberCountryCodes as string[] | undefined) ?? [];
      const types = (input.PhoneNumberTypes as string[] | undefined) ?? [];
      const prefix = input.PhoneNumberPrefix as string | undefined;
      const numbers = [...state.phoneNumbers.values()].filter(
        (number) =>
          (instance === undefined || number.instanceId === instance.id) &&
          (countries.length === 0 || countries.includes(number.countryCode)) &&
          (types.length === 0 || types.includes(number.type)) &&
          (prefix === undefined || number.number.replace(/^\+/, '').startsWith(prefix.replace(/^\+/, ''))),
      );
      const scope = `${instance?.id ?? ''}/${countries.join(',')}/${types.join(',')}/${prefix ?? ''}`;
      const page = paginate('ListPhoneNumbersV2', numbers, input, scope);
      return {
        output: {
          ListPhoneNumbersSummaryList: page.items.map((number) => numberSummary(state, number)),
          NextToken: page.nextToken,
        },
      };
    },

    ListPhoneNumbers: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const countries = (input.PhoneNumberCountryCodes as string[] | undefined) ?? [];
      const types = (input.PhoneNumberTypes as string[] | undefined) ?? [];
      const numbers = [...regionState(env, context).phoneNumbers.values()].filter(
        (number) =>
          number.instanceId === instance.id &&
          (countries.length === 0 || countries.includes(number.countryCode)) &&
          (types.length === 0 || types.includes(number.type)),
      );
      const page = paginate(
        'ListPhoneNumbers',
        numbers,
        input,
        `${instance.id}/${countries.join(',')}/${types.join(',')}`,
      );
      return {
        output: {
          PhoneNumberSummaryList: page.items.map((number) => ({
            Id: number.id,
            Arn: number.arn,
            PhoneNumber: number.number,
            PhoneNumberType: number.type,
            PhoneNumberCountryCode: number.countryCode,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribePhoneNumber: (input, context) => {
      const number = numberOf(env, context, input.PhoneNumberId);
      return {
        output: {
          ClaimedPhoneNumberSummary: {
            ...numberSummary(regionState(env, context), number),
            Tags: { ...number.tags },
            PhoneNumberStatus: { Status: 'CLAIMED' },
          },
        },
      };
    },

    AssociatePhoneNumberContactFlow: (input, context) => {
      const number = numberOf(env, context, input.PhoneNumberId);
      const instance = activeInstance(env, context, input.InstanceId);
      if (number.instanceId !== instance.id) {
        throw invalidParameter(`Phone number ${number.number} is not claimed by instance ${instance.id}.`);
      }
      const flow = instance.flows.get(input.ContactFlowId as string);
      if (flow.type !== 'CONTACT_FLOW') {
        throw invalidParameter(
          `Only flows of type CONTACT_FLOW can answer a phone number; ${flow.name} is ${flow.type}.`,
        );
      }
      number.contactFlowId = flow.id;
      return { output: {} };
    },

    DisassociatePhoneNumberContactFlow: (input, context) => {
      const number = numberOf(env, context, input.PhoneNumberId);
      const instance = activeInstance(env, context, input.InstanceId);
      if (number.instanceId !== instance.id) {
        throw invalidParameter(`Phone number ${number.number} is not claimed by instance ${instance.id}.`);
      }
      number.contactFlowId = undefined;
      return { output: {} };
    },

    ListFlowAssociations: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const resourceType = input.ResourceType as string | undefined;
      // Only voice numbers are emulated, so other resource types have no associations.
      const numbers =
        resourceType === undefined || resourceType === 'VOICE_PHONE_NUMBER'
          ? [...regionState(env, context).phoneNumbers.values()].filter(
              (number) => number.instanceId === instance.id && number.contactFlowId !== undefined,
            )
          : [];
      const page = paginate('ListFlowAssociations', numbers, input, `${instance.id}/${resourceType ?? ''}`);
      return {
        output: {
          FlowAssociationSummaryList: page.items.map((number) => ({
            ResourceId: number.arn,
            FlowId: instance.resourceArn('flow', number.contactFlowId as string),
            ResourceType: 'VOICE_PHONE_NUMBER',
          })),
          NextToken: page.nextToken,
        },
      };
    },
  };
}
