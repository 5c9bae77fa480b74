/**
 * The NMS store the harness plays for client conformance: the simulator backend and its msw
 * handlers behind a real `node:http` listener, with
 * - device identity: each device is told its own secret for its user (`deviceSecret`); the
 *   store accepts it as the user's password and attributes every request to that device
 *   (a request = one trace entry; the store actor's own password = the store actor);
 * - store-side controls a case can ask for (`control`): resetBox, expiring the restart
 *   tokens handed out so far, answering the next client request 429/503 with Retry-After,
 *   and a cap on the page size of the searches.
 * Every request is kept as a WireEntry with its HttpRecord (credentials redacted).
 */
import { createServer } from 'node:http';
import { getResponse, http, type RequestHandler } from 'msw';
import { httpBridge } from './http-bridge.ts';
import { SimulatorBackend, type UserAccount } from './simulator-backend.ts';
import { createNmsHandlers, STORE_NAME } from '../../../src/bindings/nms/server/index.ts';
import type { Authorization, Credentials } from '../../../src/bindings/nms/server/backend.ts';
import { credentialsOf } from '../../../src/bindings/nms/server/credentials.ts';
import { invalid, requestErrorBody } from '../../../src/bindings/nms/server/request-error.ts';
import type { HttpExchange } from '../../../src/bindings/nms/http-exchange.ts';
import type { StoreControl, WireEntry } from '../../../src/engine/ports.ts';
import { STORE_ACTOR } from '../../../src/engine/trace.ts';

/** The header a search answer with more pages carries its cursor in (for the trace). */
const NEXT_CURSOR_HEADER = 'x-cpmct-next-cursor';

/** Who sent a request that carried no credentials the store knows. */
export const UNKNOWN_PARTY = '?';

export interface NmsClientStore {
  host: string;
  port: number;
  origin: string;
  /** `{origin}/nms/v1/cpmct/{user}` */
  boxRoot(user: string): string;
  /** The secret a device of `user` is told instead of the user's password. */
  deviceSecret(user: string, device: string): string;
  backend: SimulatorBackend;
  /** One entry per request, in order. */
  trace: WireEntry[];
  control(user: string, control: StoreControl): void;
  /** Disarm every control (a new case starts). */
  resetControls(): void;
  stop(): Promise<void>;
}

/** The simulator backend, taking a device's secret as its user's password. */
class DeviceAwareBackend extends SimulatorBackend {
  constructor(
    private readonly accounts: UserAccount[],
    private readonly aliases: Map<string, { user: string; device: string }>,
    origin: string,
  ) {
    super({ users: accounts, origin });
  }

  override authorize(box: string, credentials: Credentials | undefined): Authorization {
    const alias = credentials && this.aliases.get(credentials.secret);
    if (!credentials || !alias) return super.authorize(box, credentials);
    if (credentials.scheme === 'basic' && credentials.user !== alias.user)
      return super.authorize(box, credentials);
    const real = this.accounts.find((u) => u.name === alias.user)?.password ?? '';
    return super.authorize(box, { ...credentials, secret: real });
  }
}

export async function startNmsClientStore(options: {
  host?: string;
  users: UserAccount[];
}): Promise<NmsClientStore> {
  const host = options.host ?? '127.0.0.1';
  const aliases = new Map<string, { user: string; device: string }>();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const origin = `http://${host}:${address.port}`;
  const backend = new DeviceAwareBackend(options.users, aliases, origin);
  const passwords = new Set(options.users.map((u) => u.password));
  const partyOf = (authorization: string | null | undefined): string => {
    const credentials = credentialsOf(authorization ?? null);
    if (!credentials) return UNKNOWN_PARTY;
    const alias = aliases.get(credentials.secret);
    if (alias) return alias.device;
    return passwords.has(credentials.secret) ? STORE_ACTOR : UNKNOWN_PARTY;
  };
  const state = new ControlState(partyOf);
  const storeHandlers = createNmsHandlers(backend, { origin });
  const handlers = [...controlHandlers(origin, state, storeHandlers), ...storeHandlers];
  const trace: WireEntry[] = [];
  const folderNames = new FolderNames(backend);
  server.on('request', (req, res) => {
    const party = partyOf(req.headers.authorization);
    const record = (exchange: HttpExchange) =>
      trace.push(wireEntry(exchange, party, origin, folderNames));
    void httpBridge(handlers, origin, record)(req, res);
  });

  let stopping: Promise<void> | undefined;
  return {
    host,
    port: address.port,
    origin,
    boxRoot: (user) => `${origin}/nms/v1/${STORE_NAME}/${encodeURIComponent(user)}`,
    deviceSecret: (user, device) => {
      const password = options.users.find((u) => u.name === user)?.password;
      if (password === undefined) throw new Error(`no user ${user}`);
      const secret = `${password}~${device}`;
      aliases.set(secret, { user, device });
      return secret;
    },
    backend,
    trace,
    control: (user, control) => {
      switch (control.kind) {
        case 'reset-box':
          return backend.resetBox(user);
        case 'expire-restart-tokens':
          state.expiredUpTo.set(user, backend.box(user).log.position);
          return;
        case 'refuse-next':
          state.refusal = { status: control.status, retryAfterS: control.retryAfterS };
          return;
        case 'page-size':
          state.pageSize = control.size;
          return;
      }
    },
    resetControls: () => {
      state.refusal = undefined;
      state.pageSize = undefined;
      state.expiredUpTo.clear();
    },
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await backend.stop();
        await closed;
      })()),
  };
}

class ControlState {
  constructor(readonly partyOf: (authorization: string | null) => string) {}
  refusal: { status: 429 | 503; retryAfterS: number } | undefined;
  pageSize: number | undefined;
  /**
   * Per user: restart tokens up to this log position are expired, until the user's next new
   * subscription made without one of them.
   */
  readonly expiredUpTo = new Map<string, number>();
}

/** Handlers answered before the store's own: the controls a case armed. */
function controlHandlers(
  origin: string,
  state: ControlState,
  store: RequestHandler[],
): RequestHandler[] {
  const box = `${origin}/nms/v1/${STORE_NAME}/:box`;
  return [
    http.all(`${origin}/*`, ({ request }) => {
      const refusal = state.refusal;
      if (!refusal || state.partyOf(request.headers.get('authorization')) === STORE_ACTOR)
        return undefined;
      state.refusal = undefined;
      return new Response(JSON.stringify(busyBody(refusal.status)), {
        status: refusal.status,
        headers: {
          'content-type': 'application/json',
          'retry-after': String(refusal.retryAfterS),
          'x-cpmct-refused': new URL(request.url).pathname,
        },
      });
    }),
    http.post(`${box}/*`, async ({ request, params }) => {
      const path = new URL(request.url).pathname;
      const subscription = /\/subscriptions(\/[^/]+)?$/.test(path);
      const search = /\/(objects|folders)\/operations\/search$/.test(path);
      if (!(subscription && state.expiredUpTo.size) && !search) return undefined;
      const text = await request.clone().text();
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return undefined;
      }
      if (subscription) {
        const token = restartTokenOf(body);
        const upTo = state.expiredUpTo.get(String(params.box));
        const position = token ? /^t([0-9]+)$/.exec(token)?.[1] : undefined;
        const expired = upTo !== undefined && position !== undefined && Number(position) <= upTo;
        if (!expired) {
          // A new subscription without an expired token starts afresh: its tokens are valid.
          if (/\/subscriptions$/.test(path)) state.expiredUpTo.delete(String(params.box));
          return undefined;
        }
        const fault = invalid('restartToken');
        return new Response(JSON.stringify(requestErrorBody(fault)), {
          status: fault.status,
          headers: { 'content-type': 'application/json' },
        });
      }
      const criteria = body.selectionCriteria as Record<string, unknown> | undefined;
      if (criteria && state.pageSize !== undefined) {
        const asked = typeof criteria.maxEntries === 'number' ? criteria.maxEntries : Infinity;
        criteria.maxEntries = Math.min(asked, state.pageSize);
      }
      const answer = await getResponse(
        store,
        new Request(request.url, {
          method: 'POST',
          headers: request.headers,
          body: JSON.stringify(body),
        }),
      );
      return answer && withCursorNote(answer);
    }),
  ];
}

/** A search answer that has more pages says so in a header the trace keeps (bodies are cut). */
async function withCursorNote(answer: Response): Promise<Response> {
  const text = await answer.clone().text();
  let cursor: unknown;
  try {
    const json = JSON.parse(text) as Record<string, { cursor?: unknown } | undefined>;
    cursor = (json.objectList ?? json.folderList ?? json.objectReferenceList)?.cursor;
  } catch {
    return answer;
  }
  if (typeof cursor !== 'string') return answer;
  const headers = new Headers(answer.headers);
  headers.set(NEXT_CURSOR_HEADER, cursor);
  return new Response(text, { status: answer.status, headers });
}

function restartTokenOf(body: Record<string, unknown>): string | undefined {
  const s = (body.nmsSubscription ?? body.nmsSubscriptionUpdate ?? body) as Record<string, unknown>;
  return typeof s.restartToken === 'string' ? s.restartToken : undefined;
}

function busyBody(status: number) {
  return {
    requestError: {
      serviceException: {
        messageId: 'SVC0001',
        text: status === 429 ? 'too many requests, retry later' : 'busy, retry later',
        variables: [],
      },
    },
  };
}

/** One request as the trace keeps it: `METHOD path?query -> status`, and its record. */
function wireEntry(
  exchange: HttpExchange,
  party: string,
  origin: string,
  folderNames: FolderNames,
): WireEntry {
  const path = exchange.url.startsWith(origin) ? exchange.url.slice(origin.length) : exchange.url;
  const retryAfter = exchange.responseHeaders['retry-after'];
  const nextCursor = exchange.responseHeaders[NEXT_CURSOR_HEADER];
  const folders = folderNames.touched(path, exchange.requestBody);
  return {
    at: exchange.at,
    connection: party,
    direction: 'C',
    line: `${exchange.method} ${path}${folders.length ? ` [${folders.join(', ')}]` : ''} -> ${exchange.status}`,
    http: {
      method: exchange.method,
      path,
      status: exchange.status,
      requestBytes: Number(exchange.requestHeaders['content-length'] ?? 0),
      responseBytes: Number(exchange.responseHeaders['content-length'] ?? 0),
      ...(exchange.requestBody !== undefined ? { requestBody: exchange.requestBody } : {}),
      ...(retryAfter !== undefined ? { retryAfter } : {}),
      ...(nextCursor !== undefined ? { nextCursor } : {}),
      ...(folders.length ? { folders } : {}),
    },
  };
}

/**
 * The model folders a request names (by URL path, search scope, target or parent folder),
 * by name: ids are resolved through the backend, and remembered so that a folder deleted
 * since is still named.
 */
class FolderNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly backend: SimulatorBackend) {}

  touched(path: string, body: string | undefined): string[] {
    const box = /^\/nms\/v1\/[^/]+\/([^/?]+)/.exec(path)?.[1];
    if (!box) return [];
    const ids = new Set<string>();
    const inPath = /\/folders\/([^/?]+)/.exec(path)?.[1];
    if (inPath && inPath !== 'operations') ids.add(inPath);
    const object = /\/objects\/(f[0-9]+)-[0-9]+-[0-9]+/.exec(path)?.[1];
    if (object) ids.add(object);
    for (const m of (body ?? '').matchAll(/\/folders\/([A-Za-z0-9_-]+)/g)) ids.add(m[1]!);
    const out: string[] = [];
    for (const id of ids) {
      const name = this.nameOf(decodeURIComponent(box), id);
      if (name !== undefined && !out.includes(name)) out.push(name);
    }
    return out;
  }

  private nameOf(box: string, id: string): string | undefined {
    const key = `${box}/${id}`;
    if (!this.names.has(key)) {
      try {
        for (const f of this.backend.folders(box))
          if (f.kind === 'model') this.names.set(`${box}/${f.id}`, f.path.replace(/^\//, ''));
      } catch {
        return undefined;
      }
    }
    return this.names.get(key);
  }
}
