import {
  CloudFormationServiceException,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  InsufficientCapabilitiesException,
  ListChangeSetsCommand,
  ListExportsCommand,
  ListImportsCommand,
  ListStacksCommand,
  UpdateStackCommand,
  ValidateTemplateCommand,
  waitUntilChangeSetCreateComplete,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { GetFunctionCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialsFor, startLocalAws, type LocalAws } from '../src/index.js';
import {
  BACKEND_TEMPLATE,
  cloudFormationClient,
  deployStack,
  outputsOf,
  settledStack,
  WAIT,
} from './cloudformation-support.js';
import { dynamoClient, lambdaClient, rejection, TARGET_ACCOUNT, type Credentials } from './support.js';

const SHARED_ACCOUNT = '318484875904';
const CAPABILITIES = ['CAPABILITY_NAMED_IAM' as const];

describe('cloudformation stacks', () => {
  let localAws: LocalAws;
  let cloudformation: CloudFormationClient;

  beforeAll(async () => {
    // 20 times faster than AWS: a change set takes 100 ms, a resource 50 ms, so waiters still poll in between.
    localAws = await startLocalAws({ timeScale: 20 });
    cloudformation = cloudFormationClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  const lambdaAs = (credentials?: Credentials, region?: string) =>
    lambdaClient(localAws, { ...(credentials ? { credentials } : {}), ...(region ? { region } : {}) });

  it('shows a change set as pending while CloudFormation computes it', async () => {
    // At the real pace (a change set takes 2 s, pending for the first), so a loaded machine still sees it pending.
    const realPace = await startLocalAws({ timeScale: 1 });
    try {
      const client = cloudFormationClient(realPace);
      const { Id } = await client.send(
        new CreateChangeSetCommand({
          StackName: 'edd-pending',
          ChangeSetName: 'first',
          ChangeSetType: 'CREATE',
          TemplateBody: BACKEND_TEMPLATE,
          Parameters: [{ ParameterKey: 'Environment', ParameterValue: 'dev' }],
          Capabilities: CAPABILITIES,
        }),
      );
      const pending = await client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
      expect(pending).toMatchObject({ Status: 'CREATE_PENDING', ExecutionStatus: 'UNAVAILABLE' });
    } finally {
      await realPace.close();
    }
  });

  it('creates a stack through a change set, with its resources in the caller account and region', async () => {
    const issued = await credentialsFor(localAws.url, TARGET_ACCOUNT, { region: 'eu-west-2' });
    const credentials = {
      accessKeyId: issued.AWS_ACCESS_KEY_ID,
      secretAccessKey: issued.AWS_SECRET_ACCESS_KEY,
      sessionToken: issued.AWS_SESSION_TOKEN,
    };
    const client = cloudFormationClient(localAws, { credentials, region: 'eu-west-2' });

    const { Id, StackId } = await client.send(
      new CreateChangeSetCommand({
        StackName: 'edd-backend-common-dev',
        ChangeSetName: 'first',
        ChangeSetType: 'CREATE',
        TemplateBody: BACKEND_TEMPLATE,
        Parameters: [{ ParameterKey: 'Environment', ParameterValue: 'dev' }],
        Capabilities: CAPABILITIES,
      }),
    );
    const review = await client.send(new DescribeStacksCommand({ StackName: 'edd-backend-common-dev' }));
    await waitUntilChangeSetCreateComplete({ client, ...WAIT }, { ChangeSetName: Id });
    const computed = await client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
    await client.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    const running = await client.send(new DescribeStacksCommand({ StackName: 'edd-backend-common-dev' }));
    const stack = await settledStack(client, 'edd-backend-common-dev');

    expect(Id).toMatch(
      new RegExp(`^arn:aws:cloudformation:eu-west-2:${TARGET_ACCOUNT}:changeSet/first/[0-9a-f-]{36}$`),
    );
    expect(StackId).toMatch(
      new RegExp(`^arn:aws:cloudformation:eu-west-2:${TARGET_ACCOUNT}:stack/edd-backend-common-dev/[0-9a-f-]{36}$`),
    );
    expect(review.Stacks?.[0]?.StackStatus).toBe('REVIEW_IN_PROGRESS');
    expect(computed).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    expect(
      computed.Changes?.map((change) => [change.ResourceChange?.Action, change.ResourceChange?.LogicalResourceId]),
    ).toEqual([
      ['Add', 'ConfigTable'],
      ['Add', 'CallbackTable'],
      ['Add', 'SchedulerRole'],
      ['Add', 'SchedulerFunction'],
      ['Add', 'SchedulerPermission'],
    ]);
    expect(running.Stacks?.[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Parameters).toEqual(
      expect.arrayContaining([
        { ParameterKey: 'Environment', ParameterValue: 'dev' },
        { ParameterKey: 'ReadCapacity', ParameterValue: '5' },
      ]),
    );
    expect(outputsOf(stack)).toEqual({
      ConfigTableName: 'edd-config-dev',
      CallbackTableName: expect.stringMatching(/^edd-backend-common-dev-CallbackTable-[A-Z0-9]{13}$/),
      SchedulerFunctionArn: `arn:aws:lambda:eu-west-2:${TARGET_ACCOUNT}:function:edd-callback-scheduler-dev`,
    });

    const table = await dynamoClient(localAws, { credentials, region: 'eu-west-2' }).send(
      new DescribeTableCommand({ TableName: 'edd-config-dev' }),
    );
    const callbackTable = await dynamoClient(localAws, { credentials, region: 'eu-west-2' }).send(
      new DescribeTableCommand({ TableName: outputsOf(stack).CallbackTableName }),
    );
    const lambda = lambdaAs(credentials, 'eu-west-2');
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'edd-callback-scheduler-dev' }));
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'edd-callback-scheduler-dev' }));
    const elsewhere = await rejection(
      dynamoClient(localAws).send(new DescribeTableCommand({ TableName: 'edd-config-dev' })),
    );

    expect(table.Table?.TableArn).toBe(`arn:aws:dynamodb:eu-west-2:${TARGET_ACCOUNT}:table/edd-config-dev`);
    expect(table.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(callbackTable.Table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 5, WriteCapacityUnits: 1 });
    expect(callbackTable.Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('by-queue');
    expect(fn.Configuration).toMatchObject({
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Timeout: 30,
      Role: `arn:aws:iam::${TARGET_ACCOUNT}:role/edd-callback-scheduler-dev-eu-west-2`,
      Environment: {
        Variables: { CONFIG_TABLE: 'edd-config-dev', CALLBACK_TABLE: outputsOf(stack).CallbackTableName },
      },
    });
    expect(fn.Configuration?.CodeSize).toBeGreaterThan(0);
    expect(JSON.parse(policy.Policy ?? '{}').Statement[0]).toMatchObject({
      Principal: { Service: 'connect.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceAccount': TARGET_ACCOUNT } },
    });
    expect(elsewhere).toBeInstanceOf(ResourceNotFoundException);
  });

  it('logs the calls it makes to other services as made by CloudFormation', async () => {
    await deployStack(cloudformation, {
      stackName: 'edd-backend-common-qa',
      template: BACKEND_TEMPLATE,
      parameters: { Environment: 'qa' },
      capabilities: CAPABILITIES,
    });

    const writes = localAws.calls({ write: true }).map(({ service, operation, invokedBy, account }) => ({
      service,
      operation,
      invokedBy,
      account,
    }));

    expect(writes.filter((call) => call.service === 'cloudformation').map((call) => call.operation)).toEqual([
      'CreateChangeSet',
      'ExecuteChangeSet',
    ]);
    expect(writes.filter((call) => call.service !== 'cloudformation')).toEqual(
      expect.arrayContaining([
        {
          service: 'dynamodb',
          operation: 'CreateTable',
          invokedBy: 'cloudformation.amazonaws.com',
          account: SHARED_ACCOUNT,
        },
        {
          service: 'lambda',
          operation: 'CreateFunction',
          invokedBy: 'cloudformation.amazonaws.com',
          account: SHARED_ACCOUNT,
        },
        {
          service: 'lambda',
          operation: 'AddPermission',
          invokedBy: 'cloudformation.amazonaws.com',
          account: SHARED_ACCOUNT,
        },
      ]),
    );
    expect(writes.every((call) => call.service === 'cloudformation' || call.invokedBy !== undefined)).toBe(true);
  });

  it('answers an unchanged template with an empty change set that cannot be executed', async () => {
    const request = {
      stackName: 'edd-backend-common-qa',
      template: BACKEND_TEMPLATE,
      parameters: { Environment: 'qa' },
      capabilities: CAPABILITIES,
    };
    await deployStack(cloudformation, request);

    const { Id } = await cloudformation.send(
      new CreateChangeSetCommand({
        StackName: request.stackName,
        ChangeSetName: 'again',
        TemplateBody: BACKEND_TEMPLATE,
        Parameters: [
          { ParameterKey: 'Environment', UsePreviousValue: true },
          { ParameterKey: 'ReadCapacity', ParameterValue: '5' },
        ],
        Capabilities: CAPABILITIES,
      }),
    );
    const waited = await rejection(
      waitUntilChangeSetCreateComplete({ client: cloudformation, ...WAIT }, { ChangeSetName: Id }),
    );
    const changeSet = await cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
    const refused = await rejection(cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: Id })));
    const update = await rejection(
      cloudformation.send(
        new UpdateStackCommand({
          StackName: request.stackName,
          UsePreviousTemplate: true,
          Capabilities: CAPABILITIES,
          Parameters: [{ ParameterKey: 'Environment', UsePreviousValue: true }],
        }),
      ),
    );
    const listed = await cloudformation.send(new ListChangeSetsCommand({ StackName: request.stackName }));
    await cloudformation.send(new DeleteChangeSetCommand({ ChangeSetName: Id }));
    const afterDelete = await cloudformation.send(new ListChangeSetsCommand({ StackName: request.stackName }));

    expect(waited.message).toContain('FAILED');
    expect(changeSet).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
      Changes: [],
    });
    expect(refused.name).toBe('InvalidChangeSetStatusException');
    expect(update.message).toBe('No updates are to be performed.');
    expect(listed.Summaries?.map((summary) => [summary.ChangeSetName, summary.Status])).toEqual([['again', 'FAILED']]);
    expect(afterDelete.Summaries).toEqual([]);
  });

  it('updates in place or replaces, as each property requires, and removes what the template drops', async () => {
    const template = (billing: string, key: string, extra = '') => `Resources:
  Settings:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: ${billing}
      ${billing === 'PROVISIONED' ? 'ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 }' : ''}
      AttributeDefinitions: [{ AttributeName: ${key}, AttributeType: S }]
      KeySchema: [{ AttributeName: ${key}, KeyType: HASH }]
  Archive:
    Type: AWS::S3::Bucket
${extra}
Outputs:
  SettingsTable:
    Value: !Ref Settings
`;
    const first = await deployStack(cloudformation, {
      stackName: 'updates',
      template: template('PAY_PER_REQUEST', 'pk'),
    });
    const firstTable = outputsOf(first).SettingsTable as string;

    const inPlace = await cloudformation.send(
      new CreateChangeSetCommand({
        StackName: 'updates',
        ChangeSetName: 'billing',
        TemplateBody: template('PROVISIONED', 'pk'),
      }),
    );
    await waitUntilChangeSetCreateComplete({ client: cloudformation, ...WAIT }, { ChangeSetName: inPlace.Id });
    const inPlaceChanges = await cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: inPlace.Id }));
    await cloudformation.send(new DeleteChangeSetCommand({ ChangeSetName: inPlace.Id }));
    const replaced = await deployStack(cloudformation, {
      stackName: 'updates',
      template: template(
        'PAY_PER_REQUEST',
        'id',
        '  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 7\n',
      ).replace('  Archive:\n    Type: AWS::S3::Bucket\n', ''),
    });
    const newTable = outputsOf(replaced).SettingsTable as string;
    const dynamodb = dynamoClient(localAws);
    const described = await dynamodb.send(new DescribeTableCommand({ TableName: newTable }));
    const oldGone = await rejection(dynamodb.send(new DescribeTableCommand({ TableName: firstTable })));
    const resources = await cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'updates' }));

    expect(inPlaceChanges.Changes?.[0]?.ResourceChange).toMatchObject({
      Action: 'Modify',
      LogicalResourceId: 'Settings',
      PhysicalResourceId: firstTable,
      Replacement: 'False',
      Details: expect.arrayContaining([
        {
          Target: { Attribute: 'Properties', Name: 'BillingMode', RequiresRecreation: 'Never' },
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
      ]),
    });
    expect(replaced.StackStatus).toBe('UPDATE_COMPLETE');
    expect(newTable).not.toBe(firstTable);
    expect(described.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(oldGone).toBeInstanceOf(ResourceNotFoundException);
    expect(
      resources.StackResources?.map((resource) => [resource.LogicalResourceId, resource.ResourceStatus]).sort(),
    ).toEqual([
      ['Logs', 'CREATE_COMPLETE'],
      ['Settings', 'UPDATE_COMPLETE'],
    ]);
  });

  it('rolls a failed creation back, deleting what it had created, and tells why in the events', async () => {
    await dynamoClient(localAws).send(
      new CreateTableCommand({
        TableName: 'edd-config-prod',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );

    const stack = await deployStack(cloudformation, {
      stackName: 'edd-backend-common-prod',
      template: BACKEND_TEMPLATE,
      parameters: { Environment: 'prod' },
      capabilities: CAPABILITIES,
    });
    const { StackEvents = [] } = await cloudformation.send(
      new DescribeStackEventsCommand({ StackName: 'edd-backend-common-prod' }),
    );
    const failed = StackEvents.find((event) => event.ResourceStatus === 'CREATE_FAILED');
    const callbackTable = StackEvents.find(
      (event) => event.LogicalResourceId === 'CallbackTable' && event.ResourceStatus === 'CREATE_COMPLETE',
    )?.PhysicalResourceId;
    const callbackGone = await rejection(
      dynamoClient(localAws).send(new DescribeTableCommand({ TableName: String(callbackTable) })),
    );
    const again = await rejection(
      cloudformation.send(
        new CreateChangeSetCommand({
          StackName: 'edd-backend-common-prod',
          ChangeSetName: 'retry',
          TemplateBody: BACKEND_TEMPLATE,
          Capabilities: CAPABILITIES,
        }),
      ),
    );

    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(failed).toMatchObject({
      LogicalResourceId: 'ConfigTable',
      ResourceType: 'AWS::DynamoDB::Table',
      ResourceStatusReason: expect.stringMatching(
        /^Resource handler returned message: "Resource of type 'AWS::DynamoDB::Table' with identifier 'edd-config-prod' already exists." \(RequestToken: [0-9a-f-]+, HandlerErrorCode: AlreadyExists\)$/,
      ),
    });
    expect(StackEvents.map((event) => [event.LogicalResourceId, event.ResourceStatus])).toEqual(
      expect.arrayContaining([
        ['edd-backend-common-prod', 'ROLLBACK_IN_PROGRESS'],
        ['CallbackTable', 'DELETE_COMPLETE'],
        ['edd-backend-common-prod', 'ROLLBACK_COMPLETE'],
      ]),
    );
    expect(StackEvents.find((event) => event.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason).toBe(
      'The following resource(s) failed to create: [ConfigTable]. Rollback requested by user.',
    );
    expect(callbackGone).toBeInstanceOf(ResourceNotFoundException);
    expect(again.message).toMatch(
      /^Stack:arn:aws:cloudformation:us-east-1:318484875904:stack\/edd-backend-common-prod\/[0-9a-f-]+ is in ROLLBACK_COMPLETE state and can not be updated\.$/,
    );
  });

  it('rolls a failed update back to the previous resources and outputs', async () => {
    const template = (key: string, timeout: number) => `Resources:
  Settings:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: edd-settings
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: ${key}, AttributeType: S }]
      KeySchema: [{ AttributeName: ${key}, KeyType: HASH }]
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::318484875904:role/edd-lambda
      Timeout: ${timeout}
      Code: { ZipFile: "def handler(event, context): return None" }
Outputs:
  Key:
    Value: ${key}
`;
    await deployStack(cloudformation, { stackName: 'rollback', template: template('pk', 3) });
    const stack = await deployStack(cloudformation, { stackName: 'rollback', template: template('id', 9) });
    const { StackEvents = [] } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: 'rollback' }));
    const handler = StackEvents.find((event) => event.LogicalResourceId === 'Handler')?.PhysicalResourceId;
    const fn = await lambdaAs().send(new GetFunctionCommand({ FunctionName: handler }));
    const table = await dynamoClient(localAws).send(new DescribeTableCommand({ TableName: 'edd-settings' }));

    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(outputsOf(stack)).toEqual({ Key: 'pk' });
    expect(StackEvents.find((event) => event.ResourceStatus === 'UPDATE_FAILED')).toMatchObject({
      LogicalResourceId: 'Settings',
      ResourceStatusReason:
        'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename edd-settings and update the stack again.',
    });
    expect(handler).toMatch(/^rollback-Handler-[A-Z0-9]{13}$/);
    expect(fn.Configuration?.Timeout).toBe(3);
    expect(table.Table?.KeySchema?.[0]?.AttributeName).toBe('pk');
  });

  it('requires the IAM capabilities as CloudFormation does', async () => {
    const named = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: edd-named
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
`;
    const unnamed = named.replace('      RoleName: edd-named\n', '');
    const create = (template: string, capabilities: ('CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM')[]) =>
      cloudformation.send(
        new CreateChangeSetCommand({
          StackName: 'iam',
          ChangeSetName: 'iam',
          ChangeSetType: 'CREATE',
          TemplateBody: template,
          Capabilities: capabilities,
        }),
      );

    const none = await rejection(create(unnamed, []));
    const iamOnly = await rejection(create(named, ['CAPABILITY_IAM']));
    const stack = await deployStack(cloudformation, {
      stackName: 'iam',
      template: named,
      capabilities: ['CAPABILITY_NAMED_IAM'],
    });
    const { StackResources = [] } = await cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'iam' }));
    const summary = await cloudformation.send(new ValidateTemplateCommand({ TemplateBody: named }));

    expect(none).toBeInstanceOf(InsufficientCapabilitiesException);
    expect(none.message).toBe('Requires capabilities : [CAPABILITY_IAM]');
    expect(iamOnly.message).toBe('Requires capabilities : [CAPABILITY_NAMED_IAM]');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(StackResources[0]).toMatchObject({ PhysicalResourceId: 'edd-named', ResourceStatus: 'CREATE_COMPLETE' });
    expect(summary).toMatchObject({
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
    });
  });

  it('checks parameters before creating anything, with AWS messages', async () => {
    const attempt = (parameters: { ParameterKey: string; ParameterValue: string }[]) =>
      rejection(
        cloudformation.send(
          new CreateChangeSetCommand({
            StackName: 'parameters',
            ChangeSetName: 'p',
            ChangeSetType: 'CREATE',
            TemplateBody: BACKEND_TEMPLATE,
            Parameters: parameters,
            Capabilities: CAPABILITIES,
          }),
        ),
      );

    const notAllowed = await attempt([{ ParameterKey: 'Environment', ParameterValue: 'staging' }]);
    const missing = await attempt([]);
    const unknown = await attempt([
      { ParameterKey: 'Environment', ParameterValue: 'dev' },
      { ParameterKey: 'Region', ParameterValue: 'x' },
    ]);
    const notNumber = await attempt([
      { ParameterKey: 'Environment', ParameterValue: 'dev' },
      { ParameterKey: 'ReadCapacity', ParameterValue: 'many' },
    ]);
    const stacks = await cloudformation.send(new ListStacksCommand({}));

    expect(notAllowed).toBeInstanceOf(CloudFormationServiceException);
    expect(notAllowed.name).toBe('ValidationError');
    expect(notAllowed.message).toBe("Parameter 'Environment' must be one of AllowedValues");
    expect(missing.message).toBe('Parameters: [Environment] must have values');
    expect(unknown.message).toBe('Parameters: [Region] do not exist in the template');
    expect(notNumber.message).toBe("Parameter 'ReadCapacity' must be a number");
    expect(stacks.StackSummaries).toEqual([]);
  });

  it('fails the change set of a template with resource types it does not know, or broken references', async () => {
    const changeSet = async (name: string, template: string) => {
      const { Id } = await cloudformation.send(
        new CreateChangeSetCommand({
          StackName: name,
          ChangeSetName: 'c',
          ChangeSetType: 'CREATE',
          TemplateBody: template,
        }),
      );
      await waitUntilChangeSetCreateComplete({ client: cloudformation, ...WAIT }, { ChangeSetName: Id }).catch(
        () => undefined,
      );
      return cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
    };

    const unknownType = await changeSet(
      'types',
      'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Topic:\n    Type: AWS::SNS::Topic\n',
    );
    const dangling = await changeSet(
      'dangling',
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Missing\n',
    );
    const cycle = await changeSet(
      'cycle',
      'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    DependsOn: B\n  B:\n    Type: AWS::S3::Bucket\n    DependsOn: A\n',
    );
    const malformed = await rejection(
      cloudformation.send(
        new CreateChangeSetCommand({
          StackName: 'malformed',
          ChangeSetName: 'c',
          ChangeSetType: 'CREATE',
          TemplateBody: 'Resources: [a',
        }),
      ),
    );
    const summary = await rejection(
      cloudformation.send(
        new GetTemplateSummaryCommand({ TemplateBody: 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n' }),
      ),
    );

    expect(unknownType).toMatchObject({
      Status: 'FAILED',
      StatusReason: 'Template format error: Unrecognized resource types: [AWS::SQS::Queue, AWS::SNS::Topic]',
    });
    expect(dangling.StatusReason).toBe(
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
    );
    expect(cycle.StatusReason).toBe('Circular dependency between resources: [A, B]');
    expect(malformed.message).toBe('Template format error: YAML not well-formed. (line 1, column 14)');
    expect(summary.message).toBe('Template format error: Unrecognized resource types: [AWS::SQS::Queue]');
  });

  it('exports outputs to other stacks and keeps an export in use', async () => {
    const exporter = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
Outputs:
  BucketName:
    Value: !Ref Bucket
    Export: { Name: shared-bucket }
`;
    const importer = `Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub
        - /edd/\${Bucket}
        - Bucket: !ImportValue shared-bucket
Outputs:
  Group:
    Value: !Ref Logs
`;
    const first = await deployStack(cloudformation, { stackName: 'exporter', template: exporter });
    const second = await deployStack(cloudformation, { stackName: 'importer', template: importer });
    const exports = await cloudformation.send(new ListExportsCommand({}));
    const imports = await cloudformation.send(new ListImportsCommand({ ExportName: 'shared-bucket' }));
    const duplicate = await deployStack(cloudformation, { stackName: 'duplicate', template: exporter });
    await cloudformation.send(new DeleteStackCommand({ StackName: 'exporter' }));
    const stillThere = await settledStack(cloudformation, 'exporter');

    const bucket = outputsOf(first).BucketName as string;
    expect(bucket).toMatch(/^exporter-bucket-[a-z0-9]{13}$/);
    expect(outputsOf(second).Group).toBe(`/edd/${bucket}`);
    expect(exports.Exports).toEqual([{ ExportingStackId: first.StackId, Name: 'shared-bucket', Value: bucket }]);
    expect(imports.Imports).toEqual(['importer']);
    expect(duplicate.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(stillThere).toMatchObject({
      StackStatus: 'DELETE_FAILED',
      StackStatusReason: 'Export shared-bucket cannot be deleted as it is in use by importer',
    });
  });

  it('deletes a stack and its resources, keeping the stack in ListStacks only', async () => {
    const stack = await deployStack(cloudformation, {
      stackName: 'edd-backend-common-dev',
      template: BACKEND_TEMPLATE,
      parameters: { Environment: 'dev' },
      capabilities: CAPABILITIES,
    });
    const template = await cloudformation.send(new GetTemplateCommand({ StackName: 'edd-backend-common-dev' }));

    await cloudformation.send(new DeleteStackCommand({ StackName: 'edd-backend-common-dev' }));
    const deleted = await settledStack(cloudformation, String(stack.StackId));
    const byName = await rejection(
      cloudformation.send(new DescribeStacksCommand({ StackName: 'edd-backend-common-dev' })),
    );
    const listed = await cloudformation.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    const table = await rejection(
      dynamoClient(localAws).send(new DescribeTableCommand({ TableName: 'edd-config-dev' })),
    );
    const fn = await rejection(lambdaAs().send(new GetFunctionCommand({ FunctionName: 'edd-callback-scheduler-dev' })));
    const exports = await cloudformation.send(new ListExportsCommand({}));

    expect(template.TemplateBody).toBe(BACKEND_TEMPLATE);
    expect(deleted.StackStatus).toBe('DELETE_COMPLETE');
    expect(byName.message).toBe('Stack with id edd-backend-common-dev does not exist');
    expect(listed.StackSummaries?.map((summary) => summary.StackName)).toEqual(['edd-backend-common-dev']);
    expect(table).toBeInstanceOf(ResourceNotFoundException);
    expect(fn.name).toBe('ResourceNotFoundException');
    expect(exports.Exports).toEqual([]);
  });

  it('creates and updates stacks without change sets', async () => {
    const template = (retention: number) =>
      JSON.stringify({
        Parameters: { Name: { Type: 'String', Default: 'edd-audit' } },
        Resources: {
          Group: {
            Type: 'AWS::Logs::LogGroup',
            Properties: { LogGroupName: { 'Fn::Sub': '/${Name}/${AWS::Region}' }, RetentionInDays: retention },
          },
        },
        Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Group', 'Arn'] } } },
      });

    await cloudformation.send(new CreateStackCommand({ StackName: 'direct', TemplateBody: template(7) }));
    const created = await settledStack(cloudformation, 'direct');
    await cloudformation.send(new UpdateStackCommand({ StackName: 'direct', TemplateBody: template(30) }));
    const updated = await settledStack(cloudformation, 'direct');
    const invalid = await rejection(
      cloudformation.send(new CreateStackCommand({ StackName: 'bad_name', TemplateBody: template(7) })),
    );

    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    expect(outputsOf(created).Arn).toBe('arn:aws:logs:us-east-1:318484875904:log-group:/edd-audit/us-east-1:*');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(invalid.message).toContain("Value 'bad_name' at 'stackName' failed to satisfy constraint");
  });
});
