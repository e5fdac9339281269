import type { CallFilter } from './call-log.js';
import type { Emulator } from './emulator.js';
import { LocalAwsConfigError } from './errors.js';
import type { HttpResponse, ServiceRequest } from './protocols/protocol.js';

// The admin API under /_local/: call log, fault rules, reset, health, and routes each service adds for itself
// (`/_local/sts/deny`). It speaks plain JSON and needs no credentials.

function json(status: number, document: unknown): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: `${JSON.stringify(document, null, 2)}\n`,
  };
}

function readJsonBody(request: ServiceRequest): unknown {
  const text = request.body.toString('utf8');
  try {
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw new LocalAwsConfigError('request body', ['is not valid JSON']);
  }
}

/** Reads `?service=&operation=&account=&write=&since=`. */
function parseCallFilter(query: URLSearchParams): CallFilter {
  const filter: CallFilter = {};
  const problems: string[] = [];
  for (const key of query.keys()) {
    if (!['service', 'operation', 'account', 'write', 'since'].includes(key)) problems.push(`unknown filter '${key}'`);
  }
  for (const key of ['service', 'operation', 'account'] as const) {
    const value = query.get(key);
    if (value !== null) filter[key] = value;
  }
  const write = query.get('write');
  if (write !== null) {
    if (write === 'true' || write === 'false') filter.write = write === 'true';
    else problems.push(`write must be true or false (got '${write}')`);
  }
  const since = query.get('since');
  if (since !== null) {
    if (/^\d+$/.test(since)) filter.since = Number(since);
    else problems.push(`since must be a sequence number (got '${since}')`);
  }
  if (problems.length > 0) throw new LocalAwsConfigError('call filter', problems);
  return filter;
}

async function answer(emulator: Emulator, request: ServiceRequest): Promise<HttpResponse> {
  const route = `${request.method} ${request.path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_local/health':
      return json(200, { status: 'ok', services: emulator.registry.names, seed: emulator.faults.seed });
    case 'GET /_local/calls':
      return json(200, emulator.calls.list(parseCallFilter(request.query)));
    case 'DELETE /_local/calls':
      emulator.calls.clear();
      return json(200, { cleared: true });
    case 'POST /_local/reset':
      await emulator.reset();
      return json(200, { reset: true });
    case 'GET /_local/faults':
      return json(200, emulator.faults.rules);
    case 'POST /_local/faults':
      return json(200, emulator.setFaults(readJsonBody(request)));
    case 'GET /_local/quotas':
      return json(200, emulator.quotas.settings());
    case 'POST /_local/quotas':
      return json(200, emulator.quotas.update(readJsonBody(request)));
    case 'GET /_local/container-credentials':
      // What CodeBuild's container credentials endpoint hands a build: the project role's credentials, which act in
      // the Shared account. Point AWS_CONTAINER_CREDENTIALS_FULL_URI here to rehearse `credential_source =
      // EcsContainer` profiles locally.
      return json(200, {
        AccessKeyId: 'container-base',
        SecretAccessKey: 'container-base-secret',
        Token: 'container-base-token',
        Expiration: new Date(Date.now() + 3600_000).toISOString(),
      });
    default:
      break;
  }
  const [, serviceName = '', ...rest] = request.path.slice(1).split('/');
  const service = emulator.registry.forSigningName(serviceName);
  const path = rest.join('/').replace(/\/+$/, '');
  const fileRoute = service?.implementation.fileRoutes?.find(
    (candidate) => candidate.method === request.method && path.startsWith(`${candidate.prefix}/`),
  );
  if (fileRoute) return fileRoute.serve(request, path.slice(fileRoute.prefix.length + 1));
  const serviceRoute = service?.implementation.adminRoutes?.find(
    (candidate) => candidate.method === request.method && candidate.path === path,
  );
  if (!serviceRoute) return json(404, { message: `no admin endpoint ${request.method} ${request.path}` });
  const answered = json(200, await serviceRoute.handle(readJsonBody(request)));
  // Seeding a phone number or a function, or denying a role, changes state; a GET never does.
  if (serviceRoute.method !== 'GET') emulator.stateChanged();
  return answered;
}

export async function handleAdminRequest(emulator: Emulator, request: ServiceRequest): Promise<HttpResponse> {
  try {
    return await answer(emulator, request);
  } catch (error) {
    if (error instanceof LocalAwsConfigError) return json(400, { message: error.message, problems: error.problems });
    throw error;
  }
}
