/**
 * Helpers for the tests and benchmarks of the steps: credentials that act in a given account (obtained the way a
 * pipeline does, through STS AssumeRole against local-aws) and the environment to run an executable with.
 */
export interface AccountCredentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

function tag(xml: string, name: string): string {
  const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  if (value === undefined) throw new Error(`local-aws AssumeRole answer has no <${name}>: ${xml.slice(0, 300)}`);
  return value;
}

/**
 * Credentials acting in `account`: STS AssumeRole of `arn:aws:iam::<account>:role/<roleName>` with the base
 * credentials (which act in the Shared account). Signed loosely: local-aws reads the credential scope only.
 */
export async function credentialsFor(
  url: string,
  account: string,
  { roleName = 'codebuild-connect', region = 'us-east-1' }: { roleName?: string; region?: string } = {},
): Promise<AccountCredentials> {
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: `arn:aws:iam::${account}:role/${roleName}`,
    RoleSessionName: 'edd-test',
  });
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=test/${date}/${region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  const xml = await response.text();
  if (!response.ok)
    throw new Error(`local-aws AssumeRole into ${account} failed: HTTP ${response.status} ${xml.slice(0, 300)}`);
  return {
    AWS_ACCESS_KEY_ID: tag(xml, 'AccessKeyId'),
    AWS_SECRET_ACCESS_KEY: tag(xml, 'SecretAccessKey'),
    AWS_SESSION_TOKEN: tag(xml, 'SessionToken'),
  };
}

/** Environment for running a step executable against local-aws, acting in `account` when given. */
export async function stepEnvironment(
  url: string,
  options: { account?: string; region?: string; extra?: Record<string, string> } = {},
): Promise<Record<string, string>> {
  const region = options.region ?? 'us-east-1';
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A developer's own AWS settings must never leak into a test run.
    if (v !== undefined && !k.startsWith('AWS_')) base[k] = v;
  }
  const credentials = options.account
    ? await credentialsFor(url, options.account, { region })
    : { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  return {
    ...base,
    ...credentials,
    AWS_ENDPOINT_URL: url,
    AWS_REGION: region,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.extra,
  };
}

/** Settings for an SDK client acting in `account` against local-aws (spread into `new XClient(...)`). */
export async function clientConfig(
  url: string,
  account: string,
  { region = 'us-east-1', maxAttempts = 10 }: { region?: string; maxAttempts?: number } = {},
): Promise<{
  endpoint: string;
  region: string;
  maxAttempts: number;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
}> {
  const c = await credentialsFor(url, account, { region });
  return {
    endpoint: url,
    region,
    maxAttempts,
    credentials: {
      accessKeyId: c.AWS_ACCESS_KEY_ID,
      secretAccessKey: c.AWS_SECRET_ACCESS_KEY,
      sessionToken: c.AWS_SESSION_TOKEN,
    },
  };
}

/** A short tone as a WAV file (Connect prompts need real audio); `seed` changes the pitch, so the bytes differ. */
export function toneWav(seed: number, samples = 800): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((i * (seed + 1)) / 10) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
