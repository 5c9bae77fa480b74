/**
 * One HTTP request and its answer, as kept in case evidence (HAR-like, credentials
 * redacted, bodies cut at a bound), and its readable rendering. Both the NMS front end
 * (server side) and the NMS client (device side) record these.
 */
import type { Evidence } from '../../engine/result.ts';

export interface HttpExchange {
  /** ms since epoch when the request started. */
  at: number;
  /** Who sent it, e.g. "phone (alice)"; the front end uses the box user. */
  label: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  /** 0 when no answer came (refused, timeout). */
  status: number;
  responseHeaders: Record<string, string>;
  responseBody?: string;
  durationMs: number;
  /** Why no answer came. */
  error?: string;
  /** A request the store sent to us (a notification posted to our callback). */
  inbound?: boolean;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Headers as a plain record with credentials replaced by their scheme and `***`. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    out[lower] = SECRET_HEADERS.has(lower) ? `${value.split(' ')[0] ?? ''} ***`.trim() : value;
  }
  return out;
}

/** A body for the record: text kept up to `max` characters, binary summarised. */
export function bodyForRecord(
  body: string | Uint8Array | undefined,
  contentType: string | undefined,
  max = 2048,
): string | undefined {
  if (body === undefined || body.length === 0) return undefined;
  const textual = !contentType || /json|text|xml|rfc822|form-data|x-www-form/i.test(contentType);
  if (typeof body !== 'string' && !textual) return `(${body.length} bytes ${contentType})`;
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** `+12ms POST /nms/v1/… -> 201 (3 ms)` followed by the bodies, indented. */
export function formatExchange(exchange: HttpExchange, origin: number): string {
  const head =
    `+${exchange.at - origin}ms ${exchange.inbound ? 'received ' : ''}${exchange.method} ${exchange.url} -> ` +
    (exchange.status ? String(exchange.status) : `no answer: ${exchange.error ?? 'unknown'}`) +
    ` (${exchange.durationMs} ms)`;
  const lines = [head];
  if (exchange.requestBody) lines.push(indent('> ', exchange.requestBody));
  if (exchange.responseBody) lines.push(indent('< ', exchange.responseBody));
  return lines.join('\n');
}

function indent(prefix: string, text: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** Keeps a bounded list of exchanges and turns it into one evidence item. */
export class ExchangeLog {
  private readonly kept: HttpExchange[] = [];
  private dropped = 0;

  constructor(
    readonly label: string,
    private readonly max = 2000,
  ) {}

  add(exchange: HttpExchange): void {
    if (this.kept.length < this.max) this.kept.push(exchange);
    else this.dropped += 1;
  }

  get exchanges(): readonly HttpExchange[] {
    return this.kept;
  }

  evidence(): Evidence {
    const origin = this.kept[0]?.at ?? 0;
    const text = this.kept.map((e) => formatExchange(e, origin)).join('\n');
    return {
      kind: 'http-exchanges',
      label: this.label,
      text: this.dropped ? `${text}\n(${this.dropped} later exchanges not kept)` : text,
    };
  }
}
