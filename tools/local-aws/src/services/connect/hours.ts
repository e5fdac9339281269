import type { StructureValue } from '../../protocols/protocol.js';
import {
  activeInstance,
  created,
  summary,
  tagsOf,
  touch,
  type ConnectEnvironment,
  type ConnectHandlers,
} from './environment.js';
import { duplicate, invalidParameter, invalidRequest } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type HoursOfOperation } from './store.js';

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

function checkTimeZone(timeZone: unknown): void {
  // `supportedValuesOf` leaves out the aliases (`UTC`, `US/Eastern`) that Connect accepts as well.
  if (typeof timeZone !== 'string') return;
  let valid = TIME_ZONES.has(timeZone);
  if (!valid) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
  }
  if (!valid) throw invalidParameter(`TimeZone ${timeZone} is not a valid time zone.`);
}

function describeHours(instance: ConnectInstance, hours: HoursOfOperation): StructureValue {
  return {
    HoursOfOperationId: hours.id,
    HoursOfOperationArn: hours.arn,
    Name: hours.name,
    Description: hours.description,
    TimeZone: hours.timeZone,
    Config: hours.config,
    ParentHoursOfOperations: hours.parentIds.length
      ? hours.parentIds.flatMap((id) => {
          const parent = instance.hours.find(id);
          return parent ? [{ Name: parent.name, Id: parent.id, Arn: parent.arn }] : [];
        })
      : undefined,
    Tags: { ...hours.tags },
    LastModifiedTime: hours.lastModifiedTime,
    LastModifiedRegion: hours.lastModifiedRegion,
  };
}

export function hoursOperations(env: ConnectEnvironment): ConnectHandlers {
  return {
    ListHoursOfOperations: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListHoursOfOperations', instance.hours.list(), input, instance.id);
      return { output: { HoursOfOperationSummaryList: page.items.map(summary), NextToken: page.nextToken } };
    },

    DescribeHoursOfOperation: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const hours = instance.hours.get(input.HoursOfOperationId as string);
      return { output: { HoursOfOperation: describeHours(instance, hours) } };
    },

    CreateHoursOfOperation: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.hours.nameTaken(name)) throw duplicate(`Hours of operation with name ${name} already exists.`);
      checkTimeZone(input.TimeZone);
      const parents = (
        (input.ParentHoursOfOperationConfigs as { HoursOfOperationId?: string }[] | undefined) ?? []
      ).map((parent) => instance.hours.get(String(parent.HoursOfOperationId)).id);
      const id = newId();
      const hours = instance.hours.add({
        id,
        arn: instance.resourceArn('hours', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string | undefined,
        timeZone: input.TimeZone as string,
        config: input.Config as unknown[],
        parentIds: parents,
      });
      return { output: { HoursOfOperationId: id, HoursOfOperationArn: hours.arn } };
    },

    UpdateHoursOfOperation: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const hours = instance.hours.get(input.HoursOfOperationId as string);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.hours.nameTaken(name, hours.id)) {
        throw duplicate(`Hours of operation with name ${name} already exists.`);
      }
      checkTimeZone(input.TimeZone);
      if (name !== undefined) hours.name = name;
      if (input.Description !== undefined) hours.description = (input.Description as string) || undefined;
      if (input.TimeZone !== undefined) hours.timeZone = input.TimeZone as string;
      if (input.Config !== undefined) hours.config = input.Config as unknown[];
      touch(hours, context);
      return { output: {} };
    },

    DeleteHoursOfOperation: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const hours = instance.hours.get(input.HoursOfOperationId as string);
      const user = instance.queues.all().find((queue) => queue.hoursOfOperationId === hours.id);
      if (user) throw invalidRequest(`Hours of operation ${hours.name} is used by queue ${user.name}.`);
      instance.hours.delete(hours.id);
      return { output: {} };
    },
  };
}
