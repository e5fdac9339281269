import type { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import {
  CreateBotCommand,
  CreateResourcePolicyCommand,
  DeleteBotCommand,
  DeleteResourcePolicyCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeResourcePolicyCommand,
  LexModelsV2ServiceException,
  ListBotsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateBotCommand,
  UpdateResourcePolicyCommand,
  type CreateBotCommandInput,
} from '@aws-sdk/client-lex-models-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { LEX_ROLE, lexClient, SHARED_ACCOUNT, waitFor } from './lex-support.js';
import { admin, rejection, TARGET_ACCOUNT } from './support.js';

const botInput = (botName: string): CreateBotCommandInput => ({
  botName,
  roleArn: LEX_ROLE,
  dataPrivacy: { childDirected: false },
  idleSessionTTLInSeconds: 300,
});

describe('lex bots', () => {
  let localAws: LocalAws;
  let lex: LexModelsV2Client;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 20, quotas: false });
    lex = lexClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  it('creates a bot that turns Available, with its test alias and tags', async () => {
    const created = await lex.send(
      new CreateBotCommand({
        ...botInput('EDDBot'),
        description: 'front door',
        botTags: { team: 'contact-center' },
        testBotAliasTags: { stage: 'test' },
      }),
    );
    const botId = created.botId as string;
    const available = await waitFor(
      () => lex.send(new DescribeBotCommand({ botId })),
      (bot) => bot.botStatus === 'Available',
    );
    const testAlias = await lex.send(new DescribeBotAliasCommand({ botId, botAliasId: 'TSTALIASID' }));
    const botArn = `arn:aws:lex:us-east-1:${SHARED_ACCOUNT}:bot/${botId}`;
    const aliasArn = `arn:aws:lex:us-east-1:${SHARED_ACCOUNT}:bot-alias/${botId}/TSTALIASID`;

    expect(created).toMatchObject({ botName: 'EDDBot', botStatus: 'Creating', botTags: { team: 'contact-center' } });
    expect(botId).toMatch(/^[0-9A-Z]{10}$/);
    expect(available).toMatchObject({
      botName: 'EDDBot',
      description: 'front door',
      roleArn: LEX_ROLE,
      idleSessionTTLInSeconds: 300,
    });
    expect(testAlias).toMatchObject({ botAliasName: 'TestBotAlias', botVersion: 'DRAFT' });
    expect((await lex.send(new ListTagsForResourceCommand({ resourceARN: botArn }))).tags).toEqual({
      team: 'contact-center',
    });
    expect((await lex.send(new ListTagsForResourceCommand({ resourceARN: aliasArn }))).tags).toEqual({ stage: 'test' });
  });

  it('validates requests against the model with ValidationException and AWS wording', async () => {
    const error = await rejection(
      lex.send(new CreateBotCommand({ ...botInput('not a name'), idleSessionTTLInSeconds: 5 })),
    );

    expect(error).toBeInstanceOf(LexModelsV2ServiceException);
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      "2 validation errors detected: Value 'not a name' at 'botName' failed to satisfy constraint: Member must satisfy " +
        "regular expression pattern: ^([0-9a-zA-Z][_-]?){1,100}$; Value '5' at 'idleSessionTTLInSeconds' failed to " +
        'satisfy constraint: Member must have value greater than or equal to 60',
    );
  });

  it('refuses a role of another account, a taken name, and answers for missing bots', async () => {
    await lex.send(new CreateBotCommand(botInput('Taken')));

    const foreignRole = await rejection(
      lex.send(new CreateBotCommand({ ...botInput('Other'), roleArn: `arn:aws:iam::${TARGET_ACCOUNT}:role/lex` })),
    );
    const taken = await rejection(lex.send(new CreateBotCommand(botInput('Taken'))));
    const missing = await rejection(lex.send(new DescribeBotCommand({ botId: 'ABCDEFGHIJ' })));
    const missingUpdate = await rejection(
      lex.send(new UpdateBotCommand({ ...botInput('Taken'), botId: 'ABCDEFGHIJ' })),
    );

    expect(foreignRole.name).toBe('ValidationException');
    expect([taken.name, taken.$metadata?.httpStatusCode]).toEqual(['ConflictException', 409]);
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
    expect([missingUpdate.name, missingUpdate.$metadata?.httpStatusCode]).toEqual(['PreconditionFailedException', 412]);
  });

  it('lists bots by name with EQ and CO filters, sorted and paged', async () => {
    for (const name of ['EDDBot', 'EDDBotQa', 'Billing', 'edd_lower'])
      await lex.send(new CreateBotCommand(botInput(name)));

    const equal = await lex.send(
      new ListBotsCommand({ filters: [{ name: 'BotName', operator: 'EQ', values: ['EDDBot'] }] }),
    );
    const contains = await lex.send(
      new ListBotsCommand({
        filters: [{ name: 'BotName', operator: 'CO', values: ['edd'] }],
        sortBy: { attribute: 'BotName', order: 'Descending' },
      }),
    );
    const first = await lex.send(new ListBotsCommand({ maxResults: 3 }));
    const second = await lex.send(new ListBotsCommand({ maxResults: 3, nextToken: first.nextToken }));
    const badToken = await rejection(lex.send(new ListBotsCommand({ nextToken: 'garbage' })));

    expect(equal.botSummaries?.map((bot) => bot.botName)).toEqual(['EDDBot']);
    expect(contains.botSummaries?.map((bot) => bot.botName)).toEqual(['edd_lower', 'EDDBotQa', 'EDDBot']);
    expect(first.botSummaries?.map((bot) => bot.botName)).toEqual(['Billing', 'EDDBot', 'EDDBotQa']);
    expect(second.botSummaries?.map((bot) => bot.botName)).toEqual(['edd_lower']);
    expect(second.nextToken).toBeUndefined();
    expect(badToken.name).toBe('ValidationException');
  });

  it('updates and deletes bots, keeping accounts apart', async () => {
    const { botId } = await lex.send(new CreateBotCommand(botInput('Renamed')));

    const updated = await lex.send(
      new UpdateBotCommand({ ...botInput('RenamedAgain'), botId, idleSessionTTLInSeconds: 600 }),
    );
    const deleted = await lex.send(new DeleteBotCommand({ botId }));
    const gone = await rejection(lex.send(new DescribeBotCommand({ botId })));

    expect(updated).toMatchObject({ botName: 'RenamedAgain', idleSessionTTLInSeconds: 600 });
    expect(deleted.botStatus).toBe('Deleting');
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('tags and untags bots; unknown ARNs are ResourceNotFoundException', async () => {
    const { botId } = await lex.send(new CreateBotCommand(botInput('Tagged')));
    const resourceARN = `arn:aws:lex:us-east-1:${SHARED_ACCOUNT}:bot/${botId}`;

    await lex.send(new TagResourceCommand({ resourceARN, tags: { a: '1', b: '2' } }));
    await lex.send(new UntagResourceCommand({ resourceARN, tagKeys: ['a'] }));
    const tags = await lex.send(new ListTagsForResourceCommand({ resourceARN }));
    const unknown = await rejection(
      lex.send(
        new ListTagsForResourceCommand({ resourceARN: `arn:aws:lex:us-east-1:${SHARED_ACCOUNT}:bot/ZZZZZZZZZZ` }),
      ),
    );

    expect(tags.tags).toEqual({ b: '2' });
    expect(unknown.name).toBe('ResourceNotFoundException');
  });

  it('keeps one resource policy per bot with revisions', async () => {
    const { botId } = await lex.send(new CreateBotCommand(botInput('Guarded')));
    const resourceArn = `arn:aws:lex:us-east-1:${SHARED_ACCOUNT}:bot/${botId}`;
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'connect.amazonaws.com' },
          Action: 'lex:RecognizeText',
          Resource: resourceArn,
        },
      ],
    });

    const created = await lex.send(new CreateResourcePolicyCommand({ resourceArn, policy }));
    const twice = await rejection(lex.send(new CreateResourcePolicyCommand({ resourceArn, policy })));
    const stale = await rejection(
      lex.send(new UpdateResourcePolicyCommand({ resourceArn, policy, expectedRevisionId: '7' })),
    );
    const updated = await lex.send(
      new UpdateResourcePolicyCommand({ resourceArn, policy, expectedRevisionId: created.revisionId }),
    );
    const described = await lex.send(new DescribeResourcePolicyCommand({ resourceArn }));
    const notJson = await rejection(lex.send(new UpdateResourcePolicyCommand({ resourceArn, policy: '{oops' })));
    await lex.send(new DeleteResourcePolicyCommand({ resourceArn }));
    const none = await rejection(lex.send(new DescribeResourcePolicyCommand({ resourceArn })));

    expect(created.revisionId).toBe('1');
    expect(twice.name).toBe('PreconditionFailedException');
    expect(stale.name).toBe('PreconditionFailedException');
    expect(updated.revisionId).toBe('2');
    expect(described).toMatchObject({ policy, revisionId: '2' });
    expect(notJson.name).toBe('ValidationException');
    expect(none.name).toBe('ResourceNotFoundException');
  });

  it('is throttled per API at 2 requests a second with a burst of 5, like Lex', async () => {
    // Time almost stands still, so that no token comes back while the calls arrive.
    const throttled = await startLocalAws({ timeScale: 0.001 });
    try {
      const client = lexClient(throttled);
      const answers = await Promise.allSettled(Array.from({ length: 7 }, () => client.send(new ListBotsCommand({}))));
      const other = await client.send(new DescribeBotCommand({ botId: 'ABCDEFGHIJ' })).catch((error: Error) => error);

      const failures = answers
        .filter((answer): answer is PromiseRejectedResult => answer.status === 'rejected')
        .map((answer) => answer.reason as Error & { $metadata: { httpStatusCode: number } });
      expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(5);
      expect(failures.map((error) => [error.name, error.$metadata.httpStatusCode])).toEqual([
        ['ThrottlingException', 429],
        ['ThrottlingException', 429],
      ]);
      // Another API has a bucket of its own.
      expect((other as Error).name).toBe('ResourceNotFoundException');
    } finally {
      await throttled.close();
    }
  });

  it('makes builds fail on request through the admin API, and checks what it is given', async () => {
    const bad = await admin(localAws, 'POST', 'lex/build-failures', { botName: 'X', reasons: [] });
    const good = await admin(localAws, 'POST', 'lex/build-failures', {
      botName: 'X',
      localeId: 'en_US',
      reasons: ['no'],
    });

    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      problems: ['localeId must be a locale id such as en_US', 'reasons must be a non-empty list of strings'],
    });
    expect(good.body).toEqual({ buildFailures: [{ botName: 'X', localeId: 'en_US', reasons: ['no'] }] });
  });
});
