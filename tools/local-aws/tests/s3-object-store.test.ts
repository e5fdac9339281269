import { describe, expect, it } from 'vitest';
import { decodeAwsChunked } from '../src/protocols/aws-chunked.js';
import { parseXml, XmlSyntaxError } from '../src/protocols/xml-parser.js';
import { checksum } from '../src/services/s3/checksums.js';
import { s3ModelJson } from '../src/services/s3/model.js';
import { bucketNameProblem, ObjectStore } from '../src/services/s3/object-store.js';

describe('bucketNameProblem', () => {
  it('accepts the names S3 accepts', () => {
    for (const name of ['edd-connect-prompts-640079793484', 'a.b.c', 'abc', 'a'.repeat(63)]) {
      expect(bucketNameProblem(name)).toBeUndefined();
    }
  });

  it('names the rule a bad name breaks', () => {
    expect(bucketNameProblem('ab')).toBe('must be 3 to 63 characters long');
    expect(bucketNameProblem('Prompts')).toBe('may contain only lowercase letters, digits, dots and hyphens');
    expect(bucketNameProblem('prompts-')).toBe('must begin and end with a letter or digit');
    expect(bucketNameProblem('a..b')).toBe('must not contain two adjacent dots');
    expect(bucketNameProblem('10.0.0.1')).toBe('must not be formatted as an IP address');
    expect(bucketNameProblem('sthree-bucket')).toBe('uses a reserved prefix');
    expect(bucketNameProblem('bucket-s3alias')).toBe('uses a reserved suffix');
  });
});

describe('ObjectStore', () => {
  it('lets services read an object only for its owning account, in its region', () => {
    const store = new ObjectStore();
    store.createBucket('prompts', '640079793484', 'eu-west-2').objects.set('hello.wav', {
      body: Buffer.from('RIFF'),
      etag: '"x"',
      lastModified: new Date(),
      contentType: 'audio/wav',
      metadata: {},
      checksums: {},
    });

    expect(store.readObject('640079793484', 'eu-west-2', 'prompts', 'hello.wav')?.toString()).toBe('RIFF');
    expect(store.readObject('318484875904', 'eu-west-2', 'prompts', 'hello.wav')).toBeUndefined();
    expect(store.readObject('640079793484', 'us-east-1', 'prompts', 'hello.wav')).toBeUndefined();
    expect(store.readObject('640079793484', 'eu-west-2', 'prompts', 'other.wav')).toBeUndefined();
  });

  it('keeps reserved service buckets across a clear and verifies the URLs it signed for them', () => {
    const store = new ObjectStore();
    store.reserveServiceBucket('lexv2.amazonaws.com', 'service-bucket', 'us-east-1');
    store.putServiceObject('lexv2.amazonaws.com', { bucket: 'service-bucket', key: 'a/b.zip' }, Buffer.from('zip'));

    const url = new URL(
      store.presignServiceUrl('lexv2.amazonaws.com', {
        origin: 'http://127.0.0.1:1',
        method: 'GET',
        location: { bucket: 'service-bucket', key: 'a/b.zip' },
        expiresSeconds: 300,
      }),
    );
    const tampered = new URLSearchParams(url.searchParams);
    tampered.set('X-Amz-Expires', '3600');
    store.clear();

    expect(url.pathname).toBe('/service-bucket/a/b.zip');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIA[0-9A-F]{16}\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(store.presignedBy('GET', url.pathname, url.searchParams)).toEqual({
      service: 'lexv2.amazonaws.com',
      valid: true,
    });
    expect(store.presignedBy('PUT', url.pathname, url.searchParams)?.valid).toBe(false);
    expect(store.presignedBy('GET', url.pathname, tampered)?.valid).toBe(false);
    expect(store.bucket('service-bucket')?.owner).toBe('lexv2.amazonaws.com');
    expect(store.serviceObject('lexv2.amazonaws.com', { bucket: 'service-bucket', key: 'a/b.zip' })).toBeUndefined();
  });
});

describe('the hand-written S3 model', () => {
  it('defines every shape it refers to', () => {
    const referenced = new Set<string>();
    for (const shape of Object.values(s3ModelJson.shapes)) {
      if (shape.type === 'structure') for (const member of Object.values(shape.members)) referenced.add(member.shape);
      if (shape.type === 'list') referenced.add(shape.member.shape);
      if (shape.type === 'map') referenced.add(shape.key.shape).add(shape.value.shape);
    }
    for (const operation of Object.values(s3ModelJson.operations)) {
      if (operation.input) referenced.add(operation.input.shape);
      if (operation.output) referenced.add(operation.output.shape);
    }

    expect([...referenced].filter((name) => !(name in s3ModelJson.shapes))).toEqual([]);
  });
});

describe('checksum', () => {
  it('computes the checksums S3 verifies, base64-encoded', () => {
    const data = Buffer.from('123456789');

    expect(Buffer.from(checksum('CRC32', data), 'base64').readUInt32BE()).toBe(0xcbf43926);
    expect(Buffer.from(checksum('CRC32C', data), 'base64').readUInt32BE()).toBe(0xe3069283);
    expect(checksum('SHA256', data)).toBe('FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=');
  });
});

describe('decodeAwsChunked', () => {
  it('joins the chunks and reads the trailing headers', () => {
    const body = Buffer.from(
      '5;chunk-signature=ab\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n',
    );

    expect(decodeAwsChunked(body)).toEqual({
      payload: Buffer.from('hello world'),
      trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' },
    });
  });

  it('refuses a body that ends inside a chunk', () => {
    expect(() => decodeAwsChunked(Buffer.from('a\r\nshort'))).toThrow('The request body terminated unexpectedly');
  });
});

describe('parseXml', () => {
  it('reads elements, namespaces, entities and CDATA', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<LocationConstraint>eu-west-2</LocationConstraint><Note>a &amp; b<![CDATA[ <c> ]]></Note></CreateBucketConfiguration>',
    );

    expect(root.name).toBe('CreateBucketConfiguration');
    expect(root.children.map((child) => [child.name, child.text])).toEqual([
      ['LocationConstraint', 'eu-west-2'],
      ['Note', 'a & b <c> '],
    ]);
  });

  it('refuses documents that are not well-formed, and DTDs', () => {
    for (const text of ['<a><b></a>', '<a>', '<!DOCTYPE x><a/>', '<a/><b/>']) {
      expect(() => parseXml(text)).toThrow(XmlSyntaxError);
    }
  });
});
