/**
 * JSON or XML at the edge of the front end (NMS: a server accepts both). An XML request
 * body is turned into the JSON bytes the handlers parse; a JSON answer is turned into XML
 * when the client prefers it. Handlers only ever see and produce JSON.
 */
import { HttpResponse } from 'msw';
import {
  fromXml,
  isXmlMediaType,
  toXml,
  XmlRefusedError,
  XmlSyntaxError,
  type Json,
} from '../xml.ts';
import { invalid, NmsFault } from './request-error.ts';

export type BodyFormat = 'json' | 'xml';

/** The quality the Accept header gives the first of `types` it names (0 when none). */
function quality(accept: string, types: string[]): number | undefined {
  let best: number | undefined;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    if (!types.includes(type)) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    best = Math.max(best ?? 0, Number.isFinite(value) ? value : 0);
  }
  return best;
}

/**
 * XML when Accept ranks application/xml (or text/xml) above JSON, or when the request
 * body was XML and Accept does not ask for JSON; JSON otherwise.
 */
export function answerFormat(request: Request, bodyFormat: BodyFormat): BodyFormat {
  const accept = request.headers.get('accept') ?? '';
  const xml = quality(accept, ['application/xml', 'text/xml']) ?? 0;
  const json = quality(accept, ['application/json']);
  if (xml > (json ?? 0)) return 'xml';
  if (bodyFormat === 'xml' && !(json && json > 0)) return 'xml';
  return 'json';
}

export function bodyFormatOf(request: Request, body: Buffer): BodyFormat {
  return body.length > 0 && isXmlMediaType(request.headers.get('content-type')) ? 'xml' : 'json';
}

/**
 * The body as JSON bytes: XML is mapped (`400 SVC0002` when malformed, or refused by
 * xml-guard.ts: a DOCTYPE, a `__proto__` element, too deep); with `jsonOnly`
 * (the nms-json-only mutant) an XML body is refused with `415`.
 */
export function jsonBody(body: Buffer, format: BodyFormat, jsonOnly: boolean): Buffer {
  if (format === 'json') return body;
  if (jsonOnly) throw new NmsFault(415, 'SVC0002', ['XML bodies are not supported']);
  try {
    return Buffer.from(JSON.stringify(fromXml(body.toString('utf8'))));
  } catch (error) {
    if (error instanceof XmlRefusedError) throw invalid(`XML body refused: ${error.message}`);
    if (error instanceof XmlSyntaxError) throw invalid('malformed XML body');
    throw error;
  }
}

/** A JSON answer re-encoded as XML (other answers — no body, payload bytes — as they are). */
export async function inFormat(response: Response, format: BodyFormat): Promise<Response> {
  if (format === 'json') return response;
  if (!(response.headers.get('content-type') ?? '').includes('json')) return response;
  const json = (await response.json()) as Json;
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/xml; charset=utf-8');
  headers.delete('content-length');
  return new HttpResponse(toXml(json), { status: response.status, headers });
}
