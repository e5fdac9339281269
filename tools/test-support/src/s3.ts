import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { clientConfig, type LocalAws } from '@edd/local-aws';

export interface StoredObject {
  bucket: string;
  key: string;
  body: Buffer;
}

/**
 * Every object of the named buckets of an account (a bucket that does not exist is skipped). S3 has no way to list
 * an account's buckets in local-aws, so callers name the buckets a step can write to (the prompt bucket); writes
 * to any other bucket show up in the call log as write calls.
 */
export async function s3ObjectsOf(
  localAws: LocalAws,
  account: string,
  buckets: readonly string[],
  region = 'us-east-1',
): Promise<StoredObject[]> {
  if (buckets.length === 0) return [];
  const s3 = new S3Client(await clientConfig(localAws.url, account, { region }));
  const objects: StoredObject[] = [];
  try {
    for (const bucket of buckets) {
      const exists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
        () => true,
        () => false,
      );
      if (!exists) continue;
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const { Key } of page.Contents ?? []) {
          const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
          objects.push({ bucket, key: Key!, body: Buffer.from(await object.Body!.transformToByteArray()) });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    }
  } finally {
    s3.destroy();
  }
  return objects;
}

/** Creates a bucket of the account (in us-east-1 by default): the place a leaked file would land, to be searched. */
export async function createBucket(
  localAws: LocalAws,
  account: string,
  bucket: string,
  region = 'us-east-1',
): Promise<void> {
  const s3 = new S3Client(await clientConfig(localAws.url, account, { region }));
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
      }),
    );
  } finally {
    s3.destroy();
  }
}
