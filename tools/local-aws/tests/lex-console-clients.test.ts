import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { available, botocoreEnvironment, run } from './botocore.js';

// Building a bot the console's way as botocore sees it: the AWS CLI and boto3 serialise and parse restJson1 with
// their own code, so these scenarios show that locales, intents, slot types and slots speak Lex's wire format.

const hasAwsCli = await available('python3', ['-c', 'import awscli.clidriver']);
const hasBoto3 = await available('python3', ['-c', 'import boto3']);
if (!hasAwsCli)
  console.warn('lex console clients: the AWS CLI (awscli for python3) is not installed; skipping its test');
if (!hasBoto3) console.warn('lex console clients: python3 with boto3 is not installed; skipping its test');

const LEX_ROLE = 'arn:aws:iam::318484875904:role/lex-bots';

describe('lex console building through botocore', () => {
  let localAws: LocalAws;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 1000, quotas: false });
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  const environment = () => botocoreEnvironment(localAws, { maxAttempts: 1 });

  it.skipIf(!hasAwsCli)(
    'the AWS CLI creates, describes, lists a page at a time, updates, tags and deletes locales, intents, slot types and slots',
    async () => {
      // The CLI's own driver, as the aws command runs it, given one command after another in one interpreter: thirty
      // separate processes would make this the slowest test of the suite.
      const script = `
import contextlib, io, json, time
from awscli.clidriver import create_clidriver

driver = create_clidriver()

def aws(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = driver.main(["lexv2-models", *args, "--output", "json"])
    if code != 0:
        raise SystemExit("aws lexv2-models %s exited %d" % (args[0], code))
    text = out.getvalue().strip()
    return json.loads(text) if text else {}

bot = aws("create-bot", "--bot-name", "CliBot", "--role-arn", ${JSON.stringify(LEX_ROLE)},
          "--data-privacy", "childDirected=false", "--idle-session-ttl-in-seconds", "300")
bot_id = bot["botId"]
draft = ["--bot-id", bot_id, "--bot-version", "DRAFT"]
locale = draft + ["--locale-id", "en_US"]
time.sleep(0.01)
created_locale = aws("create-bot-locale", *locale, "--nlu-intent-confidence-threshold", "0.4")
slot_type = aws("create-slot-type", *locale, "--slot-type-name", "Colour",
                "--slot-type-values", '[{"sampleValue":{"value":"red"}},{"sampleValue":{"value":"blue"}}]',
                "--value-selection-setting", "resolutionStrategy=OriginalValue")
intent = aws("create-intent", *locale, "--intent-name", "PickColour", "--sample-utterances", '[{"utterance":"pick a colour"}]')
second = aws("create-intent", *locale, "--intent-name", "Another", "--sample-utterances", "utterance=another")
slot = aws("create-slot", *locale, "--intent-id", intent["intentId"], "--slot-name", "Choice",
           "--slot-type-id", slot_type["slotTypeId"], "--value-elicitation-setting",
           '{"slotConstraint":"Required","promptSpecification":{"messageGroups":[{"message":{"plainTextMessage":{"value":"Which colour?"}}}],"maxRetries":1}}')
first_page = aws("list-intents", *locale, "--max-results", "2")
second_page = aws("list-intents", *locale, "--max-results", "2", "--next-token", first_page["nextToken"])
types = aws("list-slot-types", *locale, "--max-results", "1")
updated_locale = aws("update-bot-locale", *locale, "--nlu-intent-confidence-threshold", "0.6", "--description", "Colours")
described_locale = aws("describe-bot-locale", *locale)
updated_type = aws("update-slot-type", *locale, "--slot-type-id", slot_type["slotTypeId"], "--slot-type-name", "Colours",
                   "--slot-type-values", '[{"sampleValue":{"value":"green"}}]',
                   "--value-selection-setting", "resolutionStrategy=TopResolution")
described_type = aws("describe-slot-type", *locale, "--slot-type-id", slot_type["slotTypeId"])
updated_intent = aws("update-intent", *locale, "--intent-id", intent["intentId"], "--intent-name", "PickColour",
                     "--sample-utterances", '[{"utterance":"pick {Choice}"}]',
                     "--slot-priorities", "priority=1,slotId=" + slot["slotId"])
described_intent = aws("describe-intent", *locale, "--intent-id", intent["intentId"])
updated_slot = aws("update-slot", *locale, "--intent-id", intent["intentId"], "--slot-id", slot["slotId"],
                   "--slot-name", "Choice", "--slot-type-id", slot_type["slotTypeId"],
                   "--value-elicitation-setting", "slotConstraint=Optional")
described_slot = aws("describe-slot", *locale, "--intent-id", intent["intentId"], "--slot-id", slot["slotId"])
slots = aws("list-slots", *locale, "--intent-id", intent["intentId"], "--max-results", "1")
arn = "arn:aws:lex:us-east-1:318484875904:bot/" + bot_id
aws("tag-resource", "--resource-arn", arn, "--tags", "team=contact-centre")
tags = aws("list-tags-for-resource", "--resource-arn", arn)
aws("delete-slot", *locale, "--intent-id", intent["intentId"], "--slot-id", slot["slotId"])
aws("delete-slot-type", *locale, "--slot-type-id", slot_type["slotTypeId"])
aws("delete-intent", *locale, "--intent-id", second["intentId"])
remaining = aws("list-intents", *locale)
deleted_locale = aws("delete-bot-locale", *locale)
locales = aws("list-bot-locales", *draft)
print(json.dumps({
    "createdLocale": [created_locale["localeName"], created_locale["botLocaleStatus"]],
    "firstPage": [i["intentName"] for i in first_page["intentSummaries"]],
    "secondPage": [i["intentName"] for i in second_page["intentSummaries"]],
    "secondPageToken": second_page.get("nextToken"),
    "types": [t["slotTypeName"] for t in types["slotTypeSummaries"]],
    "updatedLocale": [updated_locale["nluIntentConfidenceThreshold"], updated_locale["botLocaleStatus"]],
    "describedLocale": [described_locale["description"], described_locale["intentsCount"], described_locale["slotTypesCount"]],
    "updatedType": [updated_type["slotTypeName"], described_type["valueSelectionSetting"]["resolutionStrategy"]],
    "priorities": [[p["priority"], p["slotId"] == slot["slotId"]] for p in updated_intent["slotPriorities"]],
    "utterances": [u["utterance"] for u in described_intent["sampleUtterances"]],
    "slot": [updated_slot["slotName"], described_slot["valueElicitationSetting"]["slotConstraint"]],
    "slots": [s["slotName"] for s in slots["slotSummaries"]],
    "tags": tags["tags"],
    "remaining": [i["intentName"] for i in remaining["intentSummaries"]],
    "deletedLocale": deleted_locale["botLocaleStatus"],
    "locales": locales["botLocaleSummaries"],
}))
`;
      const { stdout } = await run('python3', ['-c', script], { env: environment(), timeout: 60_000 });

      expect(JSON.parse(stdout)).toEqual({
        createdLocale: ['English (US)', 'Creating'],
        firstPage: ['Another', 'FallbackIntent'],
        secondPage: ['PickColour'],
        secondPageToken: null,
        types: ['Colour'],
        updatedLocale: [0.6, 'NotBuilt'],
        describedLocale: ['Colours', 3, 1],
        updatedType: ['Colours', 'TopResolution'],
        priorities: [[1, true]],
        utterances: ['pick {Choice}'],
        slot: ['Choice', 'Optional'],
        slots: ['Choice'],
        tags: { team: 'contact-centre' },
        remaining: ['FallbackIntent', 'PickColour'],
        deletedLocale: 'Deleting',
        locales: [],
      });
    },
    60_000,
  );

  it.skipIf(!hasBoto3)(
    'boto3 builds a bot the console way, pages through every list and builds it',
    async () => {
      const script = `
import json, time, boto3
from botocore.config import Config
lex = boto3.client("lexv2-models", config=Config(retries={"max_attempts": 1}))
role = ${JSON.stringify(LEX_ROLE)}

def wait(read, done):
    for _ in range(500):
        answer = read()
        if done(answer):
            return answer
        time.sleep(0.01)
    raise Exception("still waiting: " + json.dumps(answer, default=str))

def pages(call, key, **params):
    items, token, count = [], None, 0
    while True:
        answer = call(**params, maxResults=1, **({"nextToken": token} if token else {}))
        items += answer[key]
        count += 1
        token = answer.get("nextToken")
        if not token:
            return items, count

bot = lex.create_bot(botName="BotoBot", roleArn=role, dataPrivacy={"childDirected": False}, idleSessionTTLInSeconds=300)
bot_id = bot["botId"]
wait(lambda: lex.describe_bot(botId=bot_id), lambda b: b["botStatus"] == "Available")
where = dict(botId=bot_id, botVersion="DRAFT", localeId="en_GB")
lex.create_bot_locale(**where, nluIntentConfidenceThreshold=0.4, voiceSettings={"voiceId": "Amy"})
wait(lambda: lex.describe_bot_locale(**where), lambda l: l["botLocaleStatus"] == "NotBuilt")
types = [lex.create_slot_type(**where, slotTypeName=name, slotTypeValues=[{"sampleValue": {"value": name.lower()}}],
                              valueSelectionSetting={"resolutionStrategy": "OriginalValue"}) for name in ["Size", "Crust"]]
intent = lex.create_intent(**where, intentName="OrderPizza", sampleUtterances=[{"utterance": "a pizza please"}])
for name, slot_type in [("PizzaSize", types[0]["slotTypeId"]), ("PizzaCrust", types[1]["slotTypeId"]), ("When", "AMAZON.Time")]:
    lex.create_slot(**where, intentId=intent["intentId"], slotName=name, slotTypeId=slot_type,
                    valueElicitationSetting={"slotConstraint": "Required", "promptSpecification": {
                        "messageGroups": [{"message": {"plainTextMessage": {"value": name + "?"}}}], "maxRetries": 1}})
lex.update_intent(**where, intentId=intent["intentId"], intentName="OrderPizza",
                  sampleUtterances=[{"utterance": "a {PizzaSize} pizza please"}])
slots, slot_pages = pages(lex.list_slots, "slotSummaries", **where, intentId=intent["intentId"])
slot_types, type_pages = pages(lex.list_slot_types, "slotTypeSummaries", **where)
intents, intent_pages = pages(lex.list_intents, "intentSummaries", **where)
locales, locale_pages = pages(lex.list_bot_locales, "botLocaleSummaries", botId=bot_id, botVersion="DRAFT")
described = lex.describe_intent(**where, intentId=intent["intentId"])
updated_slot = lex.update_slot(**where, intentId=intent["intentId"], slotId=slots[0]["slotId"], slotName="Pizza_Crust",
                               slotTypeId=types[1]["slotTypeId"], valueElicitationSetting={"slotConstraint": "Optional"})
lex.build_bot_locale(**where)
built = wait(lambda: lex.describe_bot_locale(**where), lambda l: l["botLocaleStatus"] not in ("Building", "ReadyExpressTesting"))
bot_arn = "arn:aws:lex:us-east-1:318484875904:bot/" + bot_id
lex.tag_resource(resourceARN=bot_arn, tags={"owner": "boto3"})
lex.delete_slot(**where, intentId=intent["intentId"], slotId=updated_slot["slotId"])
lex.delete_slot_type(**where, slotTypeId=types[1]["slotTypeId"])
try:
    lex.delete_slot_type(**where, slotTypeId=types[0]["slotTypeId"])
    in_use = None
except lex.exceptions.ConflictException as error:
    in_use = error.response["Error"]["Code"]
builtins = lex.list_built_in_slot_types(localeId="en_GB", maxResults=20)
print(json.dumps({
    "slots": [s["slotName"] for s in slots], "slotPages": slot_pages,
    "slotTypes": [t["slotTypeName"] for t in slot_types], "typePages": type_pages,
    "intents": [i["intentName"] for i in intents], "intentPages": intent_pages,
    "locales": [l["localeName"] for l in locales], "localePages": locale_pages,
    "priorities": [p["priority"] for p in described["slotPriorities"]],
    "updatedSlot": updated_slot["slotName"], "built": built["botLocaleStatus"],
    "tags": lex.list_tags_for_resource(resourceARN=bot_arn)["tags"],
    "inUse": in_use, "builtIns": len(builtins["builtInSlotTypeSummaries"]),
}))
`;
      const { stdout } = await run('python3', ['-c', script], { env: environment(), timeout: 60_000 });

      expect(JSON.parse(stdout)).toEqual({
        slots: ['PizzaCrust', 'PizzaSize', 'When'],
        slotPages: 3,
        slotTypes: ['Crust', 'Size'],
        typePages: 2,
        intents: ['FallbackIntent', 'OrderPizza'],
        intentPages: 2,
        locales: ['English (UK)'],
        localePages: 1,
        priorities: [1, 2, 3],
        updatedSlot: 'Pizza_Crust',
        built: 'Built',
        tags: { owner: 'boto3' },
        inUse: 'ConflictException',
        builtIns: 17,
      });
    },
    60_000,
  );
});
