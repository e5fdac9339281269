import { Agent, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** One in-memory DynamoDB (a dynalite server on a loopback port) holding the tables of one account and region. */
interface TableNamespace {
  server: Server;
  agent: Agent;
  port: number;
}

export interface DynaliteResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function startNamespace(): Promise<TableNamespace> {
  // Tables turn ACTIVE right after CreateTable answers, so callers need no waiting loop.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, agent: new Agent({ keepAlive: true }), port: (server.address() as AddressInfo).port };
}

async function stopNamespace({ server, agent }: TableNamespace): Promise<void> {
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Separate table namespaces per account and region, created on first use, as AWS keeps them. */
export class TableNamespaces {
  private readonly namespaces = new Map<string, Promise<TableNamespace>>();

  /** Sends a DynamoDB JSON request to the namespace of an account and region. */
  async send(
    account: string,
    region: string,
    headers: Record<string, string>,
    body: string | Buffer,
  ): Promise<DynaliteResponse> {
    const namespace = await this.namespace(account, region);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: namespace.port,
          method: 'POST',
          path: '/',
          agent: namespace.agent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 500, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** The accounts and regions whose namespace has been started, tables or not. */
  scopes(): { account: string; region: string }[] {
    return [...this.namespaces.keys()].map((key) => {
      const [account = '', region = ''] = key.split('/');
      return { account, region };
    });
  }

  /** Drops every table of every account and region. */
  async clear(): Promise<void> {
    const namespaces = [...this.namespaces.values()];
    this.namespaces.clear();
    await Promise.all(namespaces.map((namespace) => namespace.then(stopNamespace, () => undefined)));
  }

  private namespace(account: string, region: string): Promise<TableNamespace> {
    const key = `${account}/${region}`;
    let namespace = this.namespaces.get(key);
    if (!namespace) {
      namespace = startNamespace();
      this.namespaces.set(key, namespace);
      namespace.catch(() => this.namespaces.delete(key));
    }
    return namespace;
  }
}
