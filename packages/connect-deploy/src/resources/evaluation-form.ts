import * as connect from '@aws-sdk/client-connect';
import { stableStringify } from '@edd/core';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { allowlisted } from './allowlist.js';
import { defineResource, type Concrete, type Identity, type ReadContext } from './descriptor.js';
import { portableTags, ref, tags } from './fields.js';

const refId = z.string().min(1);
const answerSource = z.object({ SourceType: z.string().min(1) }).strict();
const automaticFail = {
  AutomaticFail: z.boolean().optional(),
  AutomaticFailConfiguration: z.object({ TargetSection: refId.optional() }).strict().optional(),
};

const questionTypeProperties = z
  .object({
    Numeric: z
      .object({
        MinValue: z.number().int(),
        MaxValue: z.number().int(),
        Options: z
          .array(
            z
              .object({
                MinValue: z.number().int(),
                MaxValue: z.number().int(),
                Score: z.number().int().optional(),
                ...automaticFail,
              })
              .strict(),
          )
          .optional(),
        Automation: z
          .object({
            PropertyValue: z
              .object({ Label: z.string().min(1) })
              .strict()
              .optional(),
            AnswerSource: answerSource.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    SingleSelect: z
      .object({
        Options: z.array(
          z.object({ RefId: refId, Text: z.string(), Score: z.number().int().optional(), ...automaticFail }).strict(),
        ),
        DisplayAs: z.enum(['DROPDOWN', 'RADIO']).optional(),
        Automation: z
          .object({
            Options: z
              .array(
                z
                  .object({
                    RuleCategory: z
                      .object({
                        Category: z.string().min(1),
                        Condition: z.enum(['PRESENT', 'NOT_PRESENT']),
                        OptionRefId: refId,
                      })
                      .strict()
                      .optional(),
                  })
                  .strict(),
              )
              .optional(),
            DefaultOptionRefId: refId.optional(),
            AnswerSource: answerSource.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    Text: z
      .object({
        Automation: z.object({ AnswerSource: answerSource.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    MultiSelect: z
      .object({
        Options: z.array(z.object({ RefId: refId, Text: z.string().max(128) }).strict()),
        DisplayAs: z.enum(['DROPDOWN', 'CHECKBOX']).optional(),
        Automation: z
          .object({
            Options: z
              .array(
                z
                  .object({
                    RuleCategory: z
                      .object({
                        Category: z.string().min(1).max(50),
                        Condition: z.enum(['PRESENT', 'NOT_PRESENT']),
                        OptionRefIds: z.array(refId),
                      })
                      .strict()
                      .optional(),
                  })
                  .strict(),
              )
              .optional(),
            DefaultOptionRefIds: z.array(refId).optional(),
            AnswerSource: answerSource.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type Condition = { Operands: unknown[]; Operator?: 'OR' | 'AND' };
const enablementCondition: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      Operands: z.array(
        z
          .object({
            Expression: z
              .object({
                Source: z.object({ Type: z.string().min(1), RefId: refId.optional() }).strict(),
                Values: z.array(z.object({ Type: z.string().min(1), RefId: refId.optional() }).strict()),
                Comparator: z.string().min(1),
              })
              .strict()
              .optional(),
            Condition: enablementCondition.optional(),
          })
          .strict(),
      ),
      Operator: z.enum(['OR', 'AND']).optional(),
    })
    .strict(),
);

const question = z
  .object({
    Title: z.string(),
    Instructions: z.string().optional(),
    RefId: refId,
    NotApplicableEnabled: z.boolean().optional(),
    QuestionType: z.enum(['TEXT', 'SINGLESELECT', 'NUMERIC', 'MULTISELECT', 'DATETIME']),
    QuestionTypeProperties: questionTypeProperties.optional(),
    Enablement: z
      .object({
        Condition: enablementCondition,
        Action: z.enum(['DISABLE', 'ENABLE']),
        DefaultAction: z.enum(['DISABLE', 'ENABLE']).optional(),
      })
      .strict()
      .optional(),
    Weight: z.number().optional(),
  })
  .strict();

type Item = { Section?: Record<string, unknown>; Question?: Record<string, unknown> };
const item: z.ZodType<Item> = z.lazy(() =>
  z
    .object({
      Section: z
        .object({
          Title: z.string(),
          RefId: refId,
          Instructions: z.string().optional(),
          Items: z.array(item),
          Weight: z.number().optional(),
        })
        .strict()
        .optional(),
      Question: question.optional(),
    })
    .strict(),
);

const schema = z
  .object({
    /** The form's `Title`: the name it is known by. */
    Name: z.string().min(1).max(128),
    Description: z.string().max(1024).optional(),
    Status: z.enum(['ACTIVE', 'DRAFT']),
    Items: z.array(item),
    ScoringStrategy: z
      .object({ Mode: z.enum(['QUESTION_ONLY', 'SECTION_ONLY']), Status: z.enum(['ENABLED', 'DISABLED']) })
      .strict()
      .optional(),
    AutoEvaluationConfiguration: z.object({ Enabled: z.boolean() }).strict().optional(),
    ReviewConfiguration: z
      .object({
        ReviewNotificationRecipients: z
          .array(
            z
              .object({ Type: z.enum(['USER_ID']), Value: z.object({ UserId: ref('user').optional() }).strict() })
              .strict(),
          )
          .min(1),
        EligibilityDays: z.number().int().optional(),
      })
      .strict()
      .optional(),
    TargetConfiguration: z
      .object({ ContactInteractionType: z.enum(['AGENT', 'AUTOMATED', 'CUSTOMER']) })
      .strict()
      .optional(),
    LanguageConfiguration: z
      .object({ FormLanguage: z.string().min(1).optional() })
      .strict()
      .optional(),
    Tags: tags,
  })
  .strict();
export type EvaluationFormFile = z.infer<typeof schema>;
type Form = Concrete<EvaluationFormFile>;

/** The members that make a version's content (what `UpdateEvaluationForm` replaces), the title included. */
const CONTENT = [
  'Description',
  'Items',
  'ScoringStrategy',
  'AutoEvaluationConfiguration',
  'ReviewConfiguration',
  'TargetConfiguration',
  'LanguageConfiguration',
] as const;

function contentInput(d: Form) {
  return {
    Title: d.Name,
    Description: d.Description,
    Items: d.Items as connect.EvaluationFormItem[],
    ScoringStrategy: d.ScoringStrategy,
    AutoEvaluationConfiguration: d.AutoEvaluationConfiguration,
    ReviewConfiguration: d.ReviewConfiguration as connect.EvaluationReviewConfiguration | undefined,
    TargetConfiguration: d.TargetConfiguration,
    LanguageConfiguration: d.LanguageConfiguration as connect.EvaluationFormLanguageConfiguration | undefined,
  };
}

const contentKey = (form: Form) => stableStringify(CONTENT.map((k) => form[k] ?? null));

async function versionsOf(ctx: ReadContext, formId: string): Promise<connect.EvaluationFormVersionSummary[]> {
  return collect(
    connect.paginateListEvaluationFormVersions(
      { client: ctx.api.client, pageSize: PAGE },
      { InstanceId: ctx.instanceId, EvaluationFormId: formId },
    ),
    (p) => p.EvaluationFormVersionSummaryList,
    'ListEvaluationFormVersions',
  );
}

/** The version in use (the active one), or the latest when none is active. */
function currentVersion(versions: readonly connect.EvaluationFormVersionSummary[]) {
  const latest = versions.reduce<connect.EvaluationFormVersionSummary | undefined>(
    (a, b) => (a === undefined || (b.EvaluationFormVersion ?? 0) > (a.EvaluationFormVersion ?? 0) ? b : a),
    undefined,
  );
  const active = versions.find((v) => v.Status === 'ACTIVE');
  return { latest, active, shown: active ?? latest };
}

async function deactivate(ctx: ReadContext & { send: (c: { input: unknown }) => Promise<unknown> }, target: Identity) {
  const { active } = currentVersion(await versionsOf(ctx, target.id));
  if (active)
    await ctx.send(
      new connect.DeactivateEvaluationFormCommand({
        InstanceId: ctx.instanceId,
        EvaluationFormId: target.id,
        EvaluationFormVersion: active.EvaluationFormVersion!,
      }),
    );
}

/**
 * Evaluation forms, named by their title. Connect keeps a form in versions, activates one at a time and locks what it
 * activated; an export carries the content of the version in use (the active one; the latest when none is) and
 * whether it is active, and deploy makes the target's form hold that content in the same state: a locked version is
 * never rewritten, the content goes into a new version, which is activated when the source's is.
 */
export const evaluationForm = defineResource({
  type: 'evaluation-form',
  label: 'evaluation form',
  folder: 'evaluation-forms',
  arnKind: 'evaluation-form',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListEvaluationForms({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.EvaluationFormSummaryList,
      'ListEvaluationForms',
    );
    return list
      .filter((f) => f.EvaluationFormId && f.Title)
      .map((f) => ({
        type: 'evaluation-form',
        id: f.EvaluationFormId!,
        arn: f.EvaluationFormArn ?? '',
        name: f.Title!,
      }));
  },
  async describe(ctx, summary) {
    const what = `evaluation form "${summary.name}"`;
    const { shown } = currentVersion(await versionsOf(ctx, summary.id));
    const out = await ctx.api.send<connect.DescribeEvaluationFormCommandOutput>(
      new connect.DescribeEvaluationFormCommand({
        InstanceId: ctx.instanceId,
        EvaluationFormId: summary.id,
        ...(shown?.EvaluationFormVersion !== undefined ? { EvaluationFormVersion: shown.EvaluationFormVersion } : {}),
      }),
      what,
    );
    const f = out.EvaluationForm ?? ({} as connect.EvaluationForm);
    const portable = portableTags(f.Tags);
    const optional = Object.fromEntries(
      (
        [
          'ScoringStrategy',
          'AutoEvaluationConfiguration',
          'ReviewConfiguration',
          'TargetConfiguration',
          'LanguageConfiguration',
        ] as const
      )
        .filter((k) => f[k] !== undefined)
        .map((k) => [k, allowlisted(schema.shape[k], f[k])]),
    );
    return {
      body: {
        Name: f.Title ?? summary.name,
        ...(f.Description ? { Description: f.Description } : {}),
        Status: f.Status === 'ACTIVE' ? 'ACTIVE' : 'DRAFT',
        Items: allowlisted(schema.shape.Items, f.Items ?? []),
        ...optional,
        ...(portable ? { Tags: portable } : {}),
      } as Form,
      tags: f.Tags ?? {},
    };
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateEvaluationFormCommandOutput>(
      new connect.CreateEvaluationFormCommand({ InstanceId: ctx.instance.id, ...contentInput(d), Tags: d.Tags }),
    );
    const created = { id: out.EvaluationFormId!, arn: out.EvaluationFormArn! };
    if (d.Status === 'ACTIVE')
      await ctx.api.sendAfterCreate(
        new connect.ActivateEvaluationFormCommand({
          InstanceId: ctx.instance.id,
          EvaluationFormId: created.id,
          EvaluationFormVersion: 1,
        }),
        `evaluation form "${d.Name}"`,
      );
    return created;
  },
  updates: [
    {
      // One rule: the version to activate is the one the content went into.
      fields: [...CONTENT, 'Status'],
      async write(ctx, target, d, current) {
        const read = { api: ctx.api, instanceId: ctx.instance.id };
        const { latest, active, shown } = currentVersion(await versionsOf(read, target.id));
        let version = shown!.EvaluationFormVersion!;
        const changed = contentKey(d) !== contentKey(current);
        if (changed) {
          const out = await ctx.send<connect.UpdateEvaluationFormCommandOutput>(
            new connect.UpdateEvaluationFormCommand({
              InstanceId: ctx.instance.id,
              EvaluationFormId: target.id,
              EvaluationFormVersion: latest!.EvaluationFormVersion!,
              ...(latest!.Locked ? { CreateNewVersion: true } : {}),
              ...contentInput(d),
            }),
          );
          version = out.EvaluationFormVersion!;
        }
        if (d.Status === 'ACTIVE' && active?.EvaluationFormVersion !== version)
          await ctx.send(
            new connect.ActivateEvaluationFormCommand({
              InstanceId: ctx.instance.id,
              EvaluationFormId: target.id,
              EvaluationFormVersion: version,
            }),
          );
        if (d.Status === 'DRAFT' && active)
          await ctx.send(
            new connect.DeactivateEvaluationFormCommand({
              InstanceId: ctx.instance.id,
              EvaluationFormId: target.id,
              EvaluationFormVersion: active.EvaluationFormVersion!,
            }),
          );
      },
    },
  ],
  // An active version cannot be deleted: the form is deactivated first.
  async delete(ctx, target) {
    await deactivate({ api: ctx.api, instanceId: ctx.instance.id, send: (c) => ctx.send(c) }, target);
    await ctx.send(
      new connect.DeleteEvaluationFormCommand({ InstanceId: ctx.instance.id, EvaluationFormId: target.id }),
    );
  },
});
