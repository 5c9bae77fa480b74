/**
 * Request bodies: read with a 1 MiB bound (`413 SVC0002` beyond), parsed as JSON
 * (`400 SVC0002` when malformed, too deep or with a reserved key: json-guard.ts), and
 * multipart form data through the platform.
 */
import { parseJsonBody } from './json-guard.ts';
import { invalid, NmsFault } from './request-error.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (): NmsFault =>
  new NmsFault(413, 'SVC0002', [`body over ${MAX_BODY_BYTES} bytes`]);

/** The whole body, refusing more than MAX_BODY_BYTES without reading it all into memory. */
export async function readBoundedBody(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_BODY_BYTES) {
      // not awaited: cancelling one branch of a tee'd body settles only with the other
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The JSON body's value under `rootKey`, which must be an object. */
export function parseJsonRoot(body: Buffer, rootKey: string): Record<string, unknown> {
  return objectField(parseJsonBody(body), rootKey, rootKey);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `container[key]`, which must be a JSON object. */
export function objectField(container: unknown, key: string, what: string) {
  const value = isRecord(container) ? container[key] : undefined;
  if (!isRecord(value)) throw invalid(what);
  return value;
}

export function optionalString(container: Record<string, unknown>, key: string, what: string) {
  const value = container[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(what);
  return value;
}

export function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid(what);
  return value as string[];
}

/** The form data of a multipart body (already bounded). */
export async function parseForm(body: Buffer, contentType: string | null): Promise<FormData> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data'))
    throw invalid('body must be multipart/form-data');
  try {
    return await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType },
    }).formData();
  } catch {
    throw invalid('malformed multipart body');
  }
}
