import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext } from '../service.js';
import { activeInstance, created, type ConnectEnvironment, type ConnectHandlers } from './environment.js';
import { conflict, notFound } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type EvaluationForm, type EvaluationFormVersion } from './store.js';

// Evaluation forms in versions, as Connect keeps them: a new form is version 1, a DRAFT; UpdateEvaluationForm
// rewrites a version that is not locked, or makes the next one with CreateNewVersion; activating a version locks it
// and makes it the one active version; an active version cannot be deleted.

/** What a form's version holds, by model member name; UpdateEvaluationForm replaces all of it. */
const CONTENT_MEMBERS = [
  'Title',
  'Description',
  'Items',
  'ScoringStrategy',
  'AutoEvaluationConfiguration',
  'ReviewConfiguration',
  'TargetConfiguration',
  'LanguageConfiguration',
] as const;

function contentOf(input: StructureValue): Record<string, unknown> {
  return Object.fromEntries(
    CONTENT_MEMBERS.filter((member) => input[member] !== undefined).map((member) => [
      member,
      structuredClone(input[member]),
    ]),
  );
}

function callerArn(context: OperationContext): string {
  return context.principal.arn;
}

export function evaluationFormOperations(env: ConnectEnvironment): ConnectHandlers {
  function formOf(
    input: StructureValue,
    context: OperationContext,
  ): { instance: ConnectInstance; form: EvaluationForm } {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, form: instance.evaluationForms.get(input.EvaluationFormId as string) };
  }

  function versionOf(form: EvaluationForm, number: unknown): EvaluationFormVersion {
    const wanted = number === undefined ? Math.max(...form.versions.map((version) => version.version)) : number;
    const version = form.versions.find((candidate) => candidate.version === wanted);
    if (!version) throw notFound(`Evaluation form ${form.id} has no version ${String(wanted)}.`);
    return version;
  }

  const latest = (form: EvaluationForm) => form.versions.reduce((a, b) => (b.version > a.version ? b : a));

  function identity(form: EvaluationForm, version: EvaluationFormVersion): StructureValue {
    return { EvaluationFormId: form.id, EvaluationFormArn: form.arn, EvaluationFormVersion: version.version };
  }

  return {
    CreateEvaluationForm: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const id = newId();
      const now = new Date();
      const form = instance.evaluationForms.add({
        id,
        arn: instance.resourceArn('evaluationForm', id),
        name: input.Title as string,
        tags: { ...((input.Tags as Record<string, string> | undefined) ?? {}) },
        ...created(env, context),
        createdTime: now,
        createdBy: callerArn(context),
        versions: [
          {
            version: 1,
            status: 'DRAFT',
            locked: false,
            content: contentOf(input),
            createdTime: now,
            createdBy: callerArn(context),
            lastModifiedTime: now,
            lastModifiedBy: callerArn(context),
          },
        ],
      });
      return { output: { EvaluationFormId: id, EvaluationFormArn: form.arn } };
    },

    DescribeEvaluationForm: (input, context) => {
      const { form } = formOf(input, context);
      const version = versionOf(form, input.EvaluationFormVersion);
      return {
        output: {
          EvaluationForm: {
            ...version.content,
            ...identity(form, version),
            Locked: version.locked,
            Status: version.status,
            CreatedTime: version.createdTime,
            CreatedBy: version.createdBy,
            LastModifiedTime: version.lastModifiedTime,
            LastModifiedBy: version.lastModifiedBy,
            Tags: { ...form.tags },
          },
        },
      };
    },

    ListEvaluationForms: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListEvaluationForms', instance.evaluationForms.list(), input, instance.id);
      return {
        output: {
          EvaluationFormSummaryList: page.items.map((form) => {
            const newest = latest(form);
            return {
              EvaluationFormId: form.id,
              EvaluationFormArn: form.arn,
              Title: newest.content.Title,
              CreatedTime: form.createdTime,
              CreatedBy: form.createdBy,
              LastModifiedTime: newest.lastModifiedTime,
              LastModifiedBy: newest.lastModifiedBy,
              LastActivatedTime: form.lastActivatedTime,
              LastActivatedBy: form.lastActivatedBy,
              LatestVersion: newest.version,
              ActiveVersion: form.versions.find((version) => version.status === 'ACTIVE')?.version,
            };
          }),
          NextToken: page.nextToken,
        },
      };
    },

    ListEvaluationFormVersions: (input, context) => {
      const { form } = formOf(input, context);
      const versions = [...form.versions].sort((a, b) => a.version - b.version);
      const page = paginate('ListEvaluationFormVersions', versions, input, form.id);
      return {
        output: {
          EvaluationFormVersionSummaryList: page.items.map((version) => ({
            ...identity(form, version),
            Locked: version.locked,
            Status: version.status,
            CreatedTime: version.createdTime,
            CreatedBy: version.createdBy,
            LastModifiedTime: version.lastModifiedTime,
            LastModifiedBy: version.lastModifiedBy,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    // A full update: what the request leaves out is cleared, as Connect does.
    UpdateEvaluationForm: (input, context) => {
      const { form } = formOf(input, context);
      const version = versionOf(form, input.EvaluationFormVersion);
      const now = new Date();
      if (input.CreateNewVersion === true) {
        if (version !== latest(form)) {
          throw conflict(
            `A new version of evaluation form ${form.id} is made from its latest version, ${latest(form).version}.`,
          );
        }
        const next: EvaluationFormVersion = {
          version: version.version + 1,
          status: 'DRAFT',
          locked: false,
          content: contentOf(input),
          createdTime: now,
          createdBy: callerArn(context),
          lastModifiedTime: now,
          lastModifiedBy: callerArn(context),
        };
        form.versions.push(next);
        return { output: identity(form, next) };
      }
      if (version.locked) {
        throw conflict(
          `Version ${version.version} of evaluation form ${form.id} is locked; update it with CreateNewVersion.`,
        );
      }
      version.content = contentOf(input);
      version.lastModifiedTime = now;
      version.lastModifiedBy = callerArn(context);
      return { output: identity(form, version) };
    },

    ActivateEvaluationForm: (input, context) => {
      const { form } = formOf(input, context);
      const version = versionOf(form, input.EvaluationFormVersion);
      for (const other of form.versions) if (other.status === 'ACTIVE') other.status = 'DRAFT';
      version.status = 'ACTIVE';
      version.locked = true;
      form.lastActivatedTime = new Date();
      form.lastActivatedBy = callerArn(context);
      return { output: identity(form, version) };
    },

    DeactivateEvaluationForm: (input, context) => {
      const { form } = formOf(input, context);
      const version = versionOf(form, input.EvaluationFormVersion);
      if (version.status !== 'ACTIVE') {
        throw conflict(`Version ${version.version} of evaluation form ${form.id} is not active.`);
      }
      version.status = 'DRAFT';
      return { output: identity(form, version) };
    },

    // With a version, that version only; without, the whole form. An active version stays.
    DeleteEvaluationForm: (input, context) => {
      const { instance, form } = formOf(input, context);
      const doomed =
        input.EvaluationFormVersion === undefined ? form.versions : [versionOf(form, input.EvaluationFormVersion)];
      const active = doomed.find((version) => version.status === 'ACTIVE');
      if (active) {
        throw conflict(`Version ${active.version} of evaluation form ${form.id} is active; deactivate it first.`);
      }
      form.versions = form.versions.filter((version) => !doomed.includes(version));
      if (form.versions.length === 0) instance.evaluationForms.delete(form.id);
      return { output: {} };
    },
  };
}
