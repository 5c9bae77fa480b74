/**
 * HTTPS with the profile's TLS settings (a CA of its own, verification off for a test store,
 * another SNI name): the platform's fetch cannot take them, so requests to an origin that has
 * settings go through node:https and come back as a fetch Response.
 *
 * The settings are kept per origin (`https://host:port`), registered once by the composition
 * root (targets/nms-store-target.ts) for the store under test, so that every NMS client of the run
 * (devices, store actor, checks) honours them without each being told.
 */
import { Agent, request } from 'node:https';
import { nodeTlsOptions, type TlsSettings } from '../../tls.ts';

const byOrigin = new Map<string, { settings: TlsSettings; agent: Agent }>();

/** From now on, requests to this origin use these TLS settings (undefined forgets them). */
export function setOriginTls(origin: string, settings: TlsSettings | undefined): void {
  const key = new URL(origin).origin;
  byOrigin.get(key)?.agent.destroy();
  if (!settings) byOrigin.delete(key);
  else
    byOrigin.set(key, {
      settings,
      agent: new Agent({ keepAlive: false, ...nodeTlsOptions(settings) }),
    });
}

/** The TLS settings registered for the origin of a URL, if any. */
export function originTls(url: string): TlsSettings | undefined {
  return byOrigin.get(new URL(url).origin)?.settings;
}

/** fetch(), through node:https when the URL's origin has TLS settings. */
export async function fetchWithTls(url: string, init: RequestInit): Promise<Response> {
  const entry = url.startsWith('https:') ? byOrigin.get(new URL(url).origin) : undefined;
  if (!entry) return fetch(url, init);
  // Let the platform serialise the body (FormData, strings) and set its Content-Type.
  const prepared = new Request(url, init);
  const body = init.body === undefined ? undefined : Buffer.from(await prepared.arrayBuffer());
  const headers: Record<string, string> = {};
  prepared.headers.forEach((value, name) => (headers[name] = value));
  if (body) headers['content-length'] = String(body.length);
  return new Promise<Response>((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        agent: entry.agent,
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) answerHeaders.append(name, v);
          }
          const noBody = status === 204 || status === 205 || status === 304;
          resolve(
            new Response(noBody ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: answerHeaders,
            }),
          );
        });
      },
    );
    req.on('error', (error) => {
      // fetch's shape: TypeError('fetch failed', { cause }), so describeFailure reads the code.
      reject(error.name === 'AbortError' ? error : new TypeError('fetch failed', { cause: error }));
    });
    req.end(body);
  });
}
