import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialsFor, startLocalAws, type LocalAws } from '../src/index.js';
import { BASE_CREDENTIALS, rejection, TARGET_ACCOUNT, type Credentials } from './support.js';

const SIGNED = (region = 'us-east-1') => ({
  authorization: `AWS4-HMAC-SHA256 Credential=test/20250101/${region}/s3/aws4_request, SignedHeaders=host, Signature=00`,
  'x-amz-date': '20250101T000000Z',
});

describe('s3', () => {
  let localAws: LocalAws;

  beforeAll(async () => {
    localAws = await startLocalAws();
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  function s3(region = 'us-east-1', credentials: Credentials = BASE_CREDENTIALS): S3Client {
    // No forcePathStyle: against an IP-address endpoint the SDK addresses buckets by path on its own.
    return new S3Client({ endpoint: localAws.url, region, credentials, maxAttempts: 1 });
  }

  async function targetCredentials(): Promise<Credentials> {
    const assumed = await credentialsFor(localAws.url, TARGET_ACCOUNT);
    return {
      accessKeyId: assumed.AWS_ACCESS_KEY_ID,
      secretAccessKey: assumed.AWS_SECRET_ACCESS_KEY,
      sessionToken: assumed.AWS_SESSION_TOKEN,
    };
  }

  describe('with AWS_ENDPOINT_URL pointing at 127.0.0.1 and no forcePathStyle', () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    beforeAll(() => {
      process.env.AWS_ENDPOINT_URL = localAws.url;
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    });

    it('serves the path-style requests the SDK sends, LocationConstraint included', async () => {
      const client = new S3Client({ region: 'eu-west-2', credentials: BASE_CREDENTIALS, maxAttempts: 1 });

      await client.send(new CreateBucketCommand({ Bucket: 'edd-connect-prompts-318484875904' }));
      await client.send(
        new PutObjectCommand({
          Bucket: 'edd-connect-prompts-318484875904',
          Key: 'prompts/hello world.wav',
          Body: 'RIFF',
        }),
      );
      const head = await client.send(new HeadBucketCommand({ Bucket: 'edd-connect-prompts-318484875904' }));
      const object = await client.send(
        new GetObjectCommand({ Bucket: 'edd-connect-prompts-318484875904', Key: 'prompts/hello world.wav' }),
      );

      expect(head.BucketRegion).toBe('eu-west-2');
      expect(await object.Body?.transformToString()).toBe('RIFF');
      expect(localAws.calls({ service: 's3' }).map((call) => [call.operation, call.region, call.status])).toEqual([
        ['CreateBucket', 'eu-west-2', 200],
        ['PutObject', 'eu-west-2', 200],
        ['HeadBucket', 'eu-west-2', 200],
        ['GetObject', 'eu-west-2', 200],
      ]);
    });
  });

  it('stores objects with their type, metadata and checksum, and describes them like S3', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'audio' }));

    const put = await client.send(
      new PutObjectCommand({
        Bucket: 'audio',
        Key: 'greeting.wav',
        Body: Buffer.from('RIFF....WAVE'),
        ContentType: 'audio/wav',
        Metadata: { source: 'export' },
      }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket: 'audio', Key: 'greeting.wav' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'audio', Key: 'greeting.wav' }));

    expect(put.ETag).toBe(`"${createHash('md5').update('RIFF....WAVE').digest('hex')}"`);
    expect(put.ChecksumCRC32).toBeDefined();
    expect(head).toMatchObject({
      ContentLength: 12,
      ContentType: 'audio/wav',
      ETag: put.ETag,
      Metadata: { source: 'export' },
    });
    expect(head.LastModified).toBeInstanceOf(Date);
    expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
    expect(Buffer.from(await got.Body!.transformToByteArray()).toString()).toBe('RIFF....WAVE');
  });

  it('decodes streamed uploads the SDK sends in the aws-chunked encoding', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'streams' }));
    const body = Buffer.alloc(200_000, 'a');

    await client.send(
      new PutObjectCommand({
        Bucket: 'streams',
        Key: 'big.bin',
        Body: Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]),
        ContentLength: body.length,
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: 'streams', Key: 'big.bin' }));

    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it('lists keys page by page, with prefixes, delimiters and url encoding', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'listing' }));
    for (const key of ['a/1', 'a/2', 'b/1', 'c', 'd e']) {
      await client.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
    }

    const first = await client.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 2 }));
    const second = await client.send(
      new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }),
    );
    const grouped = await client.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    const prefixed = await client.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'a/', StartAfter: 'a/1' }),
    );
    const encoded = await fetch(`${localAws.url}/listing?list-type=2&encoding-type=url&prefix=d`, {
      headers: SIGNED(),
    });

    expect(first.Contents?.map((object) => object.Key)).toEqual(['a/1', 'a/2']);
    expect(first).toMatchObject({ IsTruncated: true, KeyCount: 2, MaxKeys: 2 });
    expect(second.Contents?.map((object) => object.Key)).toEqual(['b/1', 'c']);
    expect(grouped.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/', 'b/']);
    expect(grouped.Contents?.map((object) => object.Key)).toEqual(['c', 'd e']);
    expect(grouped.KeyCount).toBe(4);
    expect(prefixed.Contents?.map((object) => object.Key)).toEqual(['a/2']);
    expect(await encoded.text()).toContain('<Key>d+e</Key>');
  });

  it('answers with S3 error documents: code, message, resource and request id', async () => {
    const response = await fetch(`${localAws.url}/no-such-bucket/key`, { headers: SIGNED() });
    const body = await response.text();

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.headers.get('x-amz-request-id')).toBeTruthy();
    expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/);
    expect(body).toContain('<Code>NoSuchBucket</Code>');
    expect(body).toContain('<Message>The specified bucket does not exist</Message>');
    expect(body).toContain('<BucketName>no-such-bucket</BucketName>');
    expect(body).toMatch(/<RequestId>[^<]+<\/RequestId>/);
  });

  it('answers HeadBucket and HeadObject of missing resources with a bare 404', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'present' }));

    const bucket = await fetch(`${localAws.url}/absent`, { method: 'HEAD', headers: SIGNED() });
    const object = await fetch(`${localAws.url}/present/absent`, { method: 'HEAD', headers: SIGNED() });
    const sdk = await rejection(s3().send(new HeadObjectCommand({ Bucket: 'present', Key: 'absent' })));

    expect([bucket.status, await bucket.text()]).toEqual([404, '']);
    expect([object.status, await object.text()]).toEqual([404, '']);
    expect(sdk.name).toBe('NotFound');
  });

  it('refuses what S3 refuses: missing keys, bad names, long keys, non-empty buckets, bad digests', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'rules' }));
    await client.send(new PutObjectCommand({ Bucket: 'rules', Key: 'kept', Body: 'x' }));

    const noKey = await rejection(client.send(new GetObjectCommand({ Bucket: 'rules', Key: 'missing' })));
    const badNames = await Promise.all(
      ['ab', 'Upper', 'double..dot', '192.168.1.1', 'xn--punycode', '-start'].map((Bucket) =>
        rejection(client.send(new CreateBucketCommand({ Bucket }))),
      ),
    );
    const longKey = await rejection(
      client.send(new PutObjectCommand({ Bucket: 'rules', Key: 'k'.repeat(1025), Body: 'x' })),
    );
    const notEmpty = await rejection(client.send(new DeleteBucketCommand({ Bucket: 'rules' })));
    const badDigest = await fetch(`${localAws.url}/rules/digest`, {
      method: 'PUT',
      headers: { ...SIGNED(), 'content-md5': Buffer.alloc(16).toString('base64') },
      body: 'payload',
    });

    expect([noKey.name, noKey.message, noKey.$metadata?.httpStatusCode]).toEqual([
      'NoSuchKey',
      'The specified key does not exist.',
      404,
    ]);
    expect(badNames.map((error) => error.name)).toEqual(Array(6).fill('InvalidBucketName'));
    expect(longKey.name).toBe('KeyTooLongError');
    expect([notEmpty.name, notEmpty.$metadata?.httpStatusCode]).toEqual(['BucketNotEmpty', 409]);
    expect(badDigest.status).toBe(400);
    expect(await badDigest.text()).toContain('<Code>BadDigest</Code>');
  });

  it('deletes objects and empty buckets', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'temporary' }));
    await client.send(new PutObjectCommand({ Bucket: 'temporary', Key: 'k', Body: 'x' }));

    await client.send(new DeleteObjectCommand({ Bucket: 'temporary', Key: 'k' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'temporary', Key: 'never-there' }));
    await client.send(new DeleteBucketCommand({ Bucket: 'temporary' }));
    const gone = await rejection(client.send(new HeadBucketCommand({ Bucket: 'temporary' })));

    expect(gone.$metadata?.httpStatusCode).toBe(404);
  });

  it('keeps bucket names global: another account gets BucketAlreadyExists and AccessDenied', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'shared-name' }));
    await s3().send(new PutObjectCommand({ Bucket: 'shared-name', Key: 'secret', Body: 'x' }));
    const other = s3('us-east-1', await targetCredentials());

    const create = await rejection(other.send(new CreateBucketCommand({ Bucket: 'shared-name' })));
    const read = await rejection(other.send(new GetObjectCommand({ Bucket: 'shared-name', Key: 'secret' })));
    const write = await rejection(other.send(new PutObjectCommand({ Bucket: 'shared-name', Key: 'mine', Body: 'x' })));
    const again = await s3().send(new CreateBucketCommand({ Bucket: 'shared-name' }));

    expect([create.name, create.$metadata?.httpStatusCode]).toEqual(['BucketAlreadyExists', 409]);
    expect([read.name, read.message, read.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 'Access Denied', 403]);
    expect(write.name).toBe('AccessDenied');
    // us-east-1 still answers 200 to the owner creating its own bucket again.
    expect(again.$metadata.httpStatusCode).toBe(200);
  });

  it('holds buckets to their region: constraints, re-creation elsewhere, and redirects', async () => {
    await s3('eu-west-2').send(
      new CreateBucketCommand({ Bucket: 'london', CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } }),
    );

    const mismatch = await rejection(
      s3('eu-west-2').send(
        new CreateBucketCommand({ Bucket: 'paris', CreateBucketConfiguration: { LocationConstraint: 'eu-west-3' } }),
      ),
    );
    const owned = await rejection(
      s3('eu-west-2').send(
        new CreateBucketCommand({ Bucket: 'london', CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } }),
      ),
    );
    const elsewhere = await rejection(s3('us-east-1').send(new GetObjectCommand({ Bucket: 'london', Key: 'k' })));

    expect(mismatch.name).toBe('IllegalLocationConstraintException');
    expect([owned.name, owned.$metadata?.httpStatusCode]).toEqual(['BucketAlreadyOwnedByYou', 409]);
    expect([elsewhere.name, elsewhere.$metadata?.httpStatusCode]).toEqual(['PermanentRedirect', 301]);
  });

  it('serves presigned GET and PUT URLs until they expire, then answers AccessDenied', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'presigned' }));
    const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'presigned', Key: 'upload.zip' }), {
      expiresIn: 300,
    });
    const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'presigned', Key: 'upload.zip' }), {
      expiresIn: 300,
    });
    const expiredUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'presigned', Key: 'upload.zip' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });

    const put = await fetch(putUrl, { method: 'PUT', body: 'zip bytes' });
    const get = await fetch(getUrl);
    const expired = await fetch(expiredUrl);
    const expiredBody = await expired.text();
    const tooLong = await fetch(getUrl.replace('X-Amz-Expires=300', 'X-Amz-Expires=604801'));

    expect(put.status).toBe(200);
    expect(await get.text()).toBe('zip bytes');
    expect(expired.status).toBe(403);
    expect(expiredBody).toContain('<Code>AccessDenied</Code>');
    expect(expiredBody).toContain('<Message>Request has expired</Message>');
    expect(expiredBody).toContain('<X-Amz-Expires>60</X-Amz-Expires>');
    expect(expiredBody).toMatch(/<Expires>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expires>/);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('<Code>AuthorizationQueryParametersError</Code>');
  });

  it('names modeled errors as the SDK expects them', async () => {
    const error = await rejection(s3().send(new GetObjectCommand({ Bucket: 'absent', Key: 'k' })));

    expect(error).toBeInstanceOf(S3ServiceException);
    expect(error.name).toBe('NoSuchBucket');
  });
});
