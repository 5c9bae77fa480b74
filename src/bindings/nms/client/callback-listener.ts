/**
 * The client's notifyURL: a real HTTP server on 127.0.0.1 (a free port) that receives
 * `nmsEventList` POSTs (JSON or XML), answers 204 and queues them. Anything else is refused (405 for
 * other methods, 400 for a body that is not an nmsEventList, 413 over 1 MiB).
 * close() stops the server and drops every connection: nothing is left running.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyForRecord, redactHeaders, type ExchangeLog } from '../http-exchange.ts';
import { parsedAnswer } from './http-bodies.ts';
import type { NmsEventList } from './types.ts';

const MAX_BODY = 1 << 20;

export interface ReceivedEventList {
  /** ms since epoch. */
  at: number;
  /** The path it was posted to (distinguishes several notifyURLs of one listener). */
  path: string;
  list: NmsEventList;
  /** JSON, or XML for a subscription created in XML. */
  format: 'json' | 'xml';
}

export class CallbackListener {
  private readonly queue: ReceivedEventList[] = [];
  private readonly waiters = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
    private readonly now: () => number,
    private readonly log: ExchangeLog | undefined,
  ) {}

  /**
   * Start listening on 127.0.0.1 at a free port. With `log`, every request the store posts
   * here is recorded there too (inbound), next to the client's own requests.
   */
  static async start(
    options: { now?: () => number; log?: ExchangeLog } = {},
  ): Promise<CallbackListener> {
    // Requests arrive only once listening, after `listener` is set.
    const server = createServer((req, res) => listener.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const listener = new CallbackListener(
      server,
      `http://127.0.0.1:${port}`,
      options.now ?? Date.now,
      options.log,
    );
    return listener;
  }

  /** A notifyURL of this listener (`{origin}/{name}`). */
  url(name = 'notify'): string {
    return `${this.origin}/${encodeURIComponent(name)}`;
  }

  /** Everything received and not taken yet, oldest first; the queue is emptied. */
  take(): ReceivedEventList[] {
    return this.queue.splice(0);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Resolves true when something is queued (at once if already), false after timeoutMs. */
  waitForAny(timeoutMs: number): Promise<boolean> {
    if (this.queue.length > 0) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(value);
      };
      const wake = () => done(this.queue.length > 0);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.waiters.add(wake);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of [...this.waiters]) wake();
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await stopped;
  }

  private record(req: IncomingMessage, at: number, body: Buffer, status: number): void {
    if (!this.log) return;
    const shown = bodyForRecord(body, req.headers['content-type']);
    this.log.add({
      at,
      label: this.log.label,
      method: req.method ?? 'POST',
      url: `${this.origin}${req.url ?? '/'}`,
      requestHeaders: headersOf(req),
      ...(shown !== undefined ? { requestBody: shown } : {}),
      status,
      responseHeaders: {},
      durationMs: this.now() - at,
      inbound: true,
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    const at = this.now();
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = (status: number) => {
        res.writeHead(status).end();
        this.record(req, at, body, status);
      };
      if (size > MAX_BODY) return answer(413);
      const { json, format = 'json' } = parsedAnswer(body, req.headers['content-type'] ?? '');
      const list = eventListOf(json);
      if (!list) return answer(400);
      this.queue.push({ at, path: decodeURIComponent(req.url ?? '/'), list, format });
      answer(204);
      for (const wake of [...this.waiters]) wake();
    });
    req.on('error', () => res.destroy());
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return redactHeaders(out);
}

function eventListOf(json: unknown): NmsEventList | undefined {
  const list = (json as { nmsEventList?: unknown } | undefined)?.nmsEventList;
  return list && typeof list === 'object' ? (list as NmsEventList) : undefined;
}
