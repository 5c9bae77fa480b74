/**
 * A loopback HTTP proxy in front of the NMS simulator that breaks one notification rule:
 * it passes every request through (rewriting the simulator's origin to its own in
 * answers), swaps each subscription's notifyURL for a hook of its own, and hands the
 * event lists it receives to `mutate` before passing them on to the real callback.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EventListJson {
  nmsEventList: { nmsEvent: Array<Record<string, unknown>>; index?: number } & Record<
    string,
    unknown
  >;
}

export interface ProxyState {
  /** A subscription update (POST subscriptions/{id}) has passed through. */
  updated: boolean;
}

/** Returns the list to deliver, or undefined to drop it. */
export type Mutate = (list: EventListJson, state: ProxyState) => EventListJson | undefined;

export interface BreakingProxy {
  origin: string;
  stop(): Promise<void>;
}

export async function startBreakingProxy(upstream: string, mutate: Mutate): Promise<BreakingProxy> {
  const hooks = new Map<string, string>();
  const state: ProxyState = { updated: false };
  let origin = '';
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? '/';
    if (path.startsWith('/__hook/')) return deliver(path, body, res);
    let sent = body;
    if (req.method === 'POST' && /\/subscriptions\/?$/.test(path)) sent = swapNotifyUrl(body);
    if (req.method === 'POST' && /\/subscriptions\/[^/]+$/.test(path)) state.updated = true;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
        headers.set(name, value);
    const answer = await fetch(upstream + path, {
      method: req.method ?? 'GET',
      headers,
      ...(sent.length ? { body: new Uint8Array(sent) } : {}),
      redirect: 'manual',
    });
    const text = Buffer.from(await answer.arrayBuffer())
      .toString('utf8')
      .replaceAll(upstream, origin);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name))
        out[name] = value.replaceAll(upstream, origin);
    });
    res.writeHead(answer.status, out).end(text);
  }

  function swapNotifyUrl(body: Buffer): Buffer {
    const json = JSON.parse(body.toString('utf8')) as {
      nmsSubscription?: { callbackReference?: { notifyURL?: string } };
    };
    const ref = json.nmsSubscription?.callbackReference;
    if (!ref?.notifyURL) return body;
    const id = String(hooks.size + 1);
    hooks.set(id, ref.notifyURL);
    ref.notifyURL = `${origin}/__hook/${id}`;
    return Buffer.from(JSON.stringify(json));
  }

  async function deliver(path: string, body: Buffer, res: ServerResponse): Promise<void> {
    const target = hooks.get(path.slice('/__hook/'.length));
    const list = JSON.parse(body.toString('utf8').replaceAll(upstream, origin)) as EventListJson;
    const changed = target ? mutate(list, state) : undefined;
    if (!target || !changed) {
      res.writeHead(204).end();
      return;
    }
    const answer = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(changed),
    });
    res.writeHead(answer.status).end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
