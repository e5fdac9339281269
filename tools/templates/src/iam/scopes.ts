import { BOUNDARY_POLICY_NAME, NAME_PREFIX } from '../pipelines.js';

/**
 * What the target-account policies may name as `Resource`, as the `Fn::Sub` text of an ARN pattern. Everything is in
 * the account the template is deployed in; regions are open because a step deploys to the region it is given.
 * Connect and Lex V2 put ids, not names, in their ARNs: their resources are held to this account's instances and
 * bots. The rest follows the naming conventions of the pipelines (`edd-` tables, functions, stacks and roles, the
 * prompt bucket `edd-connect-prompts-<account>`).
 */
export const RESOURCES = {
  connectInstance: 'arn:${AWS::Partition}:connect:*:${AWS::AccountId}:instance/*',
  connectPhoneNumber: 'arn:${AWS::Partition}:connect:*:${AWS::AccountId}:phone-number/*',
  connectServiceLinkedRole:
    'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/connect.amazonaws.com/*',
  connectLogGroup: 'arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/aws/connect/*',
  directory: 'arn:${AWS::Partition}:ds:*:${AWS::AccountId}:directory/*',
  lexBot: 'arn:${AWS::Partition}:lex:*:${AWS::AccountId}:bot/*',
  lexBotAlias: 'arn:${AWS::Partition}:lex:*:${AWS::AccountId}:bot-alias/*',
  lexServiceLinkedRole:
    'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots*',
  function: `arn:\${AWS::Partition}:lambda:*:\${AWS::AccountId}:function:${NAME_PREFIX}*`,
  table: `arn:\${AWS::Partition}:dynamodb:*:\${AWS::AccountId}:table/${NAME_PREFIX}*`,
  promptBucket: `arn:\${AWS::Partition}:s3:::${NAME_PREFIX}connect-prompts-\${AWS::AccountId}`,
  promptObjects: `arn:\${AWS::Partition}:s3:::${NAME_PREFIX}connect-prompts-\${AWS::AccountId}/*`,
  stack: `arn:\${AWS::Partition}:cloudformation:*:\${AWS::AccountId}:stack/${NAME_PREFIX}*/*`,
  applicationRole: `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${NAME_PREFIX}*`,
  applicationBucket: `arn:\${AWS::Partition}:s3:::${NAME_PREFIX}*`,
} as const;

export type ResourceKind = keyof typeof RESOURCES;

/** The boundary policy's ARN, as `Fn::Sub` text: roles the backend stacks create must carry exactly this one. */
export const BOUNDARY_ARN = `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${BOUNDARY_POLICY_NAME}`;

export type Condition = Record<string, Record<string, string | string[]>>;

/** Where an action is allowed: resource patterns (and a condition), or `*` with the reason AWS leaves no choice. */
export type Scope =
  { resources: ResourceKind[]; condition?: Condition } | { resources: '*'; why: string; condition?: Condition };

const on = (...resources: ResourceKind[]): Scope => ({ resources });
const anywhere = (why: string, condition?: Condition): Scope => ({
  resources: '*',
  why,
  ...(condition ? { condition } : {}),
});

const NO_RESOURCE_TYPE = 'AWS defines no resource type for this action';
const LISTS_EVERYTHING = 'a list or create call of the whole account: AWS defines no resource type for it';

const WITH_BOUNDARY: Condition = { StringEquals: { 'iam:PermissionsBoundary': BOUNDARY_ARN } };

/**
 * Every action a step declares (`edd.iamActions`, `edd.pruneIamActions`), with where it is allowed. A step that
 * starts calling a new action adds it here too: synthesis refuses an action this table does not scope, and a test
 * checks each entry against AWS's Service Authorization Reference (`*` only where the action has no resource type).
 */
export const ACTION_SCOPES: Record<string, Scope> = {
  // Connect: every action on this account's instances (ids in the ARNs: no name to hold them to).
  'connect:ActivateEvaluationForm': on('connectInstance'),
  'connect:AssociateApprovedOrigin': on('connectInstance'),
  'connect:AssociateBot': on('connectInstance'),
  'connect:AssociateDefaultVocabulary': on('connectInstance'),
  'connect:AssociateLambdaFunction': on('connectInstance'),
  'connect:AssociatePhoneNumberContactFlow': on('connectInstance', 'connectPhoneNumber'),
  'connect:AssociateQueueQuickConnects': on('connectInstance'),
  'connect:AssociateRoutingProfileQueues': on('connectInstance'),
  'connect:AssociateUserProficiencies': on('connectInstance'),
  'connect:CreateAgentStatus': on('connectInstance'),
  'connect:CreateContactFlow': on('connectInstance'),
  'connect:CreateContactFlowModule': on('connectInstance'),
  'connect:CreateEvaluationForm': on('connectInstance'),
  'connect:CreateHoursOfOperation': on('connectInstance'),
  'connect:CreateHoursOfOperationOverride': on('connectInstance'),
  'connect:CreateInstance': anywhere(LISTS_EVERYTHING),
  'connect:CreatePredefinedAttribute': on('connectInstance'),
  'connect:CreatePrompt': on('connectInstance'),
  // A queue's outbound caller id names a claimed phone number, which lives outside the instance.
  'connect:CreateQueue': on('connectInstance', 'connectPhoneNumber'),
  'connect:CreateQuickConnect': on('connectInstance'),
  'connect:CreateRoutingProfile': on('connectInstance'),
  'connect:CreateSecurityProfile': on('connectInstance'),
  'connect:CreateUser': on('connectInstance'),
  'connect:CreateUserHierarchyGroup': on('connectInstance'),
  'connect:CreateRule': on('connectInstance'),
  'connect:CreateTaskTemplate': on('connectInstance'),
  'connect:CreateView': on('connectInstance'),
  'connect:CreateViewVersion': on('connectInstance'),
  'connect:CreateVocabulary': on('connectInstance'),
  'connect:DeactivateEvaluationForm': on('connectInstance'),
  'connect:DeleteContactFlow': on('connectInstance'),
  'connect:DeleteContactFlowModule': on('connectInstance'),
  'connect:DeleteEvaluationForm': on('connectInstance'),
  'connect:DeleteHoursOfOperation': on('connectInstance'),
  'connect:DeleteHoursOfOperationOverride': on('connectInstance'),
  'connect:DeletePredefinedAttribute': on('connectInstance'),
  'connect:DeletePrompt': on('connectInstance'),
  'connect:DeleteQueue': on('connectInstance'),
  'connect:DeleteQuickConnect': on('connectInstance'),
  'connect:DeleteRoutingProfile': on('connectInstance'),
  'connect:DeleteSecurityProfile': on('connectInstance'),
  'connect:DeleteUser': on('connectInstance'),
  'connect:DeleteUserHierarchyGroup': on('connectInstance'),
  'connect:DeleteRule': on('connectInstance'),
  'connect:DeleteTaskTemplate': on('connectInstance'),
  'connect:DeleteView': on('connectInstance'),
  'connect:DeleteVocabulary': on('connectInstance'),
  'connect:DescribeAgentStatus': on('connectInstance'),
  'connect:DescribeAuthenticationProfile': on('connectInstance'),
  'connect:DescribeContactFlow': on('connectInstance'),
  'connect:DescribeContactFlowModule': on('connectInstance'),
  'connect:DescribeEvaluationForm': on('connectInstance'),
  'connect:DescribeHoursOfOperation': on('connectInstance'),
  'connect:DescribeInstance': on('connectInstance'),
  'connect:DescribeInstanceAttribute': on('connectInstance'),
  'connect:DescribePredefinedAttribute': on('connectInstance'),
  'connect:DescribePrompt': on('connectInstance'),
  'connect:DescribeQueue': on('connectInstance'),
  'connect:DescribeQuickConnect': on('connectInstance'),
  'connect:DescribeRoutingProfile': on('connectInstance'),
  'connect:DescribeRule': on('connectInstance'),
  'connect:DescribeSecurityProfile': on('connectInstance'),
  'connect:DescribeUser': on('connectInstance'),
  'connect:DescribeUserHierarchyGroup': on('connectInstance'),
  'connect:DescribeUserHierarchyStructure': on('connectInstance'),
  'connect:DescribeView': on('connectInstance'),
  'connect:DescribeVocabulary': on('connectInstance'),
  'connect:DisassociateQueueQuickConnects': on('connectInstance'),
  'connect:DisassociateRoutingProfileQueues': on('connectInstance'),
  'connect:DisassociateUserProficiencies': on('connectInstance'),
  'connect:GetPromptFile': on('connectInstance'),
  'connect:GetTaskTemplate': on('connectInstance'),
  'connect:ListAgentStatuses': on('connectInstance'),
  'connect:ListApprovedOrigins': on('connectInstance'),
  'connect:ListAuthenticationProfiles': on('connectInstance'),
  'connect:ListBots': on('connectInstance'),
  'connect:ListContactFlowModules': on('connectInstance'),
  'connect:ListContactFlows': on('connectInstance'),
  'connect:ListDefaultVocabularies': on('connectInstance'),
  'connect:ListEvaluationFormVersions': on('connectInstance'),
  'connect:ListEvaluationForms': on('connectInstance'),
  'connect:ListFlowAssociations': on('connectInstance'),
  'connect:ListHoursOfOperationOverrides': on('connectInstance'),
  'connect:ListHoursOfOperations': on('connectInstance'),
  'connect:ListInstanceAttributes': on('connectInstance'),
  'connect:ListInstances': anywhere(LISTS_EVERYTHING),
  'connect:ListIntegrationAssociations': on('connectInstance'),
  'connect:ListLambdaFunctions': on('connectInstance'),
  'connect:ListPhoneNumbersV2': on('connectPhoneNumber'),
  'connect:ListPredefinedAttributes': on('connectInstance'),
  'connect:ListPrompts': on('connectInstance'),
  'connect:ListQueueQuickConnects': on('connectInstance'),
  'connect:ListQueues': on('connectInstance'),
  'connect:ListQuickConnects': on('connectInstance'),
  'connect:ListRoutingProfileQueues': on('connectInstance'),
  'connect:ListRoutingProfiles': on('connectInstance'),
  'connect:ListSecurityProfileApplications': on('connectInstance'),
  'connect:ListSecurityProfilePermissions': on('connectInstance'),
  'connect:ListRules': on('connectInstance'),
  'connect:ListSecurityProfiles': on('connectInstance'),
  'connect:ListTaskTemplates': on('connectInstance'),
  'connect:ListUserHierarchyGroups': on('connectInstance'),
  'connect:ListUserProficiencies': on('connectInstance'),
  'connect:ListUsers': on('connectInstance'),
  'connect:SearchUserHierarchyGroups': on('connectInstance'),
  'connect:ListViewVersions': on('connectInstance'),
  'connect:ListViews': on('connectInstance'),
  'connect:SearchVocabularies': on('connectInstance'),
  'connect:TagResource': on('connectInstance'),
  'connect:UntagResource': on('connectInstance'),
  'connect:UpdateAgentStatus': on('connectInstance'),
  'connect:UpdateAuthenticationProfile': on('connectInstance'),
  'connect:UpdateContactFlowContent': on('connectInstance'),
  'connect:UpdateContactFlowMetadata': on('connectInstance'),
  'connect:UpdateContactFlowModuleContent': on('connectInstance'),
  'connect:UpdateContactFlowModuleMetadata': on('connectInstance'),
  'connect:UpdateEvaluationForm': on('connectInstance'),
  'connect:UpdateHoursOfOperation': on('connectInstance'),
  'connect:UpdateHoursOfOperationOverride': on('connectInstance'),
  'connect:UpdateInstanceAttribute': on('connectInstance'),
  'connect:UpdatePredefinedAttribute': on('connectInstance'),
  'connect:UpdatePrompt': on('connectInstance'),
  'connect:UpdateQueueHoursOfOperation': on('connectInstance'),
  'connect:UpdateQueueMaxContacts': on('connectInstance'),
  'connect:UpdateQueueName': on('connectInstance'),
  'connect:UpdateQueueOutboundCallerConfig': on('connectInstance', 'connectPhoneNumber'),
  'connect:UpdateQueueStatus': on('connectInstance'),
  'connect:UpdateQuickConnectConfig': on('connectInstance'),
  'connect:UpdateQuickConnectName': on('connectInstance'),
  'connect:UpdateRoutingProfileAgentAvailabilityTimer': on('connectInstance'),
  'connect:UpdateRoutingProfileConcurrency': on('connectInstance'),
  'connect:UpdateRoutingProfileDefaultOutboundQueue': on('connectInstance'),
  'connect:UpdateRoutingProfileName': on('connectInstance'),
  'connect:UpdateRoutingProfileQueues': on('connectInstance'),
  'connect:UpdateSecurityProfile': on('connectInstance'),
  'connect:UpdateUserHierarchy': on('connectInstance'),
  'connect:UpdateUserHierarchyStructure': on('connectInstance'),
  'connect:UpdateUserIdentityInfo': on('connectInstance'),
  'connect:UpdateUserPhoneConfig': on('connectInstance'),
  'connect:UpdateUserProficiencies': on('connectInstance'),
  'connect:UpdateUserRoutingProfile': on('connectInstance'),
  'connect:UpdateUserSecurityProfiles': on('connectInstance'),
  'connect:UpdateRule': on('connectInstance'),
  'connect:UpdateTaskTemplate': on('connectInstance'),
  'connect:UpdateViewContent': on('connectInstance'),
  'connect:UpdateViewMetadata': on('connectInstance'),

  // What CreateInstance does on the caller's behalf: the instance's directory, its service-linked role (and the
  // role's policy), the contact flow log group UpdateInstanceAttribute creates.
  'ds:AuthorizeApplication': on('directory'),
  'ds:CheckAlias': anywhere(NO_RESOURCE_TYPE),
  'ds:CreateAlias': on('directory'),
  'ds:CreateDirectory': anywhere(NO_RESOURCE_TYPE),
  'ds:CreateIdentityPoolDirectory': anywhere(NO_RESOURCE_TYPE),
  'ds:DeleteDirectory': on('directory'),
  'ds:DescribeDirectories': anywhere(NO_RESOURCE_TYPE),
  'ds:UnauthorizeApplication': on('directory'),
  'iam:CreateServiceLinkedRole': {
    resources: ['connectServiceLinkedRole'],
    condition: { StringEquals: { 'iam:AWSServiceName': 'connect.amazonaws.com' } },
  },
  'iam:PutRolePolicy': on('connectServiceLinkedRole'),
  'logs:CreateLogGroup': on('connectLogGroup'),

  // Imported bots run as Lex's service-linked role; StartImport passes it, to Lex only.
  'iam:PassRole': {
    resources: ['lexServiceLinkedRole'],
    condition: { StringEquals: { 'iam:PassedToService': 'lexv2.amazonaws.com' } },
  },

  // Only the services that invoke the functions of a contact center: no other account, no other service.
  'lambda:AddPermission': {
    resources: ['function'],
    condition: { StringEquals: { 'lambda:Principal': ['connect.amazonaws.com', 'lexv2.amazonaws.com'] } },
  },
  'lambda:GetFunction': on('function'),
  'lambda:GetPolicy': on('function'),

  'lex:BuildBotLocale': on('lexBot'),
  'lex:CreateBot': on('lexBot', 'lexBotAlias'),
  'lex:CreateBotAlias': on('lexBotAlias'),
  'lex:CreateBotLocale': on('lexBot'),
  'lex:CreateBotVersion': on('lexBot'),
  'lex:CreateCustomVocabulary': on('lexBot'),
  'lex:CreateExport': on('lexBot'),
  'lex:CreateIntent': on('lexBot'),
  'lex:CreateResourcePolicy': on('lexBot', 'lexBotAlias'),
  'lex:CreateSlot': on('lexBot'),
  'lex:CreateSlotType': on('lexBot'),
  'lex:CreateUploadUrl': anywhere(NO_RESOURCE_TYPE),
  'lex:DeleteBotLocale': on('lexBot'),
  'lex:DeleteBotVersion': on('lexBot'),
  'lex:DeleteCustomVocabulary': on('lexBot'),
  'lex:DeleteExport': on('lexBot'),
  'lex:DeleteIntent': on('lexBot'),
  'lex:DeleteSlot': on('lexBot'),
  'lex:DeleteSlotType': on('lexBot'),
  'lex:DescribeBot': on('lexBot'),
  'lex:DescribeBotAlias': on('lexBotAlias'),
  'lex:DescribeBotLocale': on('lexBot'),
  'lex:DescribeBotVersion': on('lexBot'),
  'lex:DescribeExport': on('lexBot'),
  'lex:DescribeImport': on('lexBot'),
  'lex:DescribeIntent': on('lexBot'),
  'lex:DescribeSlot': on('lexBot'),
  'lex:DescribeSlotType': on('lexBot'),
  'lex:ListBotAliases': on('lexBot'),
  'lex:ListBotLocales': on('lexBot'),
  'lex:ListBotVersions': on('lexBot'),
  'lex:ListBots': anywhere(LISTS_EVERYTHING),
  'lex:ListIntents': on('lexBot'),
  'lex:ListSlotTypes': on('lexBot'),
  'lex:ListSlots': on('lexBot'),
  'lex:ListTagsForResource': on('lexBot', 'lexBotAlias'),
  'lex:StartImport': on('lexBot', 'lexBotAlias'),
  'lex:TagResource': on('lexBot', 'lexBotAlias'),
  'lex:UpdateBot': on('lexBot'),
  'lex:UpdateBotAlias': on('lexBotAlias'),
  'lex:UpdateBotLocale': on('lexBot'),
  'lex:UpdateCustomVocabulary': on('lexBot'),
  'lex:UpdateIntent': on('lexBot'),
  'lex:UpdateResourcePolicy': on('lexBot', 'lexBotAlias'),
  'lex:UpdateSlot': on('lexBot'),
  'lex:UpdateSlotType': on('lexBot'),

  'dynamodb:BatchWriteItem': on('table'),
  'dynamodb:DescribeTable': on('table'),
  'dynamodb:GetItem': on('table'),
  'dynamodb:Scan': on('table'),

  // Prompt audio: uploaded by connect-deploy, then read by Connect with the caller's permissions (CreatePrompt).
  's3:GetObject': on('promptObjects'),
  's3:GetObjectAcl': on('promptObjects'),
  's3:ListBucket': on('promptBucket'),
  's3:PutObject': on('promptObjects'),
};

/**
 * Where one policy needs an action elsewhere than the table says. The backend stacks create `edd-` roles (never
 * without the boundary) and hand them to Lambda.
 */
export const POLICY_SCOPES: Record<string, Record<string, Scope>> = {
  'backend-stacks': {
    'iam:AttachRolePolicy': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:CreateRole': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:DeleteRole': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:DeleteRolePolicy': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:DetachRolePolicy': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:GetRole': on('applicationRole'),
    'iam:GetRolePolicy': on('applicationRole'),
    'iam:ListAttachedRolePolicies': on('applicationRole'),
    'iam:ListRolePolicies': on('applicationRole'),
    'iam:ListRoleTags': on('applicationRole'),
    'iam:PassRole': {
      resources: ['applicationRole'],
      condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
    'iam:PutRolePermissionsBoundary': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:PutRolePolicy': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:TagRole': on('applicationRole'),
    'iam:UntagRole': on('applicationRole'),
    'iam:UpdateAssumeRolePolicy': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:UpdateRole': { resources: ['applicationRole'], condition: WITH_BOUNDARY },
    'iam:UpdateRoleDescription': { resources: ['applicationRole'], condition: WITH_BOUNDARY },

    'cloudformation:CreateChangeSet': on('stack'),
    'cloudformation:DeleteChangeSet': on('stack'),
    'cloudformation:DescribeChangeSet': on('stack'),
    'cloudformation:DescribeStackEvents': on('stack'),
    'cloudformation:DescribeStacks': on('stack'),
    'cloudformation:ExecuteChangeSet': on('stack'),
    'cloudformation:GetTemplateSummary': on('stack'),

    'dynamodb:CreateTable': on('table'),
    'dynamodb:DeleteTable': on('table'),
    'dynamodb:DescribeContinuousBackups': on('table'),
    'dynamodb:DescribeTimeToLive': on('table'),
    'dynamodb:ListTagsOfResource': on('table'),
    'dynamodb:TagResource': on('table'),
    'dynamodb:UntagResource': on('table'),
    'dynamodb:UpdateContinuousBackups': on('table'),
    'dynamodb:UpdateTable': on('table'),
    'dynamodb:UpdateTimeToLive': on('table'),

    // AWS::Lambda::Permission of a stack: a service may invoke its functions, never another account.
    'lambda:AddPermission': {
      resources: ['function'],
      condition: { StringLike: { 'lambda:Principal': '*.amazonaws.com' } },
    },
    'lambda:CreateFunction': on('function'),
    'lambda:DeleteFunction': on('function'),
    'lambda:GetFunctionCodeSigningConfig': on('function'),
    'lambda:GetFunctionConfiguration': on('function'),
    'lambda:GetFunctionRecursionConfig': on('function'),
    'lambda:GetRuntimeManagementConfig': on('function'),
    'lambda:ListTags': on('function'),
    'lambda:RemovePermission': on('function'),
    'lambda:TagResource': on('function'),
    'lambda:UntagResource': on('function'),
    'lambda:UpdateFunctionCode': on('function'),
    'lambda:UpdateFunctionConfiguration': on('function'),

    's3:CreateBucket': on('applicationBucket'),
    's3:DeleteBucket': on('applicationBucket'),
    's3:GetBucketPublicAccessBlock': on('applicationBucket'),
    's3:PutBucketPublicAccessBlock': on('applicationBucket'),
    's3:PutBucketTagging': on('applicationBucket'),
  },
};

/** Where `policy` may use `action`; an action nobody scoped is an error that says where to scope it. */
export function scopeOf(policy: string, action: string): Scope {
  const scope = POLICY_SCOPES[policy]?.[action] ?? ACTION_SCOPES[action];
  if (!scope) {
    throw new Error(
      `${policy} declares ${action}, which has no resource scope: add it to ACTION_SCOPES in tools/templates/src/iam/scopes.ts (its resources, or '*' with the reason AWS allows no other)`,
    );
  }
  return scope;
}
