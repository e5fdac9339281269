import { createHash } from 'node:crypto';
import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext } from '../service.js';
import {
  activeInstance,
  created,
  regionState,
  tagsOf,
  touch,
  type ConnectEnvironment,
  type ConnectHandlers,
} from './environment.js';
import { connectError, duplicate } from './errors.js';
import { flowContentProblems, MAX_FLOW_CONTENT_CHARACTERS } from './flow-validation.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type ContactFlow, type FlowModule } from './store.js';

// Flows and flow modules keep their published content and, separately, an unpublished draft: `<id>:$SAVED`
// addresses the draft. Publishing validates the content like Connect does; saving a draft does not.

const SAVED_SUFFIX = ':$SAVED';

interface ContentReference {
  /** The flow's id or ARN without the suffix. */
  reference: string;
  saved: boolean;
}

function contentReference(value: unknown): ContentReference {
  const text = String(value);
  return text.endsWith(SAVED_SUFFIX)
    ? { reference: text.slice(0, -SAVED_SUFFIX.length), saved: true }
    : { reference: text, saved: false };
}

function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

function problemList(problems: string[]): { message: string }[] {
  return problems.map((message) => ({ message }));
}

function checkFlowContent(content: string, instance: ConnectInstance, publishing: boolean): void {
  const problems = publishing
    ? flowContentProblems(content, instance)
    : content.length > MAX_FLOW_CONTENT_CHARACTERS
      ? [`Content is ${content.length} characters long; the limit is ${MAX_FLOW_CONTENT_CHARACTERS}`]
      : [];
  if (problems.length > 0) {
    throw connectError('InvalidContactFlowException', 'The flow is not valid.', { problems: problemList(problems) });
  }
}

function checkModuleContent(content: string, instance: ConnectInstance): void {
  const problems = flowContentProblems(content, instance);
  if (problems.length > 0) {
    throw connectError('InvalidContactFlowModuleException', 'The flow module is not valid.', {
      Problems: problemList(problems),
    });
  }
}

/** What Describe shows for `<id>` (the published content, or the draft of a never-published flow) or `<id>:$SAVED`. */
function shownContent(
  item: { published?: string; draft?: string },
  saved: boolean,
): { content: string; status: string } {
  if (saved ? item.draft !== undefined : item.published === undefined) {
    return { content: item.draft as string, status: 'SAVED' };
  }
  return { content: item.published as string, status: 'PUBLISHED' };
}

function flowStatus(flow: ContactFlow): string {
  return flow.published === undefined ? 'SAVED' : 'PUBLISHED';
}

function describeFlow(flow: ContactFlow, saved: boolean): StructureValue {
  const { content, status } = shownContent(flow, saved);
  return {
    Arn: flow.arn,
    Id: flow.id,
    Name: flow.name,
    Type: flow.type,
    State: flow.state,
    Status: status,
    Description: flow.description,
    Content: content,
    Tags: { ...flow.tags },
    FlowContentSha256: sha256(content),
    LastModifiedTime: flow.lastModifiedTime,
    LastModifiedRegion: flow.lastModifiedRegion,
  };
}

function describeModule(module: FlowModule, saved: boolean): StructureValue {
  const { content, status } = shownContent(module, saved);
  return {
    Arn: module.arn,
    Id: module.id,
    Name: module.name,
    Content: content,
    Description: module.description,
    State: module.state,
    Status: status,
    Tags: { ...module.tags },
    FlowModuleContentSha256: sha256(content),
    Settings: module.settings,
  };
}

export function flowOperations(env: ConnectEnvironment): ConnectHandlers {
  function flowOf(input: StructureValue, context: OperationContext) {
    const instance = activeInstance(env, context, input.InstanceId);
    const { reference, saved } = contentReference(input.ContactFlowId);
    return { instance, flow: instance.flows.get(reference), saved };
  }

  function moduleOf(input: StructureValue, context: OperationContext) {
    const instance = activeInstance(env, context, input.InstanceId);
    const { reference, saved } = contentReference(input.ContactFlowModuleId);
    return { instance, module: instance.modules.get(reference), saved };
  }

  function renameFlow(instance: ConnectInstance, flow: ContactFlow, input: StructureValue): void {
    const name = input.Name as string | undefined;
    if (name !== undefined && instance.flows.nameTaken(name, flow.id)) {
      throw duplicate(`A contact flow with the name ${name} already exists.`);
    }
    if (name !== undefined) flow.name = name;
    if (input.Description !== undefined) flow.description = input.Description as string;
  }

  return {
    ListContactFlows: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const types = (input.ContactFlowTypes as string[] | undefined) ?? [];
      const flows = instance.flows.list().filter((flow) => types.length === 0 || types.includes(flow.type));
      const page = paginate('ListContactFlows', flows, input, `${instance.id}/${types.join(',')}`);
      return {
        output: {
          ContactFlowSummaryList: page.items.map((flow) => ({
            Id: flow.id,
            Arn: flow.arn,
            Name: flow.name,
            ContactFlowType: flow.type,
            ContactFlowState: flow.state,
            ContactFlowStatus: flowStatus(flow),
          })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribeContactFlow: (input, context) => {
      const { flow, saved } = flowOf(input, context);
      return { output: { ContactFlow: describeFlow(flow, saved) } };
    },

    CreateContactFlow: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.flows.nameTaken(name)) throw duplicate(`A contact flow with the name ${name} already exists.`);
      const content = input.Content as string;
      const publishing = (input.Status ?? 'PUBLISHED') === 'PUBLISHED';
      checkFlowContent(content, instance, publishing);
      const id = newId();
      const flow = instance.flows.add({
        id,
        arn: instance.resourceArn('flow', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        type: input.Type as string,
        state: 'ACTIVE',
        description: input.Description as string | undefined,
        published: publishing ? content : undefined,
        draft: publishing ? undefined : content,
      });
      return { output: { ContactFlowId: id, ContactFlowArn: flow.arn, FlowContentSha256: sha256(content) } };
    },

    UpdateContactFlowContent: (input, context) => {
      const { instance, flow, saved } = flowOf(input, context);
      const content = input.Content as string;
      checkFlowContent(content, instance, !saved);
      if (saved) {
        flow.draft = content;
      } else {
        flow.published = content;
        flow.draft = undefined;
      }
      touch(flow, context);
      return { output: {} };
    },

    UpdateContactFlowMetadata: (input, context) => {
      const { instance, flow } = flowOf(input, context);
      renameFlow(instance, flow, input);
      if (input.ContactFlowState !== undefined) flow.state = input.ContactFlowState as ContactFlow['state'];
      touch(flow, context);
      return { output: {} };
    },

    UpdateContactFlowName: (input, context) => {
      const { instance, flow } = flowOf(input, context);
      renameFlow(instance, flow, input);
      touch(flow, context);
      return { output: {} };
    },

    DeleteContactFlow: (input, context) => {
      const { instance, flow } = flowOf(input, context);
      instance.flows.delete(flow.id);
      for (const number of regionState(env, context).phoneNumbers.values()) {
        if (number.contactFlowId === flow.id) number.contactFlowId = undefined;
      }
      return { output: {} };
    },

    ListContactFlowModules: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const state = input.ContactFlowModuleState as string | undefined;
      const modules = instance.modules.list().filter((module) => state === undefined || module.state === state);
      const page = paginate('ListContactFlowModules', modules, input, `${instance.id}/${state ?? ''}`);
      return {
        output: {
          ContactFlowModulesSummaryList: page.items.map((module) => ({
            Id: module.id,
            Arn: module.arn,
            Name: module.name,
            State: module.state,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribeContactFlowModule: (input, context) => {
      const { module, saved } = moduleOf(input, context);
      return { output: { ContactFlowModule: describeModule(module, saved) } };
    },

    CreateContactFlowModule: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.modules.nameTaken(name)) throw duplicate(`A flow module with the name ${name} already exists.`);
      const content = input.Content as string;
      checkModuleContent(content, instance);
      const id = newId();
      const module = instance.modules.add({
        id,
        arn: instance.resourceArn('module', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        state: 'ACTIVE',
        description: input.Description as string | undefined,
        published: content,
        settings: input.Settings as string | undefined,
      });
      return { output: { Id: id, Arn: module.arn } };
    },

    UpdateContactFlowModuleContent: (input, context) => {
      const { instance, module, saved } = moduleOf(input, context);
      const content = input.Content as string | undefined;
      if (content !== undefined) {
        if (saved) {
          module.draft = content;
        } else {
          checkModuleContent(content, instance);
          module.published = content;
          module.draft = undefined;
        }
      }
      if (input.Settings !== undefined) module.settings = input.Settings as string;
      touch(module, context);
      return { output: {} };
    },

    UpdateContactFlowModuleMetadata: (input, context) => {
      const { instance, module } = moduleOf(input, context);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.modules.nameTaken(name, module.id)) {
        throw duplicate(`A flow module with the name ${name} already exists.`);
      }
      if (name !== undefined) module.name = name;
      if (input.Description !== undefined) module.description = input.Description as string;
      if (input.State !== undefined) module.state = input.State as FlowModule['state'];
      touch(module, context);
      return { output: {} };
    },

    DeleteContactFlowModule: (input, context) => {
      const { instance, module } = moduleOf(input, context);
      instance.modules.delete(module.id);
      return { output: {} };
    },
  };
}
