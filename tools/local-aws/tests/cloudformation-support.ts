import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackUpdateComplete,
  type Parameter,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import type { LocalAws } from '../src/index.js';
import { BASE_CREDENTIALS, type Credentials } from './support.js';

/** What the backend-common pipeline deploys: two tables, a scheduler function, its permission, outputs and exports. */
export const BACKEND_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: EDD backend common resources
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, qa, prod]
  ReadCapacity:
    Type: Number
    Default: 5
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
  ConfigTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub edd-config-\${Environment}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
  CallbackTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PROVISIONED
      ProvisionedThroughput:
        ReadCapacityUnits: !Ref ReadCapacity
        WriteCapacityUnits: !If [IsProd, 10, 1]
      AttributeDefinitions:
        - AttributeName: callbackId
          AttributeType: S
        - AttributeName: queue
          AttributeType: S
      KeySchema:
        - AttributeName: callbackId
          KeyType: HASH
      GlobalSecondaryIndexes:
        - IndexName: by-queue
          KeySchema:
            - AttributeName: queue
              KeyType: HASH
          Projection:
            ProjectionType: ALL
          ProvisionedThroughput:
            ReadCapacityUnits: 1
            WriteCapacityUnits: 1
  SchedulerRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub edd-callback-scheduler-\${Environment}-\${AWS::Region}
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: tables
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: ['dynamodb:GetItem', 'dynamodb:PutItem']
                Resource: [!GetAtt ConfigTable.Arn, !GetAtt CallbackTable.Arn]
  SchedulerFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub edd-callback-scheduler-\${Environment}
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt SchedulerRole.Arn
      Timeout: 30
      Environment:
        Variables:
          CONFIG_TABLE: !Ref ConfigTable
          CALLBACK_TABLE: !Ref CallbackTable
      Code:
        ZipFile: |
          exports.handler = async () => ({ statusCode: 200 });
  SchedulerPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt SchedulerFunction.Arn
      Action: lambda:InvokeFunction
      Principal: connect.amazonaws.com
      SourceAccount: !Ref AWS::AccountId
Outputs:
  ConfigTableName:
    Value: !Ref ConfigTable
    Export:
      Name: !Sub \${AWS::StackName}-ConfigTableName
  CallbackTableName:
    Value: !Ref CallbackTable
  SchedulerFunctionArn:
    Description: Scheduler function ARN
    Value: !GetAtt SchedulerFunction.Arn
    Export:
      Name: !Sub edd-callback-scheduler-arn-\${Environment}
`;

export function cloudFormationClient(
  localAws: LocalAws,
  { credentials = BASE_CREDENTIALS, region = 'us-east-1' }: { credentials?: Credentials; region?: string } = {},
): CloudFormationClient {
  return new CloudFormationClient({ endpoint: localAws.url, region, credentials, maxAttempts: 1 });
}

/** Short waiter delays: the tests run local-aws with a time scale, so stacks settle in milliseconds. */
export const WAIT = { maxWaitTime: 20, minDelay: 0.02, maxDelay: 0.05 };

export interface DeployRequest {
  stackName: string;
  template: string;
  parameters?: Record<string, string>;
  capabilities?: ('CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM')[];
}

/** What `aws cloudformation deploy` does: a change set of the right type, its waiter, execution, the stack waiter. */
export async function deployStack(
  client: CloudFormationClient,
  { stackName, template, parameters = {}, capabilities = [] }: DeployRequest,
): Promise<Stack> {
  let exists = false;
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    exists = Stacks?.[0]?.StackStatus !== 'REVIEW_IN_PROGRESS';
  } catch {
    exists = false;
  }
  const Parameters: Parameter[] = Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
    ParameterKey,
    ParameterValue,
  }));
  const { Id } = await client.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: `deploy-${Date.now()}`,
      ChangeSetType: exists ? 'UPDATE' : 'CREATE',
      TemplateBody: template,
      Parameters,
      Capabilities: capabilities,
    }),
  );
  await waitUntilChangeSetCreateComplete({ client, ...WAIT }, { ChangeSetName: Id, StackName: stackName }).catch(
    async () => {
      const changeSet = await client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
      throw new Error(`change set ${changeSet.Status}: ${changeSet.StatusReason}`);
    },
  );
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
  const waiter = exists ? waitUntilStackUpdateComplete : waitUntilStackCreateComplete;
  await waiter({ client, ...WAIT }, { StackName: stackName }).catch(() => undefined);
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  return Stacks?.[0] as Stack;
}

/** Polls until the stack leaves its in-progress states. */
export async function settledStack(client: CloudFormationClient, stackName: string): Promise<Stack> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks?.[0] as Stack;
    if (!String(stack.StackStatus).endsWith('_IN_PROGRESS')) return stack;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`stack ${stackName} did not settle`);
}

export function outputsOf(stack: Stack): Record<string, string | undefined> {
  return Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
}
