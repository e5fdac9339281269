import { createHash, randomBytes, randomInt } from 'node:crypto';

/** The account the pipelines run in; every caller not holding credentials issued by local-aws acts here. */
export const SHARED_ACCOUNT_ID = '318484875904';

/** The role CodeBuild's own credentials belong to in the Shared account. */
export const BASE_ROLE_ARN = `arn:aws:iam::${SHARED_ACCOUNT_ID}:role/codebuild-shared-service-role`;
const BASE_SESSION_NAME = 'local';

export interface RoleArn {
  partition: string;
  account: string;
  /** The role's name, without its path. */
  name: string;
}

/** Who a request acts as. Every principal here is a role session, as CodeBuild's credentials are. */
export interface Principal {
  account: string;
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` */
  arn: string;
  /** `<role id>:<session name>`, as GetCallerIdentity reports it. */
  userId: string;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

// A path is `/` or `/segments/`; the session ARN leaves it out.
const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/(?:[\x21-\x7E]+\/)?([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): RoleArn | undefined {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', account = '', name = ''] = match;
  return { partition, account, name };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array, length: number): string {
  return Array.from(bytes.subarray(0, length), (byte) => BASE32[byte % 32]).join('');
}

/** IAM's unique id of a role (`AROA` + 17 characters), stable for the same ARN like the real one. */
export function roleId(roleArn: string): string {
  return `AROA${base32(createHash('sha256').update(roleArn).digest(), 17)}`;
}

export function roleSession(roleArn: string, sessionName: string): Principal {
  const role = parseRoleArn(roleArn);
  if (!role) throw new Error(`not a role ARN: ${roleArn}`);
  return {
    account: role.account,
    arn: `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/${sessionName}`,
    userId: `${roleId(roleArn)}:${sessionName}`,
  };
}

export const BASE_PRINCIPAL: Principal = roleSession(BASE_ROLE_ARN, BASE_SESSION_NAME);

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomText(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** An issued session as a state file keeps it: the secret and the token are never checked, so they are not kept. */
export interface SessionState {
  accessKeyId: string;
  principal: Principal;
  /** Epoch milliseconds. */
  expires: number;
}

/** Issued sessions kept at most; the oldest go first (a soak test assuming roles in a loop stays bounded). */
const MAX_SESSIONS = 100_000;

/** The credentials local-aws has issued, and whom each access key acts as. */
export class IdentityStore {
  private readonly sessions = new Map<string, { principal: Principal; expires: number }>();

  constructor(
    /** Told after each issue: the call log counts AssumeRole as a read, yet the session it makes is state. */
    private readonly issued: () => void,
  ) {}

  /** The principal an access key belongs to: the base principal for any key local-aws did not issue. */
  resolve(accessKeyId: string): Principal {
    return this.sessions.get(accessKeyId)?.principal ?? BASE_PRINCIPAL;
  }

  issue(principal: Principal, durationSeconds: number): IssuedCredentials {
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIA${randomText(BASE32, 16)}`,
      secretAccessKey: randomText(SECRET_ALPHABET, 40),
      sessionToken: randomBytes(420).toString('base64'),
      expiration: new Date(Date.now() + durationSeconds * 1000),
    };
    this.forgetExpired();
    this.sessions.set(credentials.accessKeyId, { principal, expires: credentials.expiration.getTime() });
    this.issued();
    return credentials;
  }

  clear(): void {
    this.sessions.clear();
  }

  snapshot(): SessionState[] {
    return [...this.sessions].map(([accessKeyId, { principal, expires }]) => ({ accessKeyId, principal, expires }));
  }

  restore(sessions: readonly SessionState[]): void {
    this.sessions.clear();
    for (const { accessKeyId, principal, expires } of sessions) {
      this.sessions.set(accessKeyId, { principal, expires });
    }
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [key, session] of this.sessions) {
      // Insertion order is issue order, so the first live session ends the sweep unless the store is full.
      if (session.expires > now && this.sessions.size < MAX_SESSIONS) break;
      this.sessions.delete(key);
    }
  }
}
