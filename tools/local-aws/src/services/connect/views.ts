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
import { duplicate, invalidParameter, notFound } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type View, type ViewContent } from './store.js';

// Views (step-by-step guides' pages) with Connect's qualifiers: `<id>` and `<id>:$LATEST` are the published content,
// `<id>:$SAVED` the latest saved or published one, `<id>:<n>` a version made by CreateViewVersion. The AWS-managed
// views are in every instance, named by ARN, at version 1.

/** The views Connect manages itself, the same in every instance. */
const AWS_MANAGED_VIEWS: readonly [name: string, description: string, actions: string[]][] = [
  ['Cards', 'A list of cards the agent picks one of', ['CardSelected', 'Back']],
  ['Confirmation', 'A confirmation message with an optional next step', ['Next']],
  ['Detail', 'A page of detail about a topic', ['ActionSelected', 'Back']],
  ['Form', 'A form the agent fills in', ['Submit', 'Cancel', 'Back']],
  ['List', 'A list of items the agent can act on', ['ActionSelected', 'Back']],
];

const AWS_MANAGED_CREATED = new Date('2023-03-01T00:00:00Z');

interface Qualified {
  reference: string;
  qualifier: string | undefined;
}

/** `<id or ARN>:<qualifier>`, where the qualifier is `$SAVED`, `$LATEST` or a version number. */
function splitQualifier(viewId: string): Qualified {
  const match = /^(.*):(\$SAVED|\$LATEST|\d+)$/.exec(viewId);
  return match ? { reference: match[1] as string, qualifier: match[2] } : { reference: viewId, qualifier: undefined };
}

function sha256(content: ViewContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

function contentOf(input: unknown): ViewContent {
  const content = (input ?? {}) as ViewContent;
  return { Template: content.Template, Actions: content.Actions ? [...content.Actions] : undefined };
}

function awsManagedArn(env: ConnectEnvironment, context: OperationContext, name: string): string {
  return `arn:${regionState(env, context).partition}:connect:${context.region}:aws:view/${name.toLowerCase()}`;
}

export function viewOperations(env: ConnectEnvironment): ConnectHandlers {
  function awsManaged(context: OperationContext): StructureValue[] {
    return AWS_MANAGED_VIEWS.map(([name, description, actions]) => {
      const arn = awsManagedArn(env, context, name);
      const content = { InputSchema: '{}', Template: JSON.stringify({ Head: { Title: name } }), Actions: actions };
      return {
        Id: arn,
        Arn: arn,
        Name: name,
        Status: 'PUBLISHED',
        Type: 'AWS_MANAGED',
        Description: description,
        Version: 1,
        Content: content,
        CreatedTime: AWS_MANAGED_CREATED,
        LastModifiedTime: AWS_MANAGED_CREATED,
        ViewContentSha256: sha256(content),
      };
    });
  }

  function viewOf(instance: ConnectInstance, reference: string): View {
    return instance.views.get(reference);
  }

  function describe(view: View, qualifier: string | undefined): StructureValue {
    let content: ViewContent | undefined;
    let status: string;
    let version: number | undefined;
    let versionDescription: string | undefined;
    if (qualifier === '$SAVED') {
      content = view.saved;
      status = view.published && sha256(view.published) === sha256(view.saved) ? 'PUBLISHED' : 'SAVED';
    } else if (qualifier === undefined || qualifier === '$LATEST') {
      content = view.published;
      status = 'PUBLISHED';
      if (!content) throw notFound(`View ${view.name} has no published content; describe ${view.id}:$SAVED.`);
    } else {
      const found = view.versions.find((candidate) => candidate.version === Number(qualifier));
      if (!found) throw notFound(`View ${view.name} has no version ${qualifier}.`);
      content = found.content;
      status = 'PUBLISHED';
      version = found.version;
      versionDescription = found.versionDescription;
    }
    return {
      Id: version === undefined ? view.id : `${view.id}:${version}`,
      Arn: version === undefined ? view.arn : `${view.arn}:${version}`,
      Name: view.name,
      Status: status,
      Type: 'CUSTOMER_MANAGED',
      Description: view.description,
      Version: version,
      VersionDescription: versionDescription,
      Content: { InputSchema: '{}', ...content },
      Tags: { ...view.tags },
      CreatedTime: view.createdTime,
      LastModifiedTime: view.lastModifiedTime,
      ViewContentSha256: sha256(content),
    };
  }

  function summaryOf(view: View): StructureValue {
    return {
      Id: view.id,
      Arn: view.arn,
      Name: view.name,
      Type: 'CUSTOMER_MANAGED',
      Status: view.published ? 'PUBLISHED' : 'SAVED',
      Description: view.description,
    };
  }

  return {
    CreateView: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.views.nameTaken(name)) throw duplicate(`View with name ${name} already exists.`);
      const id = newId();
      const content = contentOf(input.Content);
      const view = instance.views.add({
        id,
        arn: instance.resourceArn('view', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string | undefined,
        createdTime: new Date(),
        saved: content,
        published: input.Status === 'PUBLISHED' ? content : undefined,
        versions: [],
        lastVersion: 0,
      });
      return { output: { View: describe(view, '$SAVED') } };
    },

    DescribeView: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const { reference, qualifier } = splitQualifier(input.ViewId as string);
      const managed = awsManaged(context).find((view) => view.Arn === reference);
      if (managed) {
        if (qualifier !== undefined && qualifier !== '1' && qualifier !== '$LATEST') {
          throw notFound(`View ${reference} has no version ${qualifier}.`);
        }
        return { output: { View: managed } };
      }
      return { output: { View: describe(viewOf(instance, reference), qualifier) } };
    },

    ListViews: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const type = input.Type as string | undefined;
      const all = [
        ...(type === 'CUSTOMER_MANAGED'
          ? []
          : awsManaged(context).map(({ Id, Arn, Name, Type, Status, Description }) => ({
              Id,
              Arn,
              Name,
              Type,
              Status,
              Description,
            }))),
        ...(type === 'AWS_MANAGED' ? [] : instance.views.list().map(summaryOf)),
      ];
      const page = paginate('ListViews', all, input, `${instance.id}/${type ?? ''}`);
      return { output: { ViewsSummaryList: page.items, NextToken: page.nextToken } };
    },

    // PUBLISHED publishes the content; SAVED keeps it as `$SAVED` only.
    UpdateViewContent: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const view = viewOf(instance, splitQualifier(input.ViewId as string).reference);
      const content = contentOf(input.Content);
      view.saved = content;
      if (input.Status === 'PUBLISHED') view.published = content;
      touch(view, context);
      return { output: { View: describe(view, '$SAVED') } };
    },

    UpdateViewMetadata: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const view = viewOf(instance, splitQualifier(input.ViewId as string).reference);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.views.nameTaken(name, view.id)) {
        throw duplicate(`View with name ${name} already exists.`);
      }
      if (name !== undefined) view.name = name;
      if (input.Description !== undefined) view.description = input.Description as string;
      touch(view, context);
      return { output: {} };
    },

    // A version freezes the published content; ViewContentSha256, when given, must be that content's.
    CreateViewVersion: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const view = viewOf(instance, splitQualifier(input.ViewId as string).reference);
      if (!view.published) throw invalidParameter(`View ${view.name} has no published content to version.`);
      const expected = input.ViewContentSha256 as string | undefined;
      if (expected !== undefined && expected !== sha256(view.published)) {
        throw invalidParameter(
          `ViewContentSha256 ${expected} is not the hash of the published content of ${view.name}.`,
        );
      }
      view.lastVersion += 1;
      view.versions.push({
        version: view.lastVersion,
        content: view.published,
        versionDescription: input.VersionDescription as string | undefined,
        createdTime: new Date(),
      });
      touch(view, context);
      return { output: { View: describe(view, String(view.lastVersion)) } };
    },

    ListViewVersions: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const view = viewOf(instance, splitQualifier(input.ViewId as string).reference);
      const page = paginate('ListViewVersions', view.versions, input, view.id);
      return {
        output: {
          ViewVersionSummaryList: page.items.map((version) => ({
            Id: `${view.id}:${version.version}`,
            Arn: `${view.arn}:${version.version}`,
            Description: view.description,
            Name: view.name,
            Type: 'CUSTOMER_MANAGED',
            Version: version.version,
            VersionDescription: version.versionDescription,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    DeleteViewVersion: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const view = viewOf(instance, splitQualifier(input.ViewId as string).reference);
      const index = view.versions.findIndex((version) => version.version === input.ViewVersion);
      if (index < 0) throw notFound(`View ${view.name} has no version ${String(input.ViewVersion)}.`);
      view.versions.splice(index, 1);
      return { output: {} };
    },

    DeleteView: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const view = viewOf(instance, splitQualifier(input.ViewId as string).reference);
      instance.views.delete(view.id);
      return { output: {} };
    },
  };
}
