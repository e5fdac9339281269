import { createHash } from 'node:crypto';
import type { AwsError } from '../../errors.js';
import { ServiceModel } from '../../models/model.js';
import type { StructureValue } from '../../protocols/protocol.js';
import { RestXmlError, restXmlProtocol } from '../../protocols/rest-xml.js';
import type { OperationContext, OperationHandler, ServiceEmulator } from '../service.js';
import { checksum, CHECKSUM_ALGORITHMS } from './checksums.js';
import { s3ModelJson } from './model.js';
import {
  bucketNameProblem,
  canonicalUserId,
  parseAmzDate,
  type Bucket,
  type ObjectStore,
  type ObjectStoreState,
  type StoredObject,
} from './object-store.js';

/** The region S3's global endpoint stands for, where buckets need no location constraint. */
const US_EAST_1 = 'us-east-1';
const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
const MAX_KEYS = 1000;
/** SigV4 query authentication allows a URL to live at most seven days. */
const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
const TOKEN_PREFIX = 'local-aws:';

interface ErrorOptions {
  status?: number;
  details?: Record<string, string>;
  headers?: Record<string, string>;
}

function s3Error(code: string, message: string, { status = 400, details, headers }: ErrorOptions = {}): AwsError {
  return new RestXmlError({ code, message, status }, { details, headers });
}

function noSuchBucket(name: string): AwsError {
  return s3Error('NoSuchBucket', 'The specified bucket does not exist', { status: 404, details: { BucketName: name } });
}

function accessDenied(): AwsError {
  return s3Error('AccessDenied', 'Access Denied', { status: 403 });
}

/** S3's timestamps in error documents: ISO 8601 to the second. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function queryAuthError(message: string): AwsError {
  return s3Error('AuthorizationQueryParametersError', message);
}

/** Checks the lifetime of a presigned request, as S3 does before anything else. */
function checkPresignedLifetime(query: URLSearchParams, now: Date): void {
  for (const parameter of [
    'X-Amz-Algorithm',
    'X-Amz-Signature',
    'X-Amz-Date',
    'X-Amz-SignedHeaders',
    'X-Amz-Expires',
  ]) {
    if (!query.has(parameter)) {
      throw queryAuthError(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, ' +
          'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
  }
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw queryAuthError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  const signedAt = parseAmzDate(query.get('X-Amz-Date') ?? '');
  if (!signedAt) throw queryAuthError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  const expiresText = query.get('X-Amz-Expires') ?? '';
  if (!/^-?\d+$/.test(expiresText)) throw queryAuthError('X-Amz-Expires should be a number');
  const expires = Number(expiresText);
  if (expires < 0) throw queryAuthError('X-Amz-Expires must be non-negative');
  if (expires > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw queryAuthError(
      `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_EXPIRES_SECONDS}`,
    );
  }
  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  if (now > expiresAt) {
    throw s3Error('AccessDenied', 'Request has expired', {
      status: 403,
      details: { 'X-Amz-Expires': expiresText, Expires: isoSeconds(expiresAt), ServerTime: isoSeconds(now) },
    });
  }
}

function checkContentSha256(context: OperationContext): void {
  const declared = context.request.headers['x-amz-content-sha256'];
  if (typeof declared !== 'string' || !/^[0-9a-f]{64}$/.test(declared)) return;
  const computed = createHash('sha256').update(context.request.body).digest('hex');
  if (computed !== declared) {
    throw s3Error(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      {
        details: { ClientComputedContentSHA256: declared, S3ComputedContentSHA256: computed },
      },
    );
  }
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** S3's `encoding-type=url`: form encoding, as clients decode it with unquote_plus. */
function urlEncode(text: string | undefined): string | undefined {
  return text === undefined ? undefined : encodeURIComponent(text).replace(/%20/g, '+');
}

function continuationToken(lastKey: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${lastKey}`, 'utf8').toString('base64');
}

function tokenKey(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) {
    throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', {
      details: { ArgumentName: 'continuation-token' },
    });
  }
  return text.slice(TOKEN_PREFIX.length);
}

function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

/** The checksums an upload declares, each verified against the bytes received. */
function verifiedChecksums(input: StructureValue, body: Buffer): Record<string, string> {
  const declared: Record<string, string> = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = input[`Checksum${algorithm}`];
    if (typeof value === 'string') declared[algorithm] = value;
  }
  const announced = input.ChecksumAlgorithm as string | undefined;
  if (announced && declared[announced] === undefined) {
    throw s3Error(
      'InvalidRequest',
      'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
    );
  }
  for (const [algorithm, value] of Object.entries(declared)) {
    if (checksum(algorithm, body) !== value) {
      throw s3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
    }
  }
  return declared;
}

function checkContentMd5(input: StructureValue, body: Buffer): void {
  const declared = input.ContentMD5 as string | undefined;
  if (declared === undefined) return;
  if (Buffer.from(declared, 'base64').length !== 16) {
    throw s3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', {
      details: { 'Content-MD5': declared },
    });
  }
  const calculated = md5Base64(body);
  if (calculated !== declared) {
    throw s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
      details: { ExpectedDigest: declared, CalculatedDigest: calculated },
    });
  }
}

function metadataSize(metadata: Record<string, string>): number {
  return Object.entries(metadata).reduce(
    (size, [name, value]) => size + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );
}

/** The response headers of GetObject and HeadObject. */
function objectOutput(object: StoredObject, withChecksums: boolean): StructureValue {
  const output: StructureValue = {
    AcceptRanges: 'bytes',
    LastModified: object.lastModified,
    ContentLength: object.body.length,
    ETag: object.etag,
    CacheControl: object.cacheControl,
    ContentDisposition: object.contentDisposition,
    ContentEncoding: object.contentEncoding,
    ContentLanguage: object.contentLanguage,
    ContentType: object.contentType,
    Metadata: Object.keys(object.metadata).length > 0 ? object.metadata : undefined,
  };
  if (withChecksums) {
    for (const [algorithm, value] of Object.entries(object.checksums)) output[`Checksum${algorithm}`] = value;
  }
  return output;
}

/**
 * S3 with path-style addressing (`/<bucket>/<key>`): buckets and objects, presigned URLs, S3's XML errors.
 * Bucket names are global and every bucket has an owning account: other accounts get `AccessDenied`, as they would
 * without a bucket policy granting them access. Requests signed for another region than the bucket's are
 * redirected the way S3 does it, with `PermanentRedirect` and the `x-amz-bucket-region` header.
 */
export function createS3Service(store: ObjectStore): ServiceEmulator {
  /** Who a request acts as: the caller's account, or a service whose own presigned URL it carries. */
  function actor(context: OperationContext): string {
    const { request } = context;
    checkContentSha256(context);
    if (request.headers.authorization !== undefined || !request.query.has('X-Amz-Credential')) return context.account;
    checkPresignedLifetime(request.query, new Date());
    const signer = store.presignedBy(request.method, request.path, request.query);
    if (signer && !signer.valid) {
      throw s3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        { status: 403 },
      );
    }
    return signer?.service ?? context.account;
  }

  /** The bucket a request names, once it is known to exist, to be in the request's region and to be the caller's. */
  function ownBucket(context: OperationContext, input: StructureValue): { bucket: Bucket; owner: string } {
    const owner = actor(context);
    const name = input.Bucket as string;
    const bucket = store.bucket(name);
    if (!bucket) throw noSuchBucket(name);
    if (bucket.region !== context.region) {
      throw s3Error(
        'PermanentRedirect',
        'The bucket you are attempting to access must be addressed using the specified endpoint. ' +
          'Please send all future requests to this endpoint.',
        {
          status: 301,
          details: { Endpoint: `s3.${bucket.region}.amazonaws.com`, Bucket: name },
          headers: { 'x-amz-bucket-region': bucket.region },
        },
      );
    }
    const expectedOwner = input.ExpectedBucketOwner as string | undefined;
    if (bucket.owner !== owner || (expectedOwner !== undefined && expectedOwner !== bucket.owner)) throw accessDenied();
    return { bucket, owner };
  }

  function checkKey(key: string): void {
    const size = Buffer.byteLength(key, 'utf8');
    if (size > MAX_KEY_BYTES) {
      throw s3Error('KeyTooLongError', 'Your key is too long', {
        details: { Size: String(size), MaxSizeAllowed: String(MAX_KEY_BYTES) },
      });
    }
  }

  function existingObject(bucket: Bucket, key: string): StoredObject {
    const object = bucket.objects.get(key);
    if (!object)
      throw s3Error('NoSuchKey', 'The specified key does not exist.', { status: 404, details: { Key: key } });
    return object;
  }

  const createBucket: OperationHandler = (input, context) => {
    const owner = actor(context);
    const name = input.Bucket as string;
    if (bucketNameProblem(name)) {
      throw s3Error('InvalidBucketName', 'The specified bucket is not valid.', { details: { BucketName: name } });
    }
    const constraint = (input.CreateBucketConfiguration as StructureValue | undefined)?.LocationConstraint as
      string | undefined;
    if (constraint === US_EAST_1) {
      throw s3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', {
        details: { LocationConstraint: constraint },
      });
    }
    if ((constraint ?? US_EAST_1) !== context.region) {
      throw s3Error(
        'IllegalLocationConstraintException',
        `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
    const existing = store.bucket(name);
    if (existing && existing.owner !== owner) {
      throw s3Error(
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. ' +
          'Please select a different name and try again.',
        { status: 409, details: { BucketName: name } },
      );
    }
    // S3 keeps answering 200 to the owner re-creating a bucket in us-east-1, for compatibility with its first API.
    if (existing && !(existing.region === US_EAST_1 && context.region === US_EAST_1)) {
      throw s3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { status: 409, details: { BucketName: name } },
      );
    }
    if (!existing) store.createBucket(name, owner, context.region);
    return { output: { Location: `/${name}` } };
  };

  const headBucket: OperationHandler = (input, context) => {
    const { bucket } = ownBucket(context, input);
    return { output: { BucketRegion: bucket.region } };
  };

  const deleteBucket: OperationHandler = (input, context) => {
    const { bucket } = ownBucket(context, input);
    if (bucket.objects.size > 0) {
      throw s3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', {
        status: 409,
        details: { BucketName: bucket.name },
      });
    }
    store.deleteBucket(bucket.name);
    return { output: {} };
  };

  const putObject: OperationHandler = (input, context) => {
    const { bucket } = ownBucket(context, input);
    const key = input.Key as string;
    checkKey(key);
    const body = (input.Body as Buffer | undefined) ?? Buffer.alloc(0);
    checkContentMd5(input, body);
    const checksums = verifiedChecksums(input, body);
    const metadata = (input.Metadata as Record<string, string> | undefined) ?? {};
    const size = metadataSize(metadata);
    if (size > MAX_METADATA_BYTES) {
      throw s3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', {
        details: { Size: String(size), MaxSizeAllowed: String(MAX_METADATA_BYTES) },
      });
    }
    const object: StoredObject = {
      body,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: new Date(),
      contentType: (input.ContentType as string | undefined) ?? DEFAULT_CONTENT_TYPE,
      cacheControl: input.CacheControl as string | undefined,
      contentDisposition: input.ContentDisposition as string | undefined,
      contentEncoding: input.ContentEncoding as string | undefined,
      contentLanguage: input.ContentLanguage as string | undefined,
      metadata,
      checksums,
    };
    bucket.objects.set(key, object);
    const output: StructureValue = { ETag: object.etag, Size: body.length };
    for (const [algorithm, value] of Object.entries(checksums)) output[`Checksum${algorithm}`] = value;
    return { output };
  };

  const getObject: OperationHandler = (input, context) => {
    const { bucket } = ownBucket(context, input);
    const object = existingObject(bucket, input.Key as string);
    return { output: { ...objectOutput(object, input.ChecksumMode === 'ENABLED'), Body: object.body } };
  };

  const headObject: OperationHandler = (input, context) => {
    const { bucket } = ownBucket(context, input);
    return { output: objectOutput(existingObject(bucket, input.Key as string), input.ChecksumMode === 'ENABLED') };
  };

  const deleteObject: OperationHandler = (input, context) => {
    const { bucket } = ownBucket(context, input);
    bucket.objects.delete(input.Key as string);
    return { output: {} };
  };

  const listObjectsV2: OperationHandler = (input, context) => {
    const { bucket } = ownBucket(context, input);
    const prefix = (input.Prefix as string | undefined) ?? '';
    const delimiter = input.Delimiter as string | undefined;
    const requestedMaxKeys = input.MaxKeys as number | undefined;
    if (requestedMaxKeys !== undefined && requestedMaxKeys < 0) {
      throw s3Error('InvalidArgument', 'Argument maxKeys must be an integer between 0 and 2147483647', {
        details: { ArgumentName: 'maxKeys', ArgumentValue: String(requestedMaxKeys) },
      });
    }
    const maxKeys = Math.min(requestedMaxKeys ?? MAX_KEYS, MAX_KEYS);
    const token = input.ContinuationToken as string | undefined;
    const startAfter = input.StartAfter as string | undefined;
    const after = token !== undefined ? tokenKey(token) : startAfter;
    const keys = [...bucket.objects.keys()]
      .filter((key) => key.startsWith(prefix) && (after === undefined || compareUtf8(key, after) > 0))
      .sort(compareUtf8);
    const contents: StructureValue[] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    let truncated = false;
    for (const key of keys) {
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      const commonPrefix = cut === -1 ? undefined : key.slice(0, cut + (delimiter as string).length);
      // Keys under a common prefix already listed add nothing.
      if (commonPrefix !== undefined && commonPrefix === commonPrefixes.at(-1)) continue;
      if (contents.length + commonPrefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (commonPrefix !== undefined) {
        commonPrefixes.push(commonPrefix);
        // Resume after every key under this prefix.
        last = `${commonPrefix}\u{10FFFF}`;
        continue;
      }
      const object = bucket.objects.get(key) as StoredObject;
      contents.push({
        Key: key,
        LastModified: object.lastModified,
        ETag: object.etag,
        ChecksumAlgorithm: Object.keys(object.checksums),
        Size: object.body.length,
        StorageClass: 'STANDARD',
        Owner: input.FetchOwner === true ? { ID: canonicalUserId(bucket.owner) } : undefined,
      });
      last = key;
    }
    const encode = input.EncodingType === 'url' ? urlEncode : (text: string | undefined) => text;
    return {
      output: {
        IsTruncated: truncated,
        Contents:
          contents.length > 0 ? contents.map((entry) => ({ ...entry, Key: encode(entry.Key as string) })) : undefined,
        Name: bucket.name,
        Prefix: encode(prefix),
        Delimiter: encode(delimiter),
        MaxKeys: maxKeys,
        CommonPrefixes:
          commonPrefixes.length > 0 ? commonPrefixes.map((entry) => ({ Prefix: encode(entry) })) : undefined,
        EncodingType: input.EncodingType,
        KeyCount: contents.length + commonPrefixes.length,
        ContinuationToken: token,
        NextContinuationToken: truncated && last !== undefined ? continuationToken(last) : undefined,
        StartAfter: encode(startAfter),
      },
    };
  };

  return {
    model: new ServiceModel(s3ModelJson),
    protocol: restXmlProtocol,
    errorNamespace: 'com.amazonaws.s3',
    operations: {
      CreateBucket: createBucket,
      DeleteBucket: deleteBucket,
      DeleteObject: deleteObject,
      GetObject: getObject,
      HeadBucket: headBucket,
      HeadObject: headObject,
      ListObjectsV2: listObjectsV2,
      PutObject: putObject,
    },
    validationError: (message) => s3Error('InvalidArgument', message),
    throttleErrors: ['SlowDown'],
    throttleError: () => s3Error('SlowDown', 'Please reduce your request rate.', { status: 503 }),
    internalError: () =>
      s3Error('InternalError', 'We encountered an internal error. Please try again.', { status: 500 }),
    async reset() {
      store.clear();
    },
    async snapshot() {
      return store.snapshot();
    },
    async restore(state) {
      store.restore(state as ObjectStoreState);
    },
    async close() {},
  };
}
