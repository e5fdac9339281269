import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ActivateEvaluationFormCommand,
  AssociateDefaultVocabularyCommand,
  CreateContactFlowVersionCommand,
  CreateEvaluationFormCommand,
  CreateHoursOfOperationOverrideCommand,
  CreatePredefinedAttributeCommand,
  CreateQueueCommand,
  CreateRuleCommand,
  CreateTaskTemplateCommand,
  CreateTrafficDistributionGroupCommand,
  CreateViewCommand,
  CreateViewVersionCommand,
  CreateVocabularyCommand,
  DeactivateEvaluationFormCommand,
  DeleteContactFlowVersionCommand,
  DeleteEvaluationFormCommand,
  DeleteHoursOfOperationOverrideCommand,
  DeletePredefinedAttributeCommand,
  DeleteRuleCommand,
  DeleteTaskTemplateCommand,
  DeleteViewCommand,
  DeleteViewVersionCommand,
  DeleteVocabularyCommand,
  DescribeAuthenticationProfileCommand,
  DescribeEvaluationFormCommand,
  DescribeHoursOfOperationOverrideCommand,
  DescribePredefinedAttributeCommand,
  DescribeQueueCommand,
  DescribeRuleCommand,
  DescribeViewCommand,
  DescribeVocabularyCommand,
  GetTaskTemplateCommand,
  ListAuthenticationProfilesCommand,
  ListContactFlowsCommand,
  ListContactFlowVersionsCommand,
  ListDefaultVocabulariesCommand,
  ListEvaluationFormsCommand,
  ListEvaluationFormVersionsCommand,
  ListHoursOfOperationOverridesCommand,
  ListHoursOfOperationsCommand,
  ListPredefinedAttributesCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTaskTemplatesCommand,
  ListViewsCommand,
  ListViewVersionsCommand,
  SearchPredefinedAttributesCommand,
  SearchQueuesCommand,
  SearchViewsCommand,
  SearchVocabulariesCommand,
  TagResourceCommand,
  UpdateAuthenticationProfileCommand,
  UpdateEvaluationFormCommand,
  UpdateHoursOfOperationOverrideCommand,
  UpdatePredefinedAttributeCommand,
  UpdateQueueOutboundEmailConfigCommand,
  UpdateRuleCommand,
  UpdateTaskTemplateCommand,
  UpdateViewContentCommand,
  UpdateViewMetadataCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { connectClient, createActiveInstance } from './connect-support.js';
import { admin } from './support.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

const ITEMS = [
  {
    Section: {
      Title: 'Greeting',
      RefId: 's1',
      Items: [{ Question: { Title: 'Did the agent greet?', RefId: 'q1', QuestionType: 'TEXT' as const } }],
    },
  },
];

describe('Connect resources of the next deployments', () => {
  let localAws: LocalAws;
  let client: ConnectClient;
  let instanceId: string;
  let instanceArn: string;

  beforeAll(async () => {
    localAws = await startLocalAws({ seed: 1, quotas: false, timeScale: 100 });
    client = connectClient(localAws);
    ({ id: instanceId, arn: instanceArn } = await createActiveInstance(client));
  });
  afterAll(() => localAws.close());

  it('publishes, saves and versions views, with the AWS-managed views in every instance', async () => {
    const created = await client.send(
      new CreateViewCommand({
        InstanceId: instanceId,
        Name: 'Refund form',
        Status: 'SAVED',
        Content: { Template: '{"Head":{"Title":"Refund"}}', Actions: ['Submit'] },
      }),
    );
    const viewId = created.View!.Id!;
    const unpublished = await rejection(
      client.send(new DescribeViewCommand({ InstanceId: instanceId, ViewId: viewId })),
    );
    await client.send(
      new UpdateViewContentCommand({
        InstanceId: instanceId,
        ViewId: viewId,
        Status: 'PUBLISHED',
        Content: { Template: '{"Head":{"Title":"Refund v1"}}', Actions: ['Submit', 'Cancel'] },
      }),
    );
    const version = await client.send(
      new CreateViewVersionCommand({ InstanceId: instanceId, ViewId: viewId, VersionDescription: 'first' }),
    );
    await client.send(
      new UpdateViewContentCommand({
        InstanceId: instanceId,
        ViewId: viewId,
        Status: 'SAVED',
        Content: { Template: '{"Head":{"Title":"Refund draft"}}', Actions: ['Submit'] },
      }),
    );
    await client.send(
      new UpdateViewMetadataCommand({ InstanceId: instanceId, ViewId: viewId, Description: 'Refunds' }),
    );
    const latest = await client.send(new DescribeViewCommand({ InstanceId: instanceId, ViewId: `${viewId}:$LATEST` }));
    const saved = await client.send(new DescribeViewCommand({ InstanceId: instanceId, ViewId: `${viewId}:$SAVED` }));
    const first = await client.send(new DescribeViewCommand({ InstanceId: instanceId, ViewId: `${viewId}:1` }));
    const versions = await client.send(new ListViewVersionsCommand({ InstanceId: instanceId, ViewId: viewId }));
    const managed = await client.send(new ListViewsCommand({ InstanceId: instanceId, Type: 'AWS_MANAGED' }));
    const form = managed.ViewsSummaryList!.find((view) => view.Name === 'Form')!;
    const formView = await client.send(new DescribeViewCommand({ InstanceId: instanceId, ViewId: form.Arn }));
    const custom = await client.send(new ListViewsCommand({ InstanceId: instanceId, Type: 'CUSTOMER_MANAGED' }));
    const searched = await client.send(
      new SearchViewsCommand({
        InstanceId: instanceId,
        SearchCriteria: { StringCondition: { FieldName: 'name', Value: 'Refund', ComparisonType: 'CONTAINS' } },
      }),
    );
    await client.send(new DeleteViewVersionCommand({ InstanceId: instanceId, ViewId: viewId, ViewVersion: 1 }));
    const versionGone = await rejection(
      client.send(new DescribeViewCommand({ InstanceId: instanceId, ViewId: `${viewId}:1` })),
    );
    await client.send(new DeleteViewCommand({ InstanceId: instanceId, ViewId: viewId }));
    const viewGone = await rejection(client.send(new DeleteViewCommand({ InstanceId: instanceId, ViewId: viewId })));

    expect(created.View).toMatchObject({ Name: 'Refund form', Status: 'SAVED', Type: 'CUSTOMER_MANAGED' });
    expect(created.View?.Arn).toBe(`${instanceArn}/view/${viewId}`);
    expect(unpublished.name).toBe('ResourceNotFoundException');
    expect(version.View).toMatchObject({ Version: 1, VersionDescription: 'first', Id: `${viewId}:1` });
    expect(latest.View).toMatchObject({
      Status: 'PUBLISHED',
      Description: 'Refunds',
      Content: { Template: '{"Head":{"Title":"Refund v1"}}', Actions: ['Submit', 'Cancel'] },
    });
    expect(latest.View?.ViewContentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.View).toMatchObject({ Status: 'SAVED', Content: { Template: '{"Head":{"Title":"Refund draft"}}' } });
    expect(first.View?.Content?.Template).toBe('{"Head":{"Title":"Refund v1"}}');
    expect(versions.ViewVersionSummaryList?.map((entry) => entry.Version)).toEqual([1]);
    expect(managed.ViewsSummaryList?.map((view) => view.Name)).toEqual([
      'Cards',
      'Confirmation',
      'Detail',
      'Form',
      'List',
    ]);
    expect(form.Arn).toBe('arn:aws:connect:us-east-1:aws:view/form');
    expect(formView.View).toMatchObject({ Type: 'AWS_MANAGED', Version: 1, Status: 'PUBLISHED' });
    expect(custom.ViewsSummaryList?.map((view) => view.Name)).toEqual(['Refund form']);
    expect(searched.Views?.map((view) => view.Name)).toEqual(['Refund form']);
    expect(versionGone.name).toBe('ResourceNotFoundException');
    expect(viewGone.name).toBe('ResourceNotFoundException');
  });

  it('processes vocabularies after CreateVocabulary answers, fails them on request, and keeps a default', async () => {
    const created = await client.send(
      new CreateVocabularyCommand({
        InstanceId: instanceId,
        VocabularyName: 'products',
        LanguageCode: 'en-US',
        Content: 'Phrase\tIPA\tSoundsLike\tDisplayAs\nedd\t\t\tEDD',
      }),
    );
    const active = await eventually(
      () => client.send(new DescribeVocabularyCommand({ InstanceId: instanceId, VocabularyId: created.VocabularyId })),
      (answer) => answer.Vocabulary?.State !== 'CREATION_IN_PROGRESS',
    );
    await admin(localAws, 'POST', 'connect/vocabulary-failures', {
      vocabularyName: 'broken',
      reason: 'The vocabulary file has a phrase with invalid characters.',
    });
    const broken = await client.send(
      new CreateVocabularyCommand({
        InstanceId: instanceId,
        VocabularyName: 'broken',
        LanguageCode: 'en-US',
        Content: 'x',
      }),
    );
    const failed = await eventually(
      () => client.send(new DescribeVocabularyCommand({ InstanceId: instanceId, VocabularyId: broken.VocabularyId })),
      (answer) => answer.Vocabulary?.State !== 'CREATION_IN_PROGRESS',
    );
    const brokenDefault = await rejection(
      client.send(
        new AssociateDefaultVocabularyCommand({
          InstanceId: instanceId,
          LanguageCode: 'en-US',
          VocabularyId: broken.VocabularyId,
        }),
      ),
    );
    await client.send(
      new AssociateDefaultVocabularyCommand({
        InstanceId: instanceId,
        LanguageCode: 'en-US',
        VocabularyId: created.VocabularyId,
      }),
    );
    const defaults = await client.send(new ListDefaultVocabulariesCommand({ InstanceId: instanceId }));
    const inUse = await rejection(
      client.send(new DeleteVocabularyCommand({ InstanceId: instanceId, VocabularyId: created.VocabularyId })),
    );
    const searched = await client.send(
      new SearchVocabulariesCommand({ InstanceId: instanceId, NameStartsWith: 'prod', State: 'ACTIVE' }),
    );
    await client.send(new AssociateDefaultVocabularyCommand({ InstanceId: instanceId, LanguageCode: 'en-US' }));
    const deleted = await client.send(
      new DeleteVocabularyCommand({ InstanceId: instanceId, VocabularyId: created.VocabularyId }),
    );
    await admin(localAws, 'DELETE', 'connect/vocabulary-failures');

    expect(created.State).toBe('CREATION_IN_PROGRESS');
    expect(created.VocabularyArn).toBe(`${instanceArn}/vocabulary/${created.VocabularyId}`);
    expect(active.Vocabulary).toMatchObject({ Name: 'products', State: 'ACTIVE', LanguageCode: 'en-US' });
    expect(failed.Vocabulary).toMatchObject({
      State: 'CREATION_FAILED',
      FailureReason: 'The vocabulary file has a phrase with invalid characters.',
    });
    expect(brokenDefault.name).toBe('InvalidRequestException');
    expect(defaults.DefaultVocabularyList).toEqual([
      { InstanceId: instanceId, LanguageCode: 'en-US', VocabularyId: created.VocabularyId, VocabularyName: 'products' },
    ]);
    expect(inUse.name).toBe('ResourceInUseException');
    expect(searched.VocabularySummaryList?.map((entry) => entry.Name)).toEqual(['products']);
    expect(deleted.State).toBe('DELETE_IN_PROGRESS');
  });

  it('keeps evaluation forms in versions, locking the ones activated', async () => {
    const created = await client.send(
      new CreateEvaluationFormCommand({ InstanceId: instanceId, Title: 'Quality', Items: ITEMS }),
    );
    const formId = created.EvaluationFormId;
    await client.send(
      new UpdateEvaluationFormCommand({
        InstanceId: instanceId,
        EvaluationFormId: formId,
        EvaluationFormVersion: 1,
        Title: 'Quality review',
        Items: ITEMS,
      }),
    );
    await client.send(
      new ActivateEvaluationFormCommand({ InstanceId: instanceId, EvaluationFormId: formId, EvaluationFormVersion: 1 }),
    );
    const locked = await rejection(
      client.send(
        new UpdateEvaluationFormCommand({
          InstanceId: instanceId,
          EvaluationFormId: formId,
          EvaluationFormVersion: 1,
          Title: 'Quality review 2',
          Items: ITEMS,
        }),
      ),
    );
    const second = await client.send(
      new UpdateEvaluationFormCommand({
        InstanceId: instanceId,
        EvaluationFormId: formId,
        EvaluationFormVersion: 1,
        CreateNewVersion: true,
        Title: 'Quality review 2',
        Items: ITEMS,
      }),
    );
    const latest = await client.send(
      new DescribeEvaluationFormCommand({ InstanceId: instanceId, EvaluationFormId: formId }),
    );
    const first = await client.send(
      new DescribeEvaluationFormCommand({ InstanceId: instanceId, EvaluationFormId: formId, EvaluationFormVersion: 1 }),
    );
    const forms = await client.send(new ListEvaluationFormsCommand({ InstanceId: instanceId }));
    const versions = await client.send(
      new ListEvaluationFormVersionsCommand({ InstanceId: instanceId, EvaluationFormId: formId }),
    );
    const activeStays = await rejection(
      client.send(new DeleteEvaluationFormCommand({ InstanceId: instanceId, EvaluationFormId: formId })),
    );
    await client.send(
      new DeactivateEvaluationFormCommand({
        InstanceId: instanceId,
        EvaluationFormId: formId,
        EvaluationFormVersion: 1,
      }),
    );
    await client.send(new DeleteEvaluationFormCommand({ InstanceId: instanceId, EvaluationFormId: formId }));
    const gone = await rejection(
      client.send(new DescribeEvaluationFormCommand({ InstanceId: instanceId, EvaluationFormId: formId })),
    );

    expect(created.EvaluationFormArn).toBe(`${instanceArn}/evaluation-form/${formId}`);
    expect(locked.name).toBe('ResourceConflictException');
    expect(second.EvaluationFormVersion).toBe(2);
    expect(latest.EvaluationForm).toMatchObject({ EvaluationFormVersion: 2, Status: 'DRAFT', Locked: false });
    expect(first.EvaluationForm).toMatchObject({
      Title: 'Quality review',
      Status: 'ACTIVE',
      Locked: true,
      Items: ITEMS,
    });
    expect(forms.EvaluationFormSummaryList?.[0]).toMatchObject({
      Title: 'Quality review 2',
      LatestVersion: 2,
      ActiveVersion: 1,
    });
    expect(
      versions.EvaluationFormVersionSummaryList?.map((entry) => [entry.EvaluationFormVersion, entry.Status]),
    ).toEqual([
      [1, 'ACTIVE'],
      [2, 'DRAFT'],
    ]);
    expect(activeStays.name).toBe('ResourceConflictException');
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('stores what only the model describes: predefined attributes, with duplicates, paging and partial updates', async () => {
    for (const name of ['Language', 'Region', 'Tier']) {
      await client.send(
        new CreatePredefinedAttributeCommand({
          InstanceId: instanceId,
          Name: name,
          Values: { StringList: ['a', 'b'] },
        }),
      );
    }
    const duplicate = await rejection(
      client.send(
        new CreatePredefinedAttributeCommand({
          InstanceId: instanceId,
          Name: 'language',
          Values: { StringList: ['x'] },
        }),
      ),
    );
    const first = await client.send(new ListPredefinedAttributesCommand({ InstanceId: instanceId, MaxResults: 2 }));
    const second = await client.send(
      new ListPredefinedAttributesCommand({ InstanceId: instanceId, MaxResults: 2, NextToken: first.NextToken }),
    );
    const badToken = await rejection(
      client.send(new ListPredefinedAttributesCommand({ InstanceId: instanceId, NextToken: 'bm90LWEtdG9rZW4' })),
    );
    await client.send(
      new UpdatePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Tier', Values: { StringList: ['gold'] } }),
    );
    const tier = await client.send(new DescribePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Tier' }));
    const searched = await client.send(
      new SearchPredefinedAttributesCommand({
        InstanceId: instanceId,
        SearchCriteria: { StringCondition: { FieldName: 'name', Value: 'Reg', ComparisonType: 'STARTS_WITH' } },
      }),
    );
    await client.send(new DeletePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Region' }));
    const missing = await rejection(
      client.send(new DeletePredefinedAttributeCommand({ InstanceId: instanceId, Name: 'Region' })),
    );

    expect(duplicate.name).toBe('DuplicateResourceException');
    expect(first.PredefinedAttributeSummaryList?.map((entry) => entry.Name)).toEqual(['Language', 'Region']);
    expect(second.PredefinedAttributeSummaryList?.map((entry) => entry.Name)).toEqual(['Tier']);
    expect(second.NextToken).toBeUndefined();
    expect(badToken.name).toBe('InvalidParameterException');
    expect(tier.PredefinedAttribute).toMatchObject({ Name: 'Tier', Values: { StringList: ['gold'] } });
    expect(tier.PredefinedAttribute?.LastModifiedRegion).toBe('us-east-1');
    expect(searched.PredefinedAttributes?.map((entry) => entry.Name)).toEqual(['Region']);
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('keeps hours of operation overrides inside their hours, task templates and rules', async () => {
    const hours = (await client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId })))
      .HoursOfOperationSummaryList![0]!;
    const override = await client.send(
      new CreateHoursOfOperationOverrideCommand({
        InstanceId: instanceId,
        HoursOfOperationId: hours.Id,
        Name: 'Christmas',
        Config: [{ Day: 'THURSDAY', StartTime: { Hours: 10, Minutes: 0 }, EndTime: { Hours: 14, Minutes: 0 } }],
        EffectiveFrom: '2026-12-24',
        EffectiveTill: '2026-12-26',
      }),
    );
    const noHours = await rejection(
      client.send(
        new CreateHoursOfOperationOverrideCommand({
          InstanceId: instanceId,
          HoursOfOperationId: '00000000-0000-4000-8000-000000000000',
          Name: 'Nowhere',
          Config: [],
          EffectiveFrom: '2026-12-24',
          EffectiveTill: '2026-12-26',
        }),
      ),
    );
    await client.send(
      new UpdateHoursOfOperationOverrideCommand({
        InstanceId: instanceId,
        HoursOfOperationId: hours.Id,
        HoursOfOperationOverrideId: override.HoursOfOperationOverrideId,
        Description: 'Closing early',
      }),
    );
    const described = await client.send(
      new DescribeHoursOfOperationOverrideCommand({
        InstanceId: instanceId,
        HoursOfOperationId: hours.Id,
        HoursOfOperationOverrideId: override.HoursOfOperationOverrideId,
      }),
    );
    const overrides = await client.send(
      new ListHoursOfOperationOverridesCommand({ InstanceId: instanceId, HoursOfOperationId: hours.Id }),
    );
    await client.send(
      new DeleteHoursOfOperationOverrideCommand({
        InstanceId: instanceId,
        HoursOfOperationId: hours.Id,
        HoursOfOperationOverrideId: override.HoursOfOperationOverrideId,
      }),
    );

    const template = await client.send(
      new CreateTaskTemplateCommand({
        InstanceId: instanceId,
        Name: 'Callback',
        Description: 'Call the customer back',
        Fields: [{ Id: { Name: 'Phone' }, Type: 'NAME' }],
        Constraints: { RequiredFields: [{ Id: { Name: 'Phone' } }] },
        Status: 'ACTIVE',
      }),
    );
    await client.send(
      new UpdateTaskTemplateCommand({ InstanceId: instanceId, TaskTemplateId: template.Id, Status: 'INACTIVE' }),
    );
    const fetched = await client.send(
      new GetTaskTemplateCommand({ InstanceId: instanceId, TaskTemplateId: template.Id }),
    );
    const templates = await client.send(new ListTaskTemplatesCommand({ InstanceId: instanceId, Status: 'INACTIVE' }));
    await client.send(new DeleteTaskTemplateCommand({ InstanceId: instanceId, TaskTemplateId: template.Id }));
    const templateGone = await rejection(
      client.send(new GetTaskTemplateCommand({ InstanceId: instanceId, TaskTemplateId: template.Id })),
    );

    const rule = await client.send(
      new CreateRuleCommand({
        InstanceId: instanceId,
        Name: 'escalate',
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: '{"Version":"2022-11-25","RuleFunction":"CONTAINS_ANY(\\"refund\\")"}',
        Actions: [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'escalation' } }],
        PublishStatus: 'DRAFT',
      }),
    );
    await client.send(
      new UpdateRuleCommand({
        InstanceId: instanceId,
        RuleId: rule.RuleId,
        Name: 'escalate',
        Function: '{"Version":"2022-11-25","RuleFunction":"CONTAINS_ANY(\\"refund\\")"}',
        Actions: [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'escalation' } }],
        PublishStatus: 'PUBLISHED',
      }),
    );
    await client.send(new TagResourceCommand({ resourceArn: rule.RuleArn, tags: { team: 'quality' } }));
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: rule.RuleArn }));
    const describedRule = await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId: rule.RuleId }));
    const published = await client.send(
      new ListRulesCommand({
        InstanceId: instanceId,
        PublishStatus: 'PUBLISHED',
        EventSourceName: 'OnPostCallAnalysisAvailable',
      }),
    );
    const drafts = await client.send(new ListRulesCommand({ InstanceId: instanceId, PublishStatus: 'DRAFT' }));
    await client.send(new DeleteRuleCommand({ InstanceId: instanceId, RuleId: rule.RuleId }));

    expect(noHours.name).toBe('ResourceNotFoundException');
    expect(described.HoursOfOperationOverride).toMatchObject({
      Name: 'Christmas',
      Description: 'Closing early',
      HoursOfOperationId: hours.Id,
      EffectiveFrom: '2026-12-24',
    });
    expect(overrides.HoursOfOperationOverrideList?.map((entry) => entry.Name)).toEqual(['Christmas']);
    expect(template.Arn).toBe(`${instanceArn}/task-template/${template.Id}`);
    expect(fetched).toMatchObject({
      Name: 'Callback',
      Description: 'Call the customer back',
      Status: 'INACTIVE',
      Constraints: { RequiredFields: [{ Id: { Name: 'Phone' } }] },
    });
    expect(templates.TaskTemplates?.map((entry) => entry.Name)).toEqual(['Callback']);
    expect(templateGone.name).toBe('ResourceNotFoundException');
    expect(rule.RuleArn).toBe(`${instanceArn}/rule/${rule.RuleId}`);
    expect(tags.tags).toEqual({ team: 'quality' });
    expect(describedRule.Rule).toMatchObject({
      Name: 'escalate',
      PublishStatus: 'PUBLISHED',
      TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
      Tags: { team: 'quality' },
    });
    expect(describedRule.Rule?.LastUpdatedBy).toMatch(/^arn:aws:sts::318484875904:assumed-role\//);
    expect(published.RuleSummaryList?.[0]).toMatchObject({
      Name: 'escalate',
      EventSourceName: 'OnPostCallAnalysisAvailable',
      ActionSummaries: [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT' }],
    });
    expect(drafts.RuleSummaryList).toEqual([]);
  });

  it('adds what the model has to resources modelled by hand, and searches them', async () => {
    const hours = (await client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId })))
      .HoursOfOperationSummaryList![0]!;
    const queue = await client.send(
      new CreateQueueCommand({ InstanceId: instanceId, Name: 'Email queue', HoursOfOperationId: hours.Id }),
    );
    const emailAddressId = '11111111-2222-4333-8444-555555555555';
    await client.send(
      new UpdateQueueOutboundEmailConfigCommand({
        InstanceId: instanceId,
        QueueId: queue.QueueId,
        OutboundEmailConfig: { OutboundEmailAddressId: emailAddressId },
      }),
    );
    const described = await client.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: queue.QueueId }));
    const searched = await client.send(
      new SearchQueuesCommand({
        InstanceId: instanceId,
        SearchCriteria: { StringCondition: { FieldName: 'name', Value: 'email', ComparisonType: 'CONTAINS' } },
      }),
    );
    const missingQueue = await rejection(
      client.send(
        new UpdateQueueOutboundEmailConfigCommand({
          InstanceId: instanceId,
          QueueId: '00000000-0000-4000-8000-000000000000',
          OutboundEmailConfig: { OutboundEmailAddressId: emailAddressId },
        }),
      ),
    );

    expect(described.Queue).toMatchObject({
      Name: 'Email queue',
      HoursOfOperationId: hours.Id,
      OutboundEmailConfig: { OutboundEmailAddressId: emailAddressId },
    });
    expect(searched.Queues?.map((found) => found.Name)).toEqual(['Email queue']);
    expect(searched.Queues?.[0]?.QueueId).toBe(queue.QueueId);
    expect(missingQueue.name).toBe('ResourceNotFoundException');
  });

  it('numbers the versions of a flow and names them by the flow ARN and the number', async () => {
    const flow = (await client.send(new ListContactFlowsCommand({ InstanceId: instanceId })))
      .ContactFlowSummaryList![0]!;
    const first = await client.send(
      new CreateContactFlowVersionCommand({ InstanceId: instanceId, ContactFlowId: flow.Id, Description: 'first' }),
    );
    const second = await client.send(
      new CreateContactFlowVersionCommand({ InstanceId: instanceId, ContactFlowId: flow.Id, Description: 'second' }),
    );
    await client.send(
      new DeleteContactFlowVersionCommand({ InstanceId: instanceId, ContactFlowId: flow.Id, ContactFlowVersion: 1 }),
    );
    const versions = await client.send(
      new ListContactFlowVersionsCommand({ InstanceId: instanceId, ContactFlowId: flow.Id }),
    );
    const noFlow = await rejection(
      client.send(
        new CreateContactFlowVersionCommand({
          InstanceId: instanceId,
          ContactFlowId: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    );

    expect(first).toMatchObject({ Version: 1, ContactFlowArn: `${flow.Arn}:1` });
    expect(second).toMatchObject({ Version: 2, ContactFlowArn: `${flow.Arn}:2` });
    expect(versions.ContactFlowVersionSummaryList).toEqual([
      { Arn: `${flow.Arn}:2`, Version: 2, VersionDescription: 'second' },
    ]);
    expect(noFlow.name).toBe('ResourceNotFoundException');
  });

  it('tags what the generic engine keeps outside instances, by its ARN', async () => {
    const group = await client.send(
      new CreateTrafficDistributionGroupCommand({ Name: 'failover', InstanceId: instanceId }),
    );
    await client.send(new TagResourceCommand({ resourceArn: group.Arn, tags: { tier: 'gold' } }));
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: group.Arn }));
    const unknown = await rejection(
      client.send(
        new ListTagsForResourceCommand({
          resourceArn:
            'arn:aws:connect:us-east-1:318484875904:traffic-distribution-group/00000000-0000-4000-8000-000000000000',
        }),
      ),
    );

    expect(group.Arn).toBe(`arn:aws:connect:us-east-1:318484875904:traffic-distribution-group/${group.Id}`);
    expect(tags.tags).toEqual({ tier: 'gold' });
    expect(unknown.name).toBe('ResourceNotFoundException');
  });

  it('gives every instance one default authentication profile', async () => {
    const profiles = await client.send(new ListAuthenticationProfilesCommand({ InstanceId: instanceId }));
    const profileId = profiles.AuthenticationProfileSummaryList?.[0]?.Id;
    await client.send(
      new UpdateAuthenticationProfileCommand({
        InstanceId: instanceId,
        AuthenticationProfileId: profileId,
        AllowedIps: ['fd00::/8'],
        PeriodicSessionDuration: 30,
      }),
    );
    const described = await client.send(
      new DescribeAuthenticationProfileCommand({ InstanceId: instanceId, AuthenticationProfileId: profileId }),
    );

    expect(profiles.AuthenticationProfileSummaryList).toHaveLength(1);
    expect(profiles.AuthenticationProfileSummaryList?.[0]?.IsDefault).toBe(true);
    expect(described.AuthenticationProfile).toMatchObject({
      Arn: `${instanceArn}/authentication-profile/${profileId}`,
      AllowedIps: ['fd00::/8'],
      PeriodicSessionDuration: 30,
      SessionInactivityHandlingEnabled: false,
      IsDefault: true,
    });
  });
});

describe('request quotas of the operations the generic engine answers', () => {
  it('pace each operation by its own bucket, as Connect meters its APIs', async () => {
    const localAws = await startLocalAws({ seed: 1 });
    const client = connectClient(localAws);
    const InstanceId = '00000000-0000-4000-8000-000000000000';
    const rules = [];
    for (let call = 0; call < 6; call += 1)
      rules.push(await rejection(client.send(new ListRulesCommand({ InstanceId }))));
    const templates = await rejection(client.send(new ListTaskTemplatesCommand({ InstanceId })));
    await localAws.close();

    expect(rules.slice(0, 5).map((error) => error.name)).toEqual(Array(5).fill('ResourceNotFoundException'));
    expect(rules[5]?.name).toBe('ThrottlingException');
    expect(templates.name).toBe('ResourceNotFoundException');
  });
});

describe('what the generic engine stores, across runs', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-aws-families-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is saved with --state-dir and found again after a restart', async () => {
    const first = await startLocalAws({ seed: 1, quotas: false, timeScale: 100, stateDir: dir });
    const client = connectClient(first);
    const instance = await createActiveInstance(client);
    const rule = await client.send(
      new CreateRuleCommand({
        InstanceId: instance.id,
        Name: 'kept',
        TriggerEventSource: { EventSourceName: 'OnPostChatAnalysisAvailable' },
        Function: '{}',
        Actions: [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'kept' } }],
        PublishStatus: 'PUBLISHED',
      }),
    );
    await client.send(new TagResourceCommand({ resourceArn: rule.RuleArn, tags: { kept: 'yes' } }));
    await first.close();

    const second = await startLocalAws({ seed: 1, quotas: false, stateDir: dir });
    const again = connectClient(second);
    const described = await again.send(new DescribeRuleCommand({ InstanceId: instance.id, RuleId: rule.RuleId }));
    await second.close();

    expect(described.Rule).toMatchObject({ Name: 'kept', RuleArn: rule.RuleArn, Tags: { kept: 'yes' } });
    expect(described.Rule?.CreatedTime).toBeInstanceOf(Date);
  });
});
