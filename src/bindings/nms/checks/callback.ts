/**
 * A notification sink for subscriptions (NMS spec: the server POSTs an nmsEventList to
 * the client's notifyURL, which acknowledges with 204): a node:http listener on a
 * loopback port that records every list that arrives, lets a check wait for one, and
 * renders the traffic as evidence.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Evidence } from '../../../engine/result.ts';
import { fromXml, isXmlMediaType } from '../xml.ts';

export interface NmsEventItem {
  /** changedObject, deletedObject, expiredObject, resetBox, … */
  kind: string;
  resourceURL?: string;
  lastModSeq?: unknown;
}

export interface ReceivedList {
  at: number;
  index: unknown;
  restartToken: unknown;
  events: NmsEventItem[];
  /** The list came as XML (a subscription created in XML), not JSON. */
  format: 'json' | 'xml';
}

export class CallbackSink {
  readonly lists: ReceivedList[] = [];
  private readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly started = Date.now();
  private readonly server = createServer((req, res) => this.receive(req, res));

  private constructor() {}

  static async open(): Promise<CallbackSink> {
    const sink = new CallbackSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, '127.0.0.1', () => resolve());
    });
    return sink;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/notify`;
  }

  /** The first recorded list (from `from` on) that matches, waiting up to `timeoutMs`. */
  async waitFor(
    match: (list: ReceivedList) => boolean,
    timeoutMs: number,
    from = 0,
  ): Promise<ReceivedList | undefined> {
    const found = (): ReceivedList | undefined => this.lists.slice(from).find(match);
    const now = found();
    if (now) return now;
    return new Promise((resolve) => {
      const check = (): void => {
        const hit = found();
        if (hit) done(hit);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done = (value: ReceivedList | undefined): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      this.waiters.add(check);
    });
  }

  evidence(label = 'notifications received'): Evidence {
    return { kind: 'http-exchanges', label, text: this.lines.join('\n') };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.writeHead(204).end();
      const text = Buffer.concat(chunks).toString('utf8');
      this.lines.push(`+${Date.now() - this.started}ms ${req.method} ${req.url} -> 204`);
      if (text) this.lines.push(`> ${text.length > 2048 ? `${text.slice(0, 2048)}…` : text}`);
      const list = parseEventList(text, req.headers['content-type']);
      if (list) this.lists.push(list);
      for (const waiter of [...this.waiters]) waiter();
    });
  }
}

/** An nmsEventList body (JSON, or XML by Content-Type) as a ReceivedList; else undefined. */
export function parseEventList(text: string, contentType?: string): ReceivedList | undefined {
  const format = isXmlMediaType(contentType) ? 'xml' : 'json';
  let json: unknown;
  try {
    json = format === 'xml' ? fromXml(text) : JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = (json as { nmsEventList?: Record<string, unknown> } | null)?.nmsEventList;
  if (!list || typeof list !== 'object') return undefined;
  const raw = Array.isArray(list.nmsEvent) ? (list.nmsEvent as unknown[]) : [];
  const events = raw.flatMap((event): NmsEventItem[] => {
    if (!event || typeof event !== 'object') return [];
    return Object.entries(event as Record<string, unknown>).map(([kind, body]) => {
      const fields = (body ?? {}) as { resourceURL?: unknown; lastModSeq?: unknown };
      return {
        kind,
        ...(typeof fields.resourceURL === 'string' ? { resourceURL: fields.resourceURL } : {}),
        ...(fields.lastModSeq !== undefined ? { lastModSeq: fields.lastModSeq } : {}),
      };
    });
  });
  return { at: Date.now(), index: list.index, restartToken: list.restartToken, events, format };
}
