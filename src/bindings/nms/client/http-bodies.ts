/**
 * Bodies of the NMS client: what a request sends (JSON, XML mapped from the JSON
 * structure, a form, or raw) with its readable record, and what an answer holds (JSON, or
 * XML mapped back to the JSON structure).
 */
import { fromXml, isXmlMediaType, toXml } from '../xml.ts';
import type { NmsResponse, RequestOptions } from './http.ts';

/** The body to send and its record; sets Content-Type in `headers`. */
export function outgoingBody(
  options: RequestOptions,
  headers: Record<string, string>,
): { body: BodyInit | undefined; recordedBody: string | undefined } {
  let body: BodyInit | undefined = options.body;
  let recordedBody: string | undefined;
  if (options.json !== undefined) {
    recordedBody = JSON.stringify(options.json);
    body = recordedBody;
    headers['content-type'] = 'application/json';
  } else if (options.xml !== undefined) {
    recordedBody = toXml(options.xml);
    body = recordedBody;
    headers['content-type'] = 'application/xml';
  } else if (options.contentType) {
    headers['content-type'] = options.contentType;
  }
  if (recordedBody === undefined && typeof body === 'string') recordedBody = body;
  if (recordedBody === undefined && body instanceof FormData) recordedBody = describeForm(body);
  return { body, recordedBody };
}

/** The JSON structure of an answer and the format it came in, when it was JSON or XML. */
export function parsedAnswer(
  bytes: Buffer,
  contentType: string,
): Pick<NmsResponse, 'json' | 'format'> {
  if (isXmlMediaType(contentType)) return { json: parseXml(bytes), format: 'xml' };
  if (contentType.includes('json')) return { json: parseJson(bytes), format: 'json' };
  return { json: undefined };
}

function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function parseXml(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return fromXml(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function describeForm(form: FormData): string {
  const parts: string[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push(`[${name}] ${value}`);
    else parts.push(`[${name}] (${value.size} bytes ${value.type || 'application/octet-stream'})`);
  }
  return parts.join('\n');
}
