import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SHARED_ACCOUNT_ID, credentialsFor, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/index.js';
import {
  QA,
  REGION,
  ROOT,
  artifactText,
  buildReport,
  checkout,
  prepareAccount,
  runPipeline,
  startPipelineAws,
  stepsBuilt,
} from './support.js';

let localAws: LocalAws;
let sourceDir: string;
let s3: S3Client;
const BUCKET = `edd-pipeline-artifacts-${SHARED_ACCOUNT_ID}-${REGION}`;

beforeAll(async () => {
  localAws = await startPipelineAws();
  await prepareAccount(localAws, QA);
  sourceDir = (await checkout('qa')).dir;
  const keys = await credentialsFor(localAws.url, SHARED_ACCOUNT_ID);
  s3 = new S3Client({
    endpoint: localAws.url,
    region: REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: keys.AWS_ACCESS_KEY_ID,
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: keys.AWS_SESSION_TOKEN,
    },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(() => localAws?.close());

const buildLogUrl = (project: string) =>
  new RegExp(
    `^https://${REGION}\\.console\\.aws\\.amazon\\.com/codesuite/codebuild/\\d{12}/projects/${project}/build/${project}%3A[\\w-]+/\\?region=${REGION}$`,
  );

describe.skipIf(!stepsBuilt('assume-role', 'connect-deploy'))(
  'EDD_MODE=plan, the build before a manual approval',
  () => {
    it('shows what the steps would change, writes nothing, and links the approval to the build', async () => {
      const since = localAws.calls().at(-1)!.seq;
      const result = await runPipeline(localAws, {
        kind: 'connect',
        target: QA,
        sourceDir,
        variables: { EDD_MODE: 'plan' },
      });
      expect(result.succeeded, result.log).toBe(true);
      expect(localAws.calls({ since, account: QA.AccountNumber, write: true })).toEqual([]);
      expect(buildReport(result)).toMatchObject({ mode: 'plan', steps: [{ verb: 'instance', exitCode: 0 }] });
      expect(result.log).toContain('+ instance "edd-qa"');
      expect(result.log).toMatch(/^Plan: 1 to create, \d+ to update, 0 to delete, 0 unchanged\.$/m);
      const page = artifactText(result, 'reports/connect-instance.html');
      expect(page).toContain('<body data-report="plan">');
      expect(page).toContain('data-action="create" data-kind="instance" data-name="edd-qa"');
      expect(result.exportedVariables.EDD_REPORT_URL).toMatch(buildLogUrl('edd-sample-connect-qa'));
    });

    it('refuses a mode it does not know before any AWS call', async () => {
      const since = localAws.calls().at(-1)!.seq;
      const result = await runPipeline(localAws, {
        kind: 'connect',
        target: QA,
        sourceDir,
        variables: { EDD_MODE: 'dry' },
      });
      expect(result.phases.map((p) => [p.name, p.status])).toEqual([['install', 'FAILED']]);
      expect(result.log).toContain(
        "EDD_MODE must be 'deploy' or 'plan' (show what would change, write nothing), not 'dry'",
      );
      expect(localAws.calls({ since })).toEqual([]);
    });
  },
);

/**
 * The standard post_build, behind a build phase that writes review pages the way the steps' --report does: what a
 * deployment buildspec does with them.
 */
function buildspecWritingPages(pages: Record<string, string>): string {
  const connect = readFileSync(join(ROOT, 'buildspecs/connect.yml'), 'utf8');
  const step = /^ {6}- connect-deploy instance .*$/m;
  expect(connect).toMatch(step);
  const writes = Object.entries(pages)
    .map(([name, html]) => `      - printf '%s' '${html}' > reports/${name}`)
    .join('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'edd-review-')), 'buildspec.yml');
  writeFileSync(file, connect.replace(step, writes));
  return file;
}

describe.skipIf(!stepsBuilt('assume-role'))('the review pages of a build', () => {
  const run = (buildspecFile: string, variables: Record<string, string>) =>
    runBuild({
      buildspecFile,
      sourceDir,
      workspaceRoot: ROOT,
      localAwsUrl: localAws.url,
      region: REGION,
      projectName: 'edd-sample-connect-prod',
      projectVariables: { ...QA, ...variables },
      timeoutMs: 60_000,
    });

  it("are put in the bucket as pages a browser opens, with the build's own role, and the approval links to them", async () => {
    const page = '<!doctype html><title>Plan for instance edd-qa</title>';
    const result = await run(buildspecWritingPages({ 'connect-deploy.html': page }), { EDD_REPORT_BUCKET: BUCKET });
    expect(result.succeeded, result.log).toBe(true);
    expect(result.artifacts.map((a) => a.path)).toContain('reports/connect-deploy.html');
    const [, uuid] = result.buildId.split(':');
    const key = `reports/edd-sample-connect-prod/${uuid}/connect-deploy.html`;
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(object.ContentType).toBe('text/html; charset=utf-8');
    expect(await object.Body!.transformToString()).toBe(page);
    const url = `https://s3.console.aws.amazon.com/s3/buckets/${BUCKET}?region=${REGION}&prefix=reports/edd-sample-connect-prod/${uuid}/`;
    expect(result.exportedVariables.EDD_REPORT_URL).toBe(url);
    expect(result.log).toContain(`review: ${url}`);
  });

  it('fail the build when they cannot be published, and the approval links to the build instead', async () => {
    const result = await run(buildspecWritingPages({ 'plan.html': '<p>plan</p>' }), {
      EDD_REPORT_BUCKET: 'edd-no-such-bucket',
    });
    expect(result.phases.map((p) => [p.name, p.status]).at(-1)).toEqual(['post_build', 'FAILED']);
    expect(result.exportedVariables.EDD_REPORT_URL).toMatch(buildLogUrl('edd-sample-connect-prod'));
  });

  it('stay with the artifacts only when the project names no bucket', async () => {
    const result = await run(buildspecWritingPages({ 'plan.html': '<p>plan</p>' }), {});
    expect(result.succeeded, result.log).toBe(true);
    expect(result.artifacts.map((a) => a.path)).toContain('reports/plan.html');
    expect(result.exportedVariables.EDD_REPORT_URL).toMatch(buildLogUrl('edd-sample-connect-prod'));
  });
});
