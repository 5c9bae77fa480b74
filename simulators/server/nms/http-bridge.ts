/**
 * The bridge from `node:http` to the msw handlers: each IncomingMessage becomes a Fetch
 * `Request` at the front end's origin (body cut just past the 1 MiB bound, which the
 * handlers refuse with 413), msw's `getResponse` answers it, and the exchange is recorded.
 * What fetch or msw cannot take (TRACE, malformed percent-encoding) is refused first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getResponse, type RequestHandler } from 'msw';
import {
  bodyForRecord,
  redactHeaders,
  type HttpExchange,
} from '../../../src/bindings/nms/http-exchange.ts';
import { MAX_BODY_BYTES } from '../../../src/bindings/nms/server/request-body.ts';
import {
  faultResponse,
  invalid,
  NmsFault,
} from '../../../src/bindings/nms/server/request-error.ts';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'expect',
  'host',
]);

function readCapped(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    req.on('data', (chunk: Buffer) => {
      if (kept > MAX_BODY_BYTES) return;
      chunks.push(chunk);
      kept += chunk.length;
    });
    req.on('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1)));
    req.on('error', reject);
  });
}

function toRequest(req: IncomingMessage, origin: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct))
    if (!HOP_BY_HOP.has(name)) for (const value of values ?? []) headers.append(name, value);
  const method = req.method ?? 'GET';
  const bodyless = method === 'GET' || method === 'HEAD';
  return new Request(origin + (req.url ?? '/'), {
    method,
    headers,
    ...(bodyless ? {} : { body: new Uint8Array(body) }),
  });
}

/** Methods a Fetch `Request` cannot carry (CONNECT never reaches a request listener). */
const UNSUPPORTED_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT']);

/**
 * What is refused before routing, as the client's error: a method fetch cannot carry
 * (`405`), a target that is no URL at the origin or a path with malformed
 * percent-encoding, which msw's path matching cannot decode (`400 SVC0002`).
 */
function refusedBeforeRouting(req: IncomingMessage, origin: string): Response | undefined {
  const path = req.url ?? '/';
  if (UNSUPPORTED_METHODS.has((req.method ?? 'GET').toUpperCase()))
    return faultResponse(
      new NmsFault(405, 'SVC0002', ['method'], { allow: 'GET, POST, PUT, DELETE' }),
      path,
    );
  try {
    decodeURIComponent(new URL(origin + path).pathname);
  } catch {
    return faultResponse(invalid('request target: not a path or malformed percent-encoding'), path);
  }
  return undefined;
}

const fallback = (status: number, text: string) =>
  new Response(
    JSON.stringify({
      requestError: { serviceException: { messageId: 'SVC0001', text, variables: [] } },
    }),
    {
      status,
      headers: { 'content-type': 'application/json' },
    },
  );

export function httpBridge(
  handlers: RequestHandler[],
  origin: string,
  onExchange?: (exchange: HttpExchange) => void,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    let body: Buffer = Buffer.alloc(0);
    let response: Response;
    try {
      body = await readCapped(req);
      response =
        refusedBeforeRouting(req, origin) ??
        (await getResponse(handlers, toRequest(req, origin, body))) ??
        fallback(404, 'no such resource');
    } catch (error) {
      response = fallback(500, error instanceof Error ? error.message : String(error));
    }
    const answer = Buffer.from(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    headers['content-length'] = String(answer.length);
    res.writeHead(response.status, headers);
    res.end(answer);
    if (!onExchange) return;
    try {
      const box = /^\/nms\/v1\/[^/]+\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const exchange: HttpExchange = {
        at: started,
        label: box ?? 'nms',
        method: req.method ?? 'GET',
        url: origin + (req.url ?? '/'),
        requestHeaders: redactHeaders(req.headers as Record<string, string>),
        status: response.status,
        responseHeaders: redactHeaders(headers),
        durationMs: Date.now() - started,
      };
      const requestBody = bodyForRecord(body, req.headers['content-type']);
      if (requestBody !== undefined) exchange.requestBody = requestBody;
      const responseBody = bodyForRecord(answer, headers['content-type']);
      if (responseBody !== undefined) exchange.responseBody = responseBody;
      onExchange(exchange);
    } catch (error) {
      console.error('nms: exchange not recorded:', error);
    }
  };
}
