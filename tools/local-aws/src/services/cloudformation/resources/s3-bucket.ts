import { recorded, ResourceFailure, type ExistingResource, type ResourceProvider } from './provider.js';

/** Where S3 serves a bucket, by the names CloudFormation's attributes give. */
function bucketAttributes(name: string, region: string, partition: string): Record<string, unknown> {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    Arn: `arn:${partition}:s3:::${name}`,
    DomainName: `${name}.s3.${suffix}`,
    RegionalDomainName: `${name}.s3.${region}.${suffix}`,
    DualStackDomainName: `${name}.s3.dualstack.${region}.${suffix}`,
    WebsiteURL: `http://${name}.s3-website-${region}.${suffix}`,
  };
}

/** AWS::S3::Bucket through the emulated S3; the bucket's settings are recorded, as local-aws's S3 has none of them. */
export const s3Bucket: ResourceProvider = {
  type: 'AWS::S3::Bucket',
  properties: {
    BucketName: { recreation: 'Always' },
    ...recorded([
      'AccelerateConfiguration',
      'AccessControl',
      'AnalyticsConfigurations',
      'BucketEncryption',
      'CorsConfiguration',
      'IntelligentTieringConfigurations',
      'InventoryConfigurations',
      'LifecycleConfiguration',
      'LoggingConfiguration',
      'MetricsConfigurations',
      'NotificationConfiguration',
      'ObjectLockConfiguration',
      'OwnershipControls',
      'PublicAccessBlockConfiguration',
      'ReplicationConfiguration',
      'Tags',
      'VersioningConfiguration',
      'WebsiteConfiguration',
    ]),
    ...recorded(['ObjectLockEnabled'], 'Always'),
  },
  attributes: ['Arn', 'DomainName', 'RegionalDomainName', 'DualStackDomainName', 'WebsiteURL'],
  nameProperty: 'BucketName',

  async create(properties, context) {
    const name =
      (properties.BucketName as string | undefined) ?? context.generatedName({ maxLength: 63, lowercase: true });
    await context.call(
      's3',
      'CreateBucket',
      context.region === 'us-east-1'
        ? { Bucket: name }
        : { Bucket: name, CreateBucketConfiguration: { LocationConstraint: context.region } },
      name,
    );
    return { physicalId: name, attributes: bucketAttributes(name, context.region, context.partition) };
  },

  async update(_properties, previous) {
    return { physicalId: previous.physicalId, attributes: previous.attributes };
  },

  async delete(previous: ExistingResource, context) {
    try {
      await context.call('s3', 'DeleteBucket', { Bucket: previous.physicalId }, previous.physicalId);
    } catch (error) {
      if (!(error instanceof ResourceFailure && error.code === 'NoSuchBucket')) throw error;
    }
  },
};
