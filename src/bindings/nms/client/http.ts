/**
 * The low-level NMS HTTP client: one box (`{origin}/nms/v1/{store}/{box}`), Basic
 * credentials, a timeout on every request, every exchange recorded (credentials
 * redacted), and NMS `requestError` bodies turned into one-line errors. Built on the
 * platform's fetch (node:https for an origin with TLS settings of its own, https-fetch.ts;
 * a TLS failure is one line, `TLS failed: ...`); higher layers (devices, store actor,
 * checks) speak JSON through it, and may send XML bodies (xml.ts) — XML answers are
 * mapped back to the JSON structure.
 */
import { bodyForRecord, ExchangeLog, redactHeaders, type HttpExchange } from '../http-exchange.ts';
import type { Json } from '../xml.ts';
import { outgoingBody, parsedAnswer } from './http-bodies.ts';
import { describeFailure, errorOf, NmsError } from './http-errors.ts';
import { fetchWithTls, originTls } from './https-fetch.ts';
import { tlsFailureOf } from '../../tls.ts';

export { NmsError, requestErrorOf } from './http-errors.ts';

export interface NmsHttpOptions {
  /** The box root, e.g. http://127.0.0.1:8080/nms/v1/cpmct/alice (no trailing slash). */
  root: string;
  user: string;
  password: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Where exchanges are recorded; default a new log labelled with the user. */
  log?: ExchangeLog;
  /** Time source for the record; default Date.now. */
  now?: () => number;
  /** Keep recording (default true); off for bulk measurements. */
  record?: boolean;
}

export interface NmsResponse {
  status: number;
  headers: Headers;
  /** Raw body bytes. */
  body: Buffer;
  /** The parsed JSON body, when the answer was JSON (or XML, mapped to the JSON structure). */
  json: unknown;
  /** Which of the two the answer was, when it was one of them. */
  format?: 'json' | 'xml';
}

export interface RequestOptions {
  /** A JSON body (serialised here). */
  json?: unknown;
  /** A JSON body sent as XML (mapped and serialised here; Content-Type application/xml). */
  xml?: Json;
  /** Any other body (FormData, raw text); `contentType` is then taken from it or given. */
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
  /** Statuses that are not errors; default any 2xx. */
  accept?: (status: number) => boolean;
  /** Leave out the credentials (to test that the store asks for them). */
  anonymous?: boolean;
}

export class NmsHttp {
  readonly root: string;
  readonly user: string;
  readonly log: ExchangeLog;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly record: boolean;

  constructor(options: NmsHttpOptions) {
    this.root = options.root.replace(/\/+$/, '');
    this.user = options.user;
    this.authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.log = options.log ?? new ExchangeLog(options.user);
    this.now = options.now ?? Date.now;
    this.record = options.record ?? true;
  }

  /** The log, when this client records (for what the store sends back to our callbacks). */
  get recording(): ExchangeLog | undefined {
    return this.record ? this.log : undefined;
  }

  /** An absolute URL for a path under the box root (a full URL is kept as is). */
  url(pathOrUrl: string): string {
    if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
    return `${this.root}/${pathOrUrl.replace(/^\/+/, '')}`;
  }

  async request(
    method: string,
    pathOrUrl: string,
    options: RequestOptions = {},
  ): Promise<NmsResponse> {
    const url = this.url(pathOrUrl);
    const accept = options.xml !== undefined ? 'application/xml' : 'application/json';
    const headers: Record<string, string> = { accept, ...options.headers };
    if (!options.anonymous) headers.authorization = this.authorization;
    const { body, recordedBody } = outgoingBody(options, headers);
    const started = this.now();
    const exchange: HttpExchange = {
      at: started,
      label: this.log.label,
      method,
      url,
      requestHeaders: redactHeaders(headers),
      ...(recordedBody !== undefined
        ? { requestBody: bodyForRecord(recordedBody, headers['content-type']) }
        : {}),
      status: 0,
      responseHeaders: {},
      durationMs: 0,
    };
    try {
      const answer = await fetchWithTls(url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      const bytes = Buffer.from(await answer.arrayBuffer());
      const contentType = answer.headers.get('content-type') ?? '';
      const response: NmsResponse = {
        status: answer.status,
        headers: answer.headers,
        body: bytes,
        ...parsedAnswer(bytes, contentType),
      };
      exchange.status = answer.status;
      exchange.responseHeaders = redactHeaders(answer.headers);
      const shown = bodyForRecord(bytes, contentType);
      if (shown !== undefined) exchange.responseBody = shown;
      exchange.durationMs = this.now() - started;
      this.keep(exchange);
      const accept = options.accept ?? ((s: number) => s >= 200 && s < 300);
      if (!accept(response.status)) throw errorOf(method, url, response);
      return response;
    } catch (error) {
      if (error instanceof NmsError) throw error;
      const tls = url.startsWith('https:')
        ? tlsFailureOf(error, `${method} ${url}`, originTls(url))
        : undefined;
      const reason = tls
        ? tls.message.slice(`${method} ${url}: `.length)
        : describeFailure(error, this.timeoutMs);
      exchange.error = reason;
      exchange.durationMs = this.now() - started;
      this.keep(exchange);
      throw new NmsError(`${method} ${url}: ${reason}`, 0, undefined, undefined);
    }
  }

  /** A JSON request whose answer must be JSON: returns the parsed body. */
  async json<T = unknown>(
    method: string,
    pathOrUrl: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const response = await this.request(method, pathOrUrl, options);
    if (response.json === undefined)
      throw new NmsError(
        `${method} ${this.url(pathOrUrl)}: answered ${response.status} without a JSON body`,
        response.status,
        undefined,
        response,
      );
    return response.json as T;
  }

  private keep(exchange: HttpExchange): void {
    if (this.record) this.log.add(exchange);
  }
}
