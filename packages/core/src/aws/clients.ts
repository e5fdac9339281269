import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';

/** Operations that only read. Everything else counts as a write for the dry-run and account-guard policy. */
const READ_OPERATION = /^(Describe|List|Get|Search|Scan|Query|BatchGet|Head|Select)/;
const CREDENTIAL_SERVICES = new Set(['STSClient', 'SSOClient', 'SSOOIDCClient']);

export function isReadOperation(commandName: string): boolean {
  return READ_OPERATION.test(commandName.replace(/Command$/, ''));
}

/** What a client may do: in a dry run nothing may write; otherwise only after the account guard passed. */
export interface WritePolicy {
  dryRun: boolean;
  /** True once the credentials were checked to act in the target account. */
  accountVerified(): boolean;
}

export interface AwsClientSettings {
  region: string;
  /** `edd-<step>`: AWS sees it in the user agent (CloudTrail `userAgent`). */
  step: string;
  version: string;
  /** Explicit attempts per call (SDK default is 3, too few against Connect's 2 requests/s quotas). */
  maxAttempts?: number;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  writePolicy?: WritePolicy;
  /**
   * `adaptive` (the default): the SDK's retries plus client-side rate limiting after throttling. `paced`: for
   * clients that pace themselves per API (Connect, Lex), where a rare throttle only means a request arrived a few
   * milliseconds early: adaptive's limiter is per client (one throttled API would slow every other) and the SDK's
   * throttling back-off starts at half a second, so these retry after a short full-jitter delay instead.
   */
  retry?: 'adaptive' | 'paced';
}

/** Full jitter over 50 ms doubling per attempt, capped at 2 s. */
export function pacedRetryDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(2000, 50 * 2 ** Math.max(0, attempt - 1)));
}

interface SmithyClient {
  middlewareStack: { use(plugin: Pluggable<object, object>): void };
  destroy(): void;
}

export type ClientConstructor<C> = new (config: Record<string, unknown>) => C;

export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * The one way steps create AWS SDK clients: region, explicit attempts, adaptive retry (client-side rate limiting
 * when AWS throttles), a user agent naming the step, and the write policy. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` variables. One client per service, shared by all callers.
 */
export class AwsClients {
  private readonly cache = new Map<unknown, SmithyClient>();

  constructor(readonly settings: AwsClientSettings) {}

  get<C>(Client: ClientConstructor<C>): C {
    let client = this.cache.get(Client);
    if (!client) {
      const fromEnv = Number(process.env.AWS_MAX_ATTEMPTS);
      const maxAttempts =
        this.settings.maxAttempts ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_MAX_ATTEMPTS);
      client = new Client({
        region: this.settings.region,
        maxAttempts,
        ...(this.settings.retry === 'paced'
          ? { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (attempt: number) => pacedRetryDelay(attempt)) }
          : { retryMode: 'adaptive' }),
        customUserAgent: [[`edd-${this.settings.step}`, this.settings.version]],
        ...(this.settings.credentials ? { credentials: this.settings.credentials } : {}),
      }) as unknown as SmithyClient;
      client.middlewareStack.use(operationNamePlugin);
      if (this.settings.writePolicy) client.middlewareStack.use(writePolicyPlugin(this.settings.writePolicy));
      this.cache.set(Client, client);
    }
    return client as unknown as C;
  }

  /** A separate set of clients with the same region, credentials and write policy, and some settings changed. */
  derive(changes: Partial<Pick<AwsClientSettings, 'retry' | 'maxAttempts'>>): AwsClients {
    return new AwsClients({ ...this.settings, ...changes });
  }

  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
  }
}

/**
 * Records on every error the operation the client was sending (`$operation`: `CreatePrompt`), from the name the SDK
 * gives the handler context: error messages then name the operation even where the caller has no name for it, and
 * never a minified class name.
 */
const operationNamePlugin: Pluggable<object, object> = {
  applyToStack(stack) {
    stack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          const { commandName } = context as { commandName?: string };
          if (commandName && typeof error === 'object' && error !== null && !('$operation' in error)) {
            Object.defineProperty(error, '$operation', {
              value: commandName.replace(/Command$/, ''),
              configurable: true,
            });
          }
          throw error;
        }
      },
      { step: 'initialize', name: 'eddOperationName', priority: 'high' },
    );
  },
};

function writePolicyPlugin(policy: WritePolicy): Pluggable<object, object> {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const { commandName = '', clientName = '' } = context as { commandName?: string; clientName?: string };
          if (!CREDENTIAL_SERVICES.has(clientName) && !isReadOperation(commandName)) {
            const operation = commandName.replace(/Command$/, '');
            if (policy.dryRun) {
              // A plan that reaches a write is a bug in the step, never something to let through.
              throw new Error(`dry run attempted the write ${clientName.replace(/Client$/, '')}:${operation}`);
            }
            if (!policy.accountVerified()) {
              throw new Error(
                `refusing ${operation}: the credentials were not checked against the target account before the first write`,
              );
            }
          }
          return next(args);
        },
        { step: 'initialize', name: 'eddWritePolicy', priority: 'high' },
      );
    },
  };
}
