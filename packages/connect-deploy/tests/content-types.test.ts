import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsOperationError, awsOperationName, type Problem } from '@edd/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  instanceResourceArn,
  readSource,
  refShapeProblem,
  symbolize,
  validateSource,
  type SourceIndex,
} from '../src/index.js';
import type { ReferenceProblem } from '../src/references/rewrite.js';
import { allowlisted } from '../src/resources/allowlist.js';
import { evaluationForm } from '../src/resources/evaluation-form.js';
import { fromJsonText, toJsonText } from '../src/resources/json-text.js';
import { rule } from '../src/resources/rule.js';
import { taskTemplate } from '../src/resources/task-template.js';
import { view } from '../src/resources/view.js';
import { vocabulary } from '../src/resources/vocabulary.js';
import type { WriteContext } from '../src/resources/descriptor.js';
import type { InstanceRef } from '../src/aws/instance.js';

const INSTANCE = '4b5d91f9-c7f7-4e83-90c2-e4591769d7c6';
const QUEUE_ID = '11111111-2222-4333-8444-555555555555';
const FLOW_ID = 'c74d9036-38b9-4a1d-b8a7-8ca817c16a35';
const FORM_ID = '22222222-2222-4333-8444-555555555555';
const ZENDESK = '33333333-2222-4333-8444-555555555555';
const VIEW_ID = '44444444-2222-4333-8444-555555555555';
const viewArn = instanceResourceArn(
  { partition: 'aws', region: 'us-east-1', account: '658456346551' },
  INSTANCE,
  'view',
  VIEW_ID,
);

const TARGET = {} as InstanceRef;

const index: SourceIndex = {
  instanceId: INSTANCE,
  account: '658456346551',
  resources: new Map([
    [QUEUE_ID, { type: 'queue', name: 'EDD Billing' }],
    [FLOW_ID, { type: 'flow', name: 'EDD Tasks' }],
    [FORM_ID, { type: 'evaluation-form', name: 'EDD Quality Review' }],
    [VIEW_ID, { type: 'view', name: 'EDD Form' }],
  ]),
  unportable: new Map([[ZENDESK, 'zendesk integration']]),
  phoneNumbers: new Map(),
  lexAliases: new Map(),
  lambdaName: (name) => ({ function: name }),
};

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('allowlisted', () => {
  const schema = z
    .object({
      Name: z.string(),
      Items: z.array(z.object({ Title: z.string(), Nested: z.object({ Keep: z.number() }).strict() }).strict()),
    })
    .strict();

  it('leaves out, at every depth, the members the file schema does not allow', () => {
    const out = allowlisted(schema, {
      Name: 'x',
      CreatedTime: '2024-01-01',
      Items: [
        { Title: 'a', Extra: true, Nested: { Keep: 1, Drop: 2 } },
        { Title: 'b', Nested: { Keep: 2 } },
      ],
    });
    expect(out).toEqual({
      Name: 'x',
      Items: [
        { Title: 'a', Nested: { Keep: 1 } },
        { Title: 'b', Nested: { Keep: 2 } },
      ],
    });
  });

  it('keeps what the file will hold as a reference, which the exporter rewrites', () => {
    const withRef = z.object({ QueueId: z.looseObject({ $ref: z.string() }), Drop: z.never().optional() }).strict();
    expect(allowlisted(withRef, { QueueId: QUEUE_ID, Other: 1 })).toEqual({ QueueId: QUEUE_ID });
  });
});

describe('members that are JSON text', () => {
  it('holds a JSON object as an object and any other text as it is', () => {
    expect(fromJsonText('{"Head":{"Title":"x"}}')).toEqual({ Head: { Title: 'x' } });
    expect(fromJsonText('not json')).toBe('not json');
    expect(fromJsonText('[1,2]')).toBe('[1,2]');
    expect(fromJsonText(undefined)).toBeUndefined();
    expect(toJsonText({ a: 1 })).toBe('{"a":1}');
    expect(toJsonText('as is')).toBe('as is');
  });
});

describe('views named by flows', () => {
  it('become references with the qualifiers that mean the same in every instance', () => {
    const problems: ReferenceProblem[] = [];
    const out = symbolize(
      {
        Bare: viewArn,
        Latest: `${viewArn}:$LATEST`,
        Draft: `${viewArn}:$SAVED`,
        Managed: 'arn:aws:connect:us-east-1:aws:view/form:1',
      },
      index,
      problems,
    );
    expect(problems).toEqual([]);
    expect(out).toEqual({
      Bare: { $ref: 'view', name: 'EDD Form' },
      Latest: { $ref: 'view', name: 'EDD Form', qualifier: '$LATEST' },
      Draft: { $ref: 'view', name: 'EDD Form', qualifier: '$SAVED' },
      Managed: 'arn:aws:connect:us-east-1:aws:view/form:1',
    });
  });

  it("report a numbered version, which is the source instance's own", () => {
    const problems: ReferenceProblem[] = [];
    expect(symbolize({ Id: `${viewArn}:3` }, index, problems)).toEqual({
      Id: { $ref: 'unmapped', kind: 'view', value: `${viewArn}:3` },
    });
    expect(problems[0]!.message).toMatch(/names a version or draft of view "EDD Form", which cannot be carried over/);
    expect(refShapeProblem({ $ref: 'view', name: 'EDD Form', qualifier: '3' })).toMatch(
      /qualifier, when present, must be "\$SAVED" or "\$LATEST"/,
    );
    expect(refShapeProblem({ $ref: 'view', name: 'EDD Form', qualifier: '$LATEST' })).toBeUndefined();
  });
});

describe('view files', () => {
  const base = { Name: 'EDD Form', Status: 'PUBLISHED', Content: { Template: { Head: {} }, Actions: ['Submit'] } };

  it('take a published view held in a version, and a draft', () => {
    expect(issuesOf(view.schema, { ...base, Versioned: true })).toEqual([]);
    expect(issuesOf(view.schema, { ...base, Status: 'SAVED', Content: { Template: 'plain' } })).toEqual([]);
  });

  it('refuse a version of a view kept SAVED, and names Connect would refuse', () => {
    expect(issuesOf(view.schema, { ...base, Status: 'SAVED', Versioned: true })).toEqual([
      'Versioned: a view kept SAVED has no published content to hold in a version: remove "Versioned" or publish the view ("Status": "PUBLISHED")',
    ]);
    expect(issuesOf(view.schema, { ...base, Name: ' leading space' })[0]).toMatch(/^Name: a view's name holds/);
  });
});

describe('task template files', () => {
  it('keep the order of the fields and sort the sets that name them', () => {
    const body = {
      Name: 'T',
      Status: 'ACTIVE',
      Fields: [{ Id: { Name: 'Zeta' } }, { Id: { Name: 'Alpha' } }],
      Constraints: { RequiredFields: [{ Id: { Name: 'Zeta' } }, { Id: { Name: 'Alpha' } }] },
      Defaults: {
        DefaultFieldValues: [
          { Id: { Name: 'Zeta' }, DefaultValue: 'z' },
          { Id: { Name: 'Alpha' }, DefaultValue: 'a' },
        ],
      },
    };
    const canonical = taskTemplate.canonical!(body as never) as typeof body;
    expect(canonical.Fields.map((f) => f.Id.Name)).toEqual(['Zeta', 'Alpha']);
    expect(canonical.Constraints.RequiredFields.map((f) => f.Id.Name)).toEqual(['Alpha', 'Zeta']);
    expect(canonical.Defaults.DefaultFieldValues.map((f) => f.Id.Name)).toEqual(['Alpha', 'Zeta']);
    expect(issuesOf(taskTemplate.schema, canonical)).toEqual([]);
  });

  it('take a reference where a default names a resource of the instance', () => {
    const body = {
      Name: 'T',
      Status: 'ACTIVE',
      Fields: [{ Id: { Name: 'Transfer' }, Type: 'QUICK_CONNECT' }],
      Defaults: {
        DefaultFieldValues: [
          { Id: { Name: 'Transfer' }, DefaultValue: { $ref: 'quick-connect', name: 'EDD QC', form: 'id' } },
        ],
      },
    };
    expect(issuesOf(taskTemplate.schema, body)).toEqual([]);
  });
});

describe('rules', () => {
  const described = {
    Name: 'EDD_Refund',
    TriggerEventSource: { EventSourceName: 'OnZendeskTicketCreate', IntegrationAssociationId: ZENDESK },
    Function: fromJsonText(
      JSON.stringify({
        Version: '2022-11-25',
        RuleFunction: {
          Operator: 'AND',
          Operands: [{ Operator: 'CONTAINS_ANY', Operands: [QUEUE_ID], ComparisonValue: '$.Queue.QueueId' }],
        },
      }),
    ),
    Actions: [
      { ActionType: 'CREATE_TASK', TaskAction: { Name: 'Follow up', ContactFlowId: FLOW_ID } },
      { ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: FORM_ID } },
    ],
    PublishStatus: 'PUBLISHED',
  };

  it('export the queues of their function and the resources of their actions as references', () => {
    const problems: ReferenceProblem[] = [];
    const out = symbolize(described, index, problems) as Record<string, unknown>;
    expect(JSON.stringify(out.Function)).toContain('{"$ref":"queue","name":"EDD Billing","form":"id"}');
    expect(out.Actions).toEqual([
      {
        ActionType: 'CREATE_TASK',
        TaskAction: { Name: 'Follow up', ContactFlowId: { $ref: 'flow', name: 'EDD Tasks', form: 'id' } },
      },
      {
        ActionType: 'SUBMIT_AUTO_EVALUATION',
        SubmitAutoEvaluationAction: {
          EvaluationFormId: { $ref: 'evaluation-form', name: 'EDD Quality Review', form: 'id' },
        },
      },
    ]);
    expect(issuesOf(rule.schema, out)).toEqual([]);
  });

  it("report a trigger's integration association, which belongs to the source instance", () => {
    const problems: ReferenceProblem[] = [];
    const out = symbolize(described, index, problems) as { TriggerEventSource: unknown };
    expect(out.TriggerEventSource).toEqual({
      EventSourceName: 'OnZendeskTicketCreate',
      IntegrationAssociationId: { $ref: 'unmapped', kind: 'zendesk integration', value: ZENDESK },
    });
    expect(problems.map((p) => p.path.join('.'))).toEqual(['TriggerEventSource.IntegrationAssociationId']);
  });

  it('report the Cases template a CREATE_CASE action names, which is the Cases domain of the instance', () => {
    const problems: ReferenceProblem[] = [];
    const template = '55555555-2222-4333-8444-555555555555';
    const out = symbolize(
      { ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: template, Fields: [] } },
      index,
      problems,
    );
    expect(out).toEqual({
      ActionType: 'CREATE_CASE',
      CreateCaseAction: { TemplateId: { $ref: 'unmapped', kind: 'Cases template', value: template }, Fields: [] },
    });
    expect(problems.map((p) => p.path.join('.'))).toEqual(['CreateCaseAction.TemplateId']);
  });

  it('refuse a change of trigger before any write, whatever the order of its members', () => {
    const desired = { ...described, TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' } };
    expect(rule.check!(desired as never, described as never, TARGET)).toEqual({
      path: 'TriggerEventSource',
      message:
        "the target's rule is triggered by OnZendeskTicketCreate and the export's by OnPostCallAnalysisAvailable; a rule's trigger can never change: rename the rule in the export or delete it in the target",
    });
    const reordered = {
      ...described,
      TriggerEventSource: { IntegrationAssociationId: ZENDESK, EventSourceName: 'OnZendeskTicketCreate' },
    };
    expect(rule.check!(reordered as never, described as never, TARGET)).toBeUndefined();
    expect(rule.check!(desired as never, undefined, TARGET)).toBeUndefined();
  });

  it('refuse names Connect would refuse', () => {
    expect(issuesOf(rule.schema, { ...described, Name: 'EDD Refund' })[0]).toMatch(/^Name: a rule's name holds only/);
  });
});

describe('evaluation form files', () => {
  const question = (extra: Record<string, unknown> = {}) => ({
    Question: {
      Title: 'Greeting?',
      RefId: 'q1',
      QuestionType: 'SINGLESELECT',
      QuestionTypeProperties: { SingleSelect: { Options: [{ RefId: 'o1', Text: 'Yes', Score: 10 }] } },
      Enablement: {
        Condition: {
          Operands: [
            {
              Expression: {
                Source: { Type: 'QUESTION_REF_ID', RefId: 'q0' },
                Values: [{ Type: 'OPTION_REF_ID', RefId: 'o0' }],
                Comparator: 'IN',
              },
            },
            { Condition: { Operands: [] } },
          ],
        },
        Action: 'ENABLE',
      },
      ...extra,
    },
  });
  const form = (items: unknown[]) => ({
    Name: 'EDD Quality Review',
    Status: 'ACTIVE',
    Items: [{ Section: { Title: 'S', RefId: 's1', Items: items } }],
  });

  it('take sections of questions with their scoring and conditions, at any depth', () => {
    expect(
      issuesOf(
        evaluationForm.schema,
        form([question(), { Section: { Title: 'Inner', RefId: 's2', Items: [question()] } }]),
      ),
    ).toEqual([]);
  });

  it('name a member Connect does not take, where it is', () => {
    expect(issuesOf(evaluationForm.schema, form([question({ Colour: 'red' })]))).toEqual([
      'Items.0.Section.Items.0.Question: Unrecognized key: "Colour"',
    ]);
  });
});

describe('vocabulary files', () => {
  it('take a language Connect knows, a name it takes and at most 60,000 characters', () => {
    const base = { Name: 'EDD_Terms', LanguageCode: 'en-US', Content: 'Phrase\tDisplayAs\nEDD\tEDD\n', Default: true };
    expect(issuesOf(vocabulary.schema, base)).toEqual([]);
    expect(issuesOf(vocabulary.schema, { ...base, Name: 'EDD Terms' })[0]).toMatch(/^Name: a vocabulary's name/);
    expect(issuesOf(vocabulary.schema, { ...base, LanguageCode: 'xx-XX' })[0]).toMatch(/^LanguageCode: /);
    expect(issuesOf(vocabulary.schema, { ...base, Content: 'x'.repeat(60_001) })[0]).toMatch(/^Content: /);
  });
});

describe('vocabulary replacement', () => {
  it('names AllowPrune when the delete it needs is refused, and leaves the old one its language default', async () => {
    const calls: string[] = [];
    const record = async (command: { input: unknown }) => {
      calls.push(`${awsOperationName(command)} ${JSON.stringify(command.input)}`);
      return {};
    };
    const ctx = {
      instance: { id: 'i-1' },
      api: { sendAfterCreate: record },
      send: async (command: { input: unknown }) => {
        if (awsOperationName(command) === 'DeleteVocabulary')
          throw new AwsOperationError('DeleteVocabulary failed: AccessDeniedException: not authorized', {
            operation: 'DeleteVocabulary',
            code: 'AccessDeniedException',
          });
        return record(command);
      },
      waitTimeoutMs: 1000,
    } as unknown as WriteContext;
    const current = { Name: 'EDD_Terms', LanguageCode: 'en-US', Content: 'Phrase\nold\n', Default: true as const };
    const desired = { ...current, Content: 'Phrase\nnew\n' };
    const update = vocabulary.updates![0]!;
    await expect(update.write(ctx, { id: 'v-1', arn: 'arn:v-1' }, desired, current)).rejects.toThrow(
      /vocabulary "EDD_Terms" changed and Connect cannot update a vocabulary: replacing it needs connect:DeleteVocabulary, which the target account's roles grant only when deployed with AllowPrune=true/,
    );
    expect(calls).toEqual([
      'AssociateDefaultVocabulary {"InstanceId":"i-1","LanguageCode":"en-US"}',
      'AssociateDefaultVocabulary {"InstanceId":"i-1","LanguageCode":"en-US","VocabularyId":"v-1"}',
    ]);
  });
});

describe('offline validation of the new types', () => {
  function exportDir(files: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'edd-content-'));
    for (const [path, body] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), JSON.stringify(body));
    }
    return dir;
  }
  const guide = {
    Name: 'EDD Guide',
    Type: 'CONTACT_FLOW',
    Status: 'PUBLISHED',
    Content: {
      Version: '2019-10-30',
      StartAction: 'a',
      Actions: [
        {
          Identifier: 'a',
          Type: 'ShowView',
          Parameters: { ViewResource: { Id: { $ref: 'view', name: 'EDD Form' } } },
          Transitions: { NextAction: 'b' },
        },
        {
          Identifier: 'b',
          Type: 'CreateTask',
          Parameters: { Name: 'x', TaskTemplateId: { $ref: 'task-template', name: 'EDD Task', form: 'id' } },
          Transitions: { NextAction: 'c' },
        },
        { Identifier: 'c', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    },
  };

  async function problemsOf(files: Record<string, unknown>): Promise<Problem[]> {
    const problems: Problem[] = [];
    const model = await readSource(exportDir(files), problems);
    validateSource(model, problems);
    return problems;
  }

  it('resolves references from flows to views and task templates inside the export', async () => {
    expect(
      await problemsOf({
        'flows/EDD+Guide.json': guide,
        'views/EDD+Form.json': { Name: 'EDD Form', Status: 'PUBLISHED', Content: { Template: {} } },
        'task-templates/EDD+Task.json': { Name: 'EDD Task', Status: 'ACTIVE', Fields: [] },
      }),
    ).toEqual([]);
  });

  it('names each reference to a view or task template the export lacks', async () => {
    const problems = await problemsOf({ 'flows/EDD+Guide.json': guide });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'action a Parameters.ViewResource.Id: view "EDD Form" is not in the export; export it too, or create it in every target first',
      'action b Parameters.TaskTemplateId: task-template "EDD Task" is not in the export; export it too, or create it in every target first',
    ]);
  });
});
