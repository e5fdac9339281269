import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  ListHoursOfOperationsCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  UpdateUserHierarchyStructureCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { connectClient, createActiveInstance } from './connect-support.js';

// botocore serializes and parses restJson1 on its own, so boto3 and the AWS CLI show that the families the next
// deployments need speak the protocol: for each, three are created, described, listed two to a page, updated,
// tagged where they carry an ARN, and deleted, after which they are not found. The AWS CLI runs through its own
// driver (argument parsing, --cli-input-json, output) inside one Python process, which keeps the suite fast.

const run = promisify(execFile);

async function available(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const hasBoto3 = await available('python3', ['-c', 'import boto3']);
const hasAwsCli = await available('python3', ['-c', 'import awscli.clidriver']);
if (!hasBoto3) console.warn('Connect families over boto3: python3 with boto3 is not installed; skipping its test');
if (!hasAwsCli)
  console.warn('Connect families over the AWS CLI: the awscli package is not installed; skipping its test');

type Call = [operation: string, params: Record<string, unknown>];

/** One family's scenario: `{n}` stands for 1, 2, 3 in what is created, `{id}` for the created resource's id. */
interface Scenario {
  family: string;
  create: Call;
  /** Where the id is in the create answer (`View.Id`), or `param:<name>` when the request names it. */
  id: string;
  arn?: string;
  describe: Call;
  list: [operation: string, params: Record<string, unknown>, key: string];
  update?: Call;
  /** Where DescribeX shows what the update changed, and the value it must have. */
  updated?: [path: string, value: unknown];
  remove: Call;
}

const RUNNER = String.raw`
import io, json, re, sys, contextlib
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

mode, scenarios = sys.argv[1], json.loads(sys.argv[2])
client = boto3.client("connect", config=Config(retries={"max_attempts": 1, "mode": "standard"}))
if mode == "cli":
    from awscli.clidriver import create_clidriver
    driver = create_clidriver()

def kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()

class Failed(Exception):
    def __init__(self, code):
        self.code = code

def call(operation, params):
    if mode == "boto3":
        try:
            return json.loads(json.dumps(getattr(client, kebab(operation).replace("-", "_"))(**params), default=str))
        except ClientError as error:
            raise Failed(error.response["Error"]["Code"])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = driver.main(["connect", kebab(operation), "--cli-input-json", json.dumps(params), "--output", "json", "--no-paginate"])
    if code != 0:
        found = re.search(r"An error occurred \((\w+)\)", err.getvalue())
        raise Failed(found.group(1) if found else err.getvalue().strip())
    return json.loads(out.getvalue()) if out.getvalue().strip() else {}

def fill(value, n, ident):
    if isinstance(value, str):
        return value.replace("{n}", str(n)).replace("{id}", ident)
    if isinstance(value, list):
        return [fill(item, n, ident) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, n, ident) for key, item in value.items()}
    return value

def at(value, path):
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value.get(part)
    return value

def list_ids(scenario, ids):
    operation, params, key = scenario["list"]
    pages, found, token = [], [], None
    while True:
        page = call(operation, dict(params, MaxResults=2, **({"NextToken": token} if token else {})))
        items = page.get(key, [])
        pages.append(len(items))
        for item in items:
            found.extend(value for value in item.values() if value in ids)
        token = page.get("NextToken")
        if not token:
            return pages, found

results = {}
for scenario in scenarios:
    ids, arns = [], []
    for n in (1, 2, 3):
        operation, params = scenario["create"]
        params = fill(params, n, "")
        answer = call(operation, params)
        ident = params[scenario["id"][6:]] if scenario["id"].startswith("param:") else at(answer, scenario["id"])
        ids.append(ident)
        if scenario.get("arn"):
            arns.append(at(answer, scenario["arn"]))
    first = ids[0]
    described = call(scenario["describe"][0], fill(scenario["describe"][1], 1, first))
    pages, listed = list_ids(scenario, ids)
    updated = None
    if scenario.get("update"):
        call(scenario["update"][0], fill(scenario["update"][1], 1, first))
        updated = at(call(scenario["describe"][0], fill(scenario["describe"][1], 1, first)), scenario["updated"][0])
    tags = None
    if arns:
        call("TagResource", {"resourceArn": arns[0], "tags": {"family": scenario["family"]}})
        tags = call("ListTagsForResource", {"resourceArn": arns[0]})["tags"]
    for ident in ids:
        call(scenario["remove"][0], fill(scenario["remove"][1], 1, ident))
    try:
        call(scenario["describe"][0], fill(scenario["describe"][1], 1, first))
        after = None
    except Failed as failed:
        after = failed.code
    results[scenario["family"]] = {"ids": ids, "described": bool(described), "pages": pages, "listed": sorted(set(listed)),
                                   "updated": updated, "tags": tags, "afterDelete": after}
print(json.dumps(results))
`;

function scenarios(
  instanceId: string,
  hoursId: string,
  routingProfileId: string,
  securityProfileId: string,
): Scenario[] {
  const I = { InstanceId: instanceId };
  const items = [
    { Section: { Title: 'S', RefId: 's1', Items: [{ Question: { Title: 'Q', RefId: 'q1', QuestionType: 'TEXT' } }] } },
  ];
  const rule = {
    ...I,
    Name: 'rule{n}',
    TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
    Function: '{}',
    Actions: [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'event' } }],
    PublishStatus: 'DRAFT',
  };
  return [
    {
      family: 'View',
      create: [
        'CreateView',
        { ...I, Name: 'View {n}', Status: 'PUBLISHED', Content: { Template: '{}', Actions: ['Submit'] } },
      ],
      id: 'View.Id',
      arn: 'View.Arn',
      describe: ['DescribeView', { ...I, ViewId: '{id}' }],
      list: ['ListViews', { ...I, Type: 'CUSTOMER_MANAGED' }, 'ViewsSummaryList'],
      update: ['UpdateViewMetadata', { ...I, ViewId: '{id}', Description: 'updated' }],
      updated: ['View.Description', 'updated'],
      remove: ['DeleteView', { ...I, ViewId: '{id}' }],
    },
    {
      family: 'PredefinedAttribute',
      create: ['CreatePredefinedAttribute', { ...I, Name: 'Attribute{n}', Values: { StringList: ['a'] } }],
      id: 'param:Name',
      describe: ['DescribePredefinedAttribute', { ...I, Name: '{id}' }],
      list: ['ListPredefinedAttributes', I, 'PredefinedAttributeSummaryList'],
      update: ['UpdatePredefinedAttribute', { ...I, Name: '{id}', Values: { StringList: ['b'] } }],
      updated: ['PredefinedAttribute.Values.StringList.0', 'b'],
      remove: ['DeletePredefinedAttribute', { ...I, Name: '{id}' }],
    },
    {
      family: 'HoursOfOperationOverride',
      create: [
        'CreateHoursOfOperationOverride',
        {
          ...I,
          HoursOfOperationId: hoursId,
          Name: 'Override {n}',
          Config: [{ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 12, Minutes: 0 } }],
          EffectiveFrom: '2026-12-2{n}',
          EffectiveTill: '2026-12-2{n}',
        },
      ],
      id: 'HoursOfOperationOverrideId',
      describe: [
        'DescribeHoursOfOperationOverride',
        { ...I, HoursOfOperationId: hoursId, HoursOfOperationOverrideId: '{id}' },
      ],
      list: ['ListHoursOfOperationOverrides', { ...I, HoursOfOperationId: hoursId }, 'HoursOfOperationOverrideList'],
      update: [
        'UpdateHoursOfOperationOverride',
        { ...I, HoursOfOperationId: hoursId, HoursOfOperationOverrideId: '{id}', Description: 'updated' },
      ],
      updated: ['HoursOfOperationOverride.Description', 'updated'],
      remove: [
        'DeleteHoursOfOperationOverride',
        { ...I, HoursOfOperationId: hoursId, HoursOfOperationOverrideId: '{id}' },
      ],
    },
    {
      family: 'TaskTemplate',
      create: ['CreateTaskTemplate', { ...I, Name: 'Template {n}', Fields: [{ Id: { Name: 'Phone' }, Type: 'NAME' }] }],
      id: 'Id',
      arn: 'Arn',
      describe: ['GetTaskTemplate', { ...I, TaskTemplateId: '{id}' }],
      list: ['ListTaskTemplates', I, 'TaskTemplates'],
      update: ['UpdateTaskTemplate', { ...I, TaskTemplateId: '{id}', Description: 'updated' }],
      updated: ['Description', 'updated'],
      remove: ['DeleteTaskTemplate', { ...I, TaskTemplateId: '{id}' }],
    },
    {
      family: 'Rule',
      create: ['CreateRule', rule],
      id: 'RuleId',
      arn: 'RuleArn',
      describe: ['DescribeRule', { ...I, RuleId: '{id}' }],
      list: ['ListRules', I, 'RuleSummaryList'],
      update: [
        'UpdateRule',
        { ...I, RuleId: '{id}', Name: 'rule1', Function: '{}', Actions: rule.Actions, PublishStatus: 'PUBLISHED' },
      ],
      updated: ['Rule.PublishStatus', 'PUBLISHED'],
      remove: ['DeleteRule', { ...I, RuleId: '{id}' }],
    },
    {
      family: 'EvaluationForm',
      create: ['CreateEvaluationForm', { ...I, Title: 'Form {n}', Items: items }],
      id: 'EvaluationFormId',
      arn: 'EvaluationFormArn',
      describe: ['DescribeEvaluationForm', { ...I, EvaluationFormId: '{id}' }],
      list: ['ListEvaluationForms', I, 'EvaluationFormSummaryList'],
      update: [
        'UpdateEvaluationForm',
        { ...I, EvaluationFormId: '{id}', EvaluationFormVersion: 1, Title: 'updated', Items: items },
      ],
      updated: ['EvaluationForm.Title', 'updated'],
      remove: ['DeleteEvaluationForm', { ...I, EvaluationFormId: '{id}' }],
    },
    {
      family: 'Vocabulary',
      create: ['CreateVocabulary', { ...I, VocabularyName: 'words{n}', LanguageCode: 'en-US', Content: 'Phrase' }],
      id: 'VocabularyId',
      arn: 'VocabularyArn',
      describe: ['DescribeVocabulary', { ...I, VocabularyId: '{id}' }],
      list: ['SearchVocabularies', I, 'VocabularySummaryList'],
      remove: ['DeleteVocabulary', { ...I, VocabularyId: '{id}' }],
    },
    {
      family: 'SecurityProfile',
      create: ['CreateSecurityProfile', { ...I, SecurityProfileName: 'Profile{n}', Permissions: ['BasicAgentAccess'] }],
      id: 'SecurityProfileId',
      arn: 'SecurityProfileArn',
      describe: ['DescribeSecurityProfile', { ...I, SecurityProfileId: '{id}' }],
      list: ['ListSecurityProfiles', I, 'SecurityProfileSummaryList'],
      update: ['UpdateSecurityProfile', { ...I, SecurityProfileId: '{id}', Description: 'updated' }],
      updated: ['SecurityProfile.Description', 'updated'],
      remove: ['DeleteSecurityProfile', { ...I, SecurityProfileId: '{id}' }],
    },
    {
      family: 'UserHierarchyGroup',
      create: ['CreateUserHierarchyGroup', { ...I, Name: 'Group {n}' }],
      id: 'HierarchyGroupId',
      arn: 'HierarchyGroupArn',
      describe: ['DescribeUserHierarchyGroup', { ...I, HierarchyGroupId: '{id}' }],
      list: ['ListUserHierarchyGroups', I, 'UserHierarchyGroupSummaryList'],
      update: ['UpdateUserHierarchyGroupName', { ...I, HierarchyGroupId: '{id}', Name: 'Renamed' }],
      updated: ['HierarchyGroup.Name', 'Renamed'],
      remove: ['DeleteUserHierarchyGroup', { ...I, HierarchyGroupId: '{id}' }],
    },
    {
      family: 'User',
      create: [
        'CreateUser',
        {
          ...I,
          Username: 'agent{n}',
          SecurityProfileIds: [securityProfileId],
          RoutingProfileId: routingProfileId,
          PhoneConfig: { PhoneType: 'SOFT_PHONE' },
        },
      ],
      id: 'UserId',
      arn: 'UserArn',
      describe: ['DescribeUser', { ...I, UserId: '{id}' }],
      list: ['ListUsers', I, 'UserSummaryList'],
      update: ['UpdateUserIdentityInfo', { ...I, UserId: '{id}', IdentityInfo: { FirstName: 'Updated' } }],
      updated: ['User.IdentityInfo.FirstName', 'Updated'],
      remove: ['DeleteUser', { ...I, UserId: '{id}' }],
    },
  ];
}

interface FamilyResult {
  ids: string[];
  described: boolean;
  pages: number[];
  listed: string[];
  updated: unknown;
  tags: Record<string, string> | null;
  afterDelete: string | null;
}

describe('Connect families through boto3 and the AWS CLI', () => {
  let localAws: LocalAws;

  beforeAll(async () => {
    localAws = await startLocalAws({ quotas: false, timeScale: 1000 });
  });
  afterAll(() => localAws.close());

  async function drive(mode: 'boto3' | 'cli'): Promise<[Scenario[], Record<string, FamilyResult>]> {
    const client = connectClient(localAws);
    const { id } = await createActiveInstance(client);
    await client.send(
      new UpdateUserHierarchyStructureCommand({ InstanceId: id, HierarchyStructure: { LevelOne: { Name: 'Team' } } }),
    );
    const hours = (await client.send(new ListHoursOfOperationsCommand({ InstanceId: id })))
      .HoursOfOperationSummaryList!;
    const routing = (await client.send(new ListRoutingProfilesCommand({ InstanceId: id }))).RoutingProfileSummaryList!;
    const profiles = (await client.send(new ListSecurityProfilesCommand({ InstanceId: id })))
      .SecurityProfileSummaryList!;
    const agent = profiles.find((profile) => profile.Name === 'Agent')!;
    const planned = scenarios(id, hours[0]!.Id!, routing[0]!.Id!, agent.Id!);
    const { stdout } = await run('python3', ['-c', RUNNER, mode, JSON.stringify(planned)], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
        AWS_ENDPOINT_URL: localAws.url,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_MAX_ATTEMPTS: '1',
      },
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return [planned, JSON.parse(stdout) as Record<string, FamilyResult>];
  }

  function check(planned: Scenario[], results: Record<string, FamilyResult>): void {
    expect(Object.keys(results)).toEqual(planned.map((scenario) => scenario.family));
    for (const scenario of planned) {
      const result = results[scenario.family] as FamilyResult;
      const context = `${scenario.family}: ${JSON.stringify(result)}`;
      expect(new Set(result.ids).size, context).toBe(3);
      expect(result.described, context).toBe(true);
      expect(result.listed, context).toEqual([...result.ids].sort());
      expect(result.pages.length, context).toBeGreaterThan(1);
      expect(Math.max(...result.pages), context).toBeLessThanOrEqual(2);
      if (scenario.updated) expect(result.updated, context).toEqual(scenario.updated[1]);
      if (scenario.arn) expect(result.tags, context).toEqual({ family: scenario.family });
      expect(result.afterDelete, context).toBe('ResourceNotFoundException');
    }
  }

  it.skipIf(!hasBoto3)('boto3 creates, describes, pages, updates, tags and deletes each family', async () => {
    const [planned, results] = await drive('boto3');
    check(planned, results);
  });

  it.skipIf(!hasAwsCli)('the AWS CLI creates, describes, pages, updates, tags and deletes each family', async () => {
    const [planned, results] = await drive('cli');
    check(planned, results);
  });
});
