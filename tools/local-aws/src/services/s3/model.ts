import type { ServiceModelJson } from '../../models/model.js';

// The S3 model is not among the official models local-aws is held to, so this subset of it is written by hand in
// the same botocore format: the emulated operations with their HTTP bindings and the members local-aws reads or
// writes. Like botocore's, it puts no pattern on bucket names and only `min: 1` on keys: S3 checks names and key
// lengths itself, with its own error codes (`InvalidBucketName`, `KeyTooLongError`), and so does the service here.

const string = { type: 'string' } as const;
const long = { type: 'long' } as const;
const integer = { type: 'integer' } as const;
const boolean = { type: 'boolean' } as const;
const timestamp = { type: 'timestamp' } as const;

const bucket = { shape: 'BucketName', location: 'uri', locationName: 'Bucket' } as const;
const key = { shape: 'ObjectKey', location: 'uri', locationName: 'Key' } as const;
const expectedOwner = { shape: 'AccountId', location: 'header', locationName: 'x-amz-expected-bucket-owner' } as const;

function header(shape: string, locationName: string) {
  return { shape, location: 'header', locationName } as const;
}

function query(shape: string, locationName: string) {
  return { shape, location: 'querystring', locationName } as const;
}

/** The headers an object's checksums travel in, for requests and responses alike. */
const checksumHeaders = {
  ChecksumCRC32: header('ChecksumCRC32', 'x-amz-checksum-crc32'),
  ChecksumCRC32C: header('ChecksumCRC32C', 'x-amz-checksum-crc32c'),
  ChecksumSHA1: header('ChecksumSHA1', 'x-amz-checksum-sha1'),
  ChecksumSHA256: header('ChecksumSHA256', 'x-amz-checksum-sha256'),
};

/** What GetObject and HeadObject both answer with in headers. */
const objectHeaders = {
  AcceptRanges: header('AcceptRanges', 'accept-ranges'),
  LastModified: header('LastModified', 'Last-Modified'),
  ContentLength: header('ContentLength', 'Content-Length'),
  ETag: header('ETag', 'ETag'),
  ...checksumHeaders,
  CacheControl: header('CacheControl', 'Cache-Control'),
  ContentDisposition: header('ContentDisposition', 'Content-Disposition'),
  ContentEncoding: header('ContentEncoding', 'Content-Encoding'),
  ContentLanguage: header('ContentLanguage', 'Content-Language'),
  ContentType: header('ContentType', 'Content-Type'),
  Metadata: { shape: 'Metadata', location: 'headers', locationName: 'x-amz-meta-' } as const,
  StorageClass: header('StorageClass', 'x-amz-storage-class'),
};

export const s3ModelJson: ServiceModelJson = {
  metadata: {
    apiVersion: '2006-03-01',
    endpointPrefix: 's3',
    protocol: 'rest-xml',
    serviceId: 'S3',
    signingName: 's3',
    xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',
  },
  operations: {
    CreateBucket: {
      name: 'CreateBucket',
      http: { method: 'PUT', requestUri: '/{Bucket}' },
      input: { shape: 'CreateBucketRequest' },
      output: { shape: 'CreateBucketOutput' },
    },
    DeleteBucket: {
      name: 'DeleteBucket',
      http: { method: 'DELETE', requestUri: '/{Bucket}', responseCode: 204 },
      input: { shape: 'DeleteBucketRequest' },
    },
    DeleteObject: {
      name: 'DeleteObject',
      http: { method: 'DELETE', requestUri: '/{Bucket}/{Key+}', responseCode: 204 },
      input: { shape: 'DeleteObjectRequest' },
      output: { shape: 'DeleteObjectOutput' },
    },
    GetObject: {
      name: 'GetObject',
      http: { method: 'GET', requestUri: '/{Bucket}/{Key+}' },
      input: { shape: 'GetObjectRequest' },
      output: { shape: 'GetObjectOutput' },
    },
    HeadBucket: {
      name: 'HeadBucket',
      http: { method: 'HEAD', requestUri: '/{Bucket}' },
      input: { shape: 'HeadBucketRequest' },
      output: { shape: 'HeadBucketOutput' },
    },
    HeadObject: {
      name: 'HeadObject',
      http: { method: 'HEAD', requestUri: '/{Bucket}/{Key+}' },
      input: { shape: 'HeadObjectRequest' },
      output: { shape: 'HeadObjectOutput' },
    },
    ListObjectsV2: {
      name: 'ListObjectsV2',
      http: { method: 'GET', requestUri: '/{Bucket}?list-type=2' },
      input: { shape: 'ListObjectsV2Request' },
      // The document's root element, which botocore leaves out of its models.
      output: { shape: 'ListObjectsV2Output', locationName: 'ListBucketResult' } as { shape: string },
    },
    PutObject: {
      name: 'PutObject',
      http: { method: 'PUT', requestUri: '/{Bucket}/{Key+}' },
      input: { shape: 'PutObjectRequest' },
      output: { shape: 'PutObjectOutput' },
    },
  },
  shapes: {
    AcceptRanges: string,
    AccountId: string,
    BucketName: string,
    BucketRegion: string,
    CacheControl: string,
    ChecksumAlgorithm: { type: 'string', enum: ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] },
    ChecksumAlgorithmList: { type: 'list', member: { shape: 'ChecksumAlgorithm' }, flattened: true },
    ChecksumCRC32: string,
    ChecksumCRC32C: string,
    ChecksumMode: { type: 'string', enum: ['ENABLED'] },
    ChecksumSHA1: string,
    ChecksumSHA256: string,
    CommonPrefix: { type: 'structure', members: { Prefix: { shape: 'Prefix' } } },
    CommonPrefixList: { type: 'list', member: { shape: 'CommonPrefix' }, flattened: true },
    ContentDisposition: string,
    ContentEncoding: string,
    ContentLanguage: string,
    ContentLength: long,
    ContentMD5: string,
    ContentType: string,
    ContinuationToken: string,
    CreateBucketConfiguration: {
      type: 'structure',
      members: { LocationConstraint: { shape: 'BucketLocationConstraint' } },
    },
    BucketLocationConstraint: string,
    CreateBucketOutput: { type: 'structure', members: { Location: header('Location', 'Location') } },
    CreateBucketRequest: {
      type: 'structure',
      required: ['Bucket'],
      members: {
        Bucket: bucket,
        CreateBucketConfiguration: { shape: 'CreateBucketConfiguration', locationName: 'CreateBucketConfiguration' },
      },
      payload: 'CreateBucketConfiguration',
    },
    DeleteBucketRequest: {
      type: 'structure',
      required: ['Bucket'],
      members: { Bucket: bucket, ExpectedBucketOwner: expectedOwner },
    },
    DeleteObjectOutput: { type: 'structure', members: {} },
    DeleteObjectRequest: {
      type: 'structure',
      required: ['Bucket', 'Key'],
      members: { Bucket: bucket, Key: key, ExpectedBucketOwner: expectedOwner },
    },
    Delimiter: string,
    EncodingType: { type: 'string', enum: ['url'] },
    ETag: string,
    FetchOwner: boolean,
    GetObjectOutput: {
      type: 'structure',
      members: { Body: { shape: 'StreamingBody' }, ...objectHeaders },
      payload: 'Body',
    },
    GetObjectRequest: {
      type: 'structure',
      required: ['Bucket', 'Key'],
      members: {
        Bucket: bucket,
        Key: key,
        ChecksumMode: header('ChecksumMode', 'x-amz-checksum-mode'),
        ExpectedBucketOwner: expectedOwner,
      },
    },
    HeadBucketOutput: {
      type: 'structure',
      members: { BucketRegion: header('BucketRegion', 'x-amz-bucket-region') },
    },
    HeadBucketRequest: {
      type: 'structure',
      required: ['Bucket'],
      members: { Bucket: bucket, ExpectedBucketOwner: expectedOwner },
    },
    HeadObjectOutput: { type: 'structure', members: objectHeaders },
    HeadObjectRequest: {
      type: 'structure',
      required: ['Bucket', 'Key'],
      members: {
        Bucket: bucket,
        Key: key,
        ChecksumMode: header('ChecksumMode', 'x-amz-checksum-mode'),
        ExpectedBucketOwner: expectedOwner,
      },
    },
    IsTruncated: boolean,
    KeyCount: integer,
    LastModified: timestamp,
    Location: string,
    ListObjectsV2Output: {
      type: 'structure',
      members: {
        IsTruncated: { shape: 'IsTruncated' },
        Contents: { shape: 'ObjectList' },
        Name: { shape: 'BucketName' },
        Prefix: { shape: 'Prefix' },
        Delimiter: { shape: 'Delimiter' },
        MaxKeys: { shape: 'MaxKeys' },
        CommonPrefixes: { shape: 'CommonPrefixList' },
        EncodingType: { shape: 'EncodingType' },
        KeyCount: { shape: 'KeyCount' },
        ContinuationToken: { shape: 'ContinuationToken' },
        NextContinuationToken: { shape: 'NextToken' },
        StartAfter: { shape: 'StartAfter' },
      },
    },
    ListObjectsV2Request: {
      type: 'structure',
      required: ['Bucket'],
      members: {
        Bucket: bucket,
        Delimiter: query('Delimiter', 'delimiter'),
        EncodingType: query('EncodingType', 'encoding-type'),
        MaxKeys: query('MaxKeys', 'max-keys'),
        Prefix: query('Prefix', 'prefix'),
        ContinuationToken: query('ContinuationToken', 'continuation-token'),
        FetchOwner: query('FetchOwner', 'fetch-owner'),
        StartAfter: query('StartAfter', 'start-after'),
        ExpectedBucketOwner: expectedOwner,
      },
    },
    MaxKeys: integer,
    Metadata: { type: 'map', key: { shape: 'MetadataKey' }, value: { shape: 'MetadataValue' } },
    MetadataKey: string,
    MetadataValue: string,
    NextToken: string,
    Object: {
      type: 'structure',
      members: {
        Key: { shape: 'ObjectKey' },
        LastModified: { shape: 'LastModified' },
        ETag: { shape: 'ETag' },
        ChecksumAlgorithm: { shape: 'ChecksumAlgorithmList' },
        Size: { shape: 'Size' },
        StorageClass: { shape: 'StorageClass' },
        Owner: { shape: 'Owner' },
      },
    },
    ObjectKey: { type: 'string', min: 1 },
    ObjectList: { type: 'list', member: { shape: 'Object' }, flattened: true },
    Owner: { type: 'structure', members: { DisplayName: { shape: 'DisplayName' }, ID: { shape: 'ID' } } },
    DisplayName: string,
    ID: string,
    Prefix: string,
    PutObjectOutput: {
      type: 'structure',
      members: { ETag: header('ETag', 'ETag'), ...checksumHeaders, Size: header('Size', 'x-amz-object-size') },
    },
    PutObjectRequest: {
      type: 'structure',
      required: ['Bucket', 'Key'],
      members: {
        Body: { shape: 'StreamingBody' },
        Bucket: bucket,
        Key: key,
        CacheControl: header('CacheControl', 'Cache-Control'),
        ContentDisposition: header('ContentDisposition', 'Content-Disposition'),
        ContentEncoding: header('ContentEncoding', 'Content-Encoding'),
        ContentLanguage: header('ContentLanguage', 'Content-Language'),
        ContentLength: header('ContentLength', 'Content-Length'),
        ContentMD5: header('ContentMD5', 'Content-MD5'),
        ContentType: header('ContentType', 'Content-Type'),
        ChecksumAlgorithm: header('ChecksumAlgorithm', 'x-amz-sdk-checksum-algorithm'),
        ...checksumHeaders,
        Metadata: { shape: 'Metadata', location: 'headers', locationName: 'x-amz-meta-' },
        ExpectedBucketOwner: expectedOwner,
      },
      payload: 'Body',
    },
    Size: long,
    StartAfter: string,
    StorageClass: string,
    StreamingBody: { type: 'blob' },
  },
};
