import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import * as connect from '@aws-sdk/client-connect';
import { credentialsFor, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QA,
  REGION,
  admin,
  artifactText,
  buildReport,
  checkout,
  runPipeline,
  startPipelineAws,
  stepsBuilt,
} from './support.js';

let localAws: LocalAws;
let sourceDir: string;

describe.skipIf(!stepsBuilt('virtual-callback-deploy'))('virtual-callback-queue.yml', () => {
  beforeAll(async () => {
    localAws = await startPipelineAws(2000);
    sourceDir = (await checkout('qa')).dir;
    const instance = await runPipeline(localAws, { kind: 'connect', target: QA, sourceDir });
    expect(instance.succeeded, instance.log).toBe(true);
    // Numbers are claimed by hand in the console of each environment.
    const keys = await credentialsFor(localAws.url, QA.AccountNumber);
    const client = new connect.ConnectClient({
      endpoint: localAws.url,
      region: REGION,
      credentials: {
        accessKeyId: keys.AWS_ACCESS_KEY_ID,
        secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
        sessionToken: keys.AWS_SESSION_TOKEN,
      },
    });
    const instances = await client.send(new connect.ListInstancesCommand({}));
    const instanceId = instances.InstanceSummaryList!.find((i) => i.InstanceAlias === 'edd-qa')!.Id!;
    await admin(localAws, 'connect/phone-numbers', {
      account: QA.AccountNumber,
      region: REGION,
      instanceId,
      phoneNumber: '+18005550201',
      type: 'TOLL_FREE',
    });
  });
  afterAll(() => localAws?.close());

  it('deploys the callback stack, then the queue, flows and configuration; a second run changes nothing', async () => {
    const result = await runPipeline(localAws, { kind: 'virtual-callback-queue', target: QA, sourceDir });
    expect(result.succeeded, result.log).toBe(true);
    expect(buildReport(result).steps).toMatchObject([{ step: 'virtual-callback-deploy', verb: 'deploy', exitCode: 0 }]);
    // The review page shows the callback flows it created, drawn with every block added.
    const page = artifactText(result, 'reports/virtual-callback-deploy.html');
    expect(page).toContain('<body data-report="deploy">');
    expect(page).toMatch(/<figure class="flow-picture" data-flow="[^"]+">/);
    expect(page).toMatch(/<g class="block" data-block-id="[^"]+" data-status="added"/);
    expect(page).not.toMatch(/<g class="block" data-block-id="[^"]+" data-status="(changed|removed|unchanged)"/);

    const keys = await credentialsFor(localAws.url, QA.AccountNumber);
    const dynamodb = new DynamoDBClient({
      endpoint: localAws.url,
      region: REGION,
      credentials: {
        accessKeyId: keys.AWS_ACCESS_KEY_ID,
        secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
        sessionToken: keys.AWS_SESSION_TOKEN,
      },
    });
    const item = await dynamodb.send(
      new GetItemCommand({ TableName: 'edd-callback-config-qa', Key: { pk: { S: 'callback' } } }),
    );
    expect(item.Item?.sourcePhoneNumber).toEqual({ S: '+18005550201' });

    const since = localAws.calls().at(-1)!.seq;
    const again = await runPipeline(localAws, { kind: 'virtual-callback-queue', target: QA, sourceDir });
    expect(again.succeeded, again.log).toBe(true);
    expect(artifactText(again, 'reports/virtual-callback-deploy.html')).toContain(
      'Nothing to do: the target already matched the callback setup.',
    );
    // `aws cloudformation deploy` always creates a change set to learn that nothing changed.
    const writes = localAws.calls({ since, write: true }).filter((call) => call.service !== 'cloudformation');
    expect(writes).toEqual([]);
  });
});
