import { createHash, createHmac, randomBytes } from 'node:crypto';

/** An object as S3 keeps it: its bytes and what was sent along with them. */
export interface StoredObject {
  body: Buffer;
  /** The quoted MD5 of the body, as S3 reports single-part uploads. */
  etag: string;
  lastModified: Date;
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  metadata: Record<string, string>;
  /** Checksums the uploader sent and S3 verified, by algorithm (`CRC32`: base64). */
  checksums: Record<string, string>;
}

export interface Bucket {
  name: string;
  /** The owning account, or the service principal for buckets a service keeps for itself. */
  owner: string;
  region: string;
  creationDate: Date;
  objects: Map<string, StoredObject>;
}

export interface PresignRequest {
  /** `http://<host>:<port>` of the emulator, as the caller reached it. */
  origin: string;
  method: 'GET' | 'PUT';
  location: ServiceObjectLocation;
  expiresSeconds: number;
}

/**
 * What the store keeps across runs: the buckets with their objects (services' own buckets too), and the key that
 * signs services' presigned URLs, so that a URL handed out before a restart still holds after it.
 */
export interface ObjectStoreState {
  buckets: Bucket[];
  serviceKeys: Map<string, string>;
  signingSecret: Buffer;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20250102T030405Z` as a Date, or undefined when it is not in SigV4's basic ISO 8601 format. */
export function parseAmzDate(text: string): Date | undefined {
  const match = AMZ_DATE.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** S3's canonical user id: 64 hex characters, stable per account. */
export function canonicalUserId(account: string): string {
  return createHash('sha256').update(`canonical-user:${account}`).digest('hex');
}

/** Every rule S3 puts on the names of general purpose buckets; the first one a name breaks, if any. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'uses a reserved prefix';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'uses a reserved suffix';
  return undefined;
}

/** Where a service keeps an object for itself. */
export interface ServiceObjectLocation {
  bucket: string;
  key: string;
}

/**
 * The buckets and objects of every account. Bucket names are global, as in S3: a bucket belongs to the account
 * that created it, in the region it was created in. Services that hand out presigned URLs (Lex V2's exports and
 * imports) keep buckets of their own here, owned by their service principal and reachable only through URLs they
 * signed; their names are reserved for good, so no account can take them.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly serviceBuckets = new Map<string, { owner: string; region: string }>();
  /** Access key ids of the services that sign URLs for their own buckets, with the principal each acts as. */
  private readonly serviceKeys = new Map<string, string>();
  private signingSecret = randomBytes(32);

  bucket(name: string): Bucket | undefined {
    const existing = this.buckets.get(name);
    if (existing) return existing;
    const reserved = this.serviceBuckets.get(name);
    return reserved ? this.createBucket(name, reserved.owner, reserved.region) : undefined;
  }

  createBucket(name: string, owner: string, region: string): Bucket {
    const bucket: Bucket = { name, owner, region, creationDate: new Date(), objects: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
  }

  /**
   * An object's bytes, if the bucket exists in that region, belongs to that account and holds the key: what a
   * service acting for the account (Connect's CreatePrompt on an `s3://` URI) is allowed to read.
   */
  readObject(account: string, region: string, bucket: string, key: string): Buffer | undefined {
    const found = this.buckets.get(bucket);
    if (!found || found.owner !== account || found.region !== region) return undefined;
    return found.objects.get(key)?.body;
  }

  /** Keeps a bucket name for a service, in one region; the bucket itself appears on first use. */
  reserveServiceBucket(service: string, name: string, region: string): void {
    this.serviceBuckets.set(name, { owner: service, region });
  }

  /** Stores bytes in a service's own bucket. */
  putServiceObject(service: string, location: ServiceObjectLocation, body: Buffer): void {
    this.serviceBucket(service, location.bucket).objects.set(location.key, {
      body,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: new Date(),
      contentType: 'application/zip',
      metadata: {},
      checksums: {},
    });
  }

  /** The bytes under a key of a service's own bucket. */
  serviceObject(service: string, location: ServiceObjectLocation): Buffer | undefined {
    return this.serviceBucket(service, location.bucket).objects.get(location.key)?.body;
  }

  deleteServiceObject(service: string, location: ServiceObjectLocation): void {
    this.serviceBucket(service, location.bucket).objects.delete(location.key);
  }

  /**
   * A presigned URL to an object of a service's own bucket, in SigV4 query form. Its signature is checked (unlike
   * customers' signatures, which local-aws never verifies), so that nobody can extend its life by editing it.
   */
  presignServiceUrl(service: string, { origin, method, location, expiresSeconds }: PresignRequest): string {
    const { region } = this.serviceBucket(service, location.bucket);
    const accessKeyId = this.serviceKey(service);
    const date = amzDate(new Date());
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${accessKeyId}/${date.slice(0, 8)}/${region}/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': String(expiresSeconds),
      'X-Amz-SignedHeaders': 'host',
    });
    const path = `/${location.bucket}/${location.key.split('/').map(encodeURIComponent).join('/')}`;
    query.set('X-Amz-Signature', this.signature(method, path, query));
    return `${origin}${path}?${query.toString()}`;
  }

  /** The service whose key signed a presigned request, and whether the signature holds; undefined for customers. */
  presignedBy(method: string, path: string, query: URLSearchParams): { service: string; valid: boolean } | undefined {
    const accessKeyId = query.get('X-Amz-Credential')?.split('/')[0] ?? '';
    const service = this.serviceKeys.get(accessKeyId);
    if (!service) return undefined;
    const signed = new URLSearchParams(query);
    signed.delete('X-Amz-Signature');
    return { service, valid: this.signature(method, path, signed) === query.get('X-Amz-Signature') };
  }

  /** Forgets every bucket and object; reserved names and service keys stay. */
  clear(): void {
    this.buckets.clear();
  }

  snapshot(): ObjectStoreState {
    return { buckets: [...this.buckets.values()], serviceKeys: this.serviceKeys, signingSecret: this.signingSecret };
  }

  restore({ buckets, serviceKeys, signingSecret }: ObjectStoreState): void {
    this.buckets.clear();
    for (const bucket of buckets) this.buckets.set(bucket.name, bucket);
    this.serviceKeys.clear();
    for (const [key, service] of serviceKeys) this.serviceKeys.set(key, service);
    this.signingSecret = Buffer.from(signingSecret);
  }

  private serviceBucket(service: string, name: string): Bucket {
    const bucket = this.bucket(name);
    if (!bucket || bucket.owner !== service) throw new Error(`${name} is not a bucket reserved for ${service}`);
    return bucket;
  }

  private serviceKey(service: string): string {
    for (const [key, owner] of this.serviceKeys) if (owner === service) return key;
    const key = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    this.serviceKeys.set(key, service);
    return key;
  }

  private signature(method: string, path: string, query: URLSearchParams): string {
    const canonicalQuery = [...query.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    return createHmac('sha256', this.signingSecret).update(`${method}\n${path}\n${canonicalQuery}`).digest('hex');
  }
}
