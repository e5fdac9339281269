import type { ServiceModel, StructureShape } from '../src/models/model.js';
import { toJson } from '../src/protocols/json-rpc.js';

// A restJson1 client driven by the model alone, for calling operations no SDK in the repository has a command for
// (and every operation in a walk of the model): inputs as the emulator handles them (model names, Dates, bytes).

export interface ModelCallResult {
  status: number;
  /** `x-amzn-ErrorType` of an error answer, without the namespace. */
  errorType?: string;
  /** The JSON body, when the response has one. */
  body?: unknown;
  text: string;
}

function timestampText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export async function callModel(
  url: string,
  model: ServiceModel,
  operation: string,
  input: Record<string, unknown>,
  { region = 'us-east-1', accessKeyId = 'test' }: { region?: string; accessKeyId?: string } = {},
): Promise<ModelCallResult> {
  const op = model.operation(operation);
  if (!op) throw new Error(`no operation ${operation}`);
  const shape: StructureShape | undefined = op.input ? model.structure(op.input.shape) : undefined;
  const [pathTemplate = '', literalQuery] = op.http.requestUri.split('?');
  const query = new URLSearchParams(literalQuery ?? '');
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  let payload: string | Buffer | undefined;
  let path = pathTemplate;
  for (const [member, ref] of Object.entries(shape?.members ?? {})) {
    const value = input[member];
    if (value === undefined || value === null) continue;
    const wireName = ref.locationName ?? member;
    const memberShape = model.shape(ref.shape);
    if (ref.location === 'uri') {
      const text = String(value);
      path = path
        .replace(`{${wireName}+}`, text.split('/').map(encodeURIComponent).join('/'))
        .replace(`{${wireName}}`, encodeURIComponent(text));
    } else if (ref.location === 'querystring') {
      if (memberShape.type === 'list')
        for (const item of value as unknown[]) query.append(wireName, timestampText(item));
      else if (memberShape.type === 'map') {
        for (const [key, item] of Object.entries(value as Record<string, string>)) query.append(key, item);
      } else query.append(wireName, timestampText(value));
    } else if (ref.location === 'header') {
      headers[wireName] = memberShape.type === 'timestamp' ? (value as Date).toUTCString() : String(value);
    } else if (ref.location === 'headers') {
      for (const [key, item] of Object.entries(value as Record<string, string>)) headers[`${wireName}${key}`] = item;
    } else if (shape?.payload === member) {
      payload =
        memberShape.type === 'blob'
          ? Buffer.from(value as Uint8Array)
          : memberShape.type === 'string'
            ? String(value)
            : JSON.stringify(toJson(model, ref, value));
    } else {
      body[wireName] = toJson(model, ref, value);
    }
  }
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const search = query.toString();
  const response = await fetch(`${url}${path}${search ? `?${search}` : ''}`, {
    method: op.http.method,
    headers: {
      'content-type': 'application/json',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${date}/${region}/${model.signingName}/aws4_request, SignedHeaders=host, Signature=0`,
      ...headers,
    },
    body: ['GET', 'HEAD'].includes(op.http.method) ? undefined : (payload ?? JSON.stringify(body)),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const errorType = response.headers.get('x-amzn-errortype')?.split(':')[0];
  return { status: response.status, errorType, body: parsed, text };
}
