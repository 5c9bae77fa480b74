/**
 * The harness side of `cpmct adapter-check`: a tiny reference store (seeded objects, every
 * command recorded), the adapter process spoken to in raw JSON lines, and the report lines,
 * one per request. Requests are sent raw (not through createCommandDevice) so that each
 * wrong answer is reported on its own line instead of ending the check.
 */
import { startImapServer } from '../../../simulators/server/imap-server.ts';
import { createImapStoreActor } from '../../../simulators/clients/imap-store-actor.ts';
import { createNmsStoreActor } from '../../../simulators/clients/nms/nms-store-actor.ts';
import { startNmsClientStore } from '../../../simulators/server/nms/nms-client-store.ts';
import { isNmsSyncRequest } from '../../engine/nms-trace-rules.ts';
import type { ObjectSpec, StoreActor, WireEntry } from '../../engine/ports.ts';
import type { HelloParams } from '../protocol.ts';
import { ObjectFactory } from '../../fixtures/generate.ts';
import type { StoreView } from '../../model/view.ts';
import { JsonLinesChild, oneLine } from '../json-lines-child.ts';

export type CheckStatus = 'ok' | 'fail' | 'skip';

/** One line of the report: a request (with what it was for) and what was wrong. */
export interface CheckLine {
  request: string;
  status: CheckStatus;
  text: string;
}

export interface AdapterCheckOptions {
  command: string[];
  /** The store the adapter's client syncs with: IMAP (default) or NMS REST. */
  binding?: 'imap' | 'nms';
  cwd?: string;
  env?: Record<string, string>;
  /** The account the adapter logs in with on the tiny store. */
  user: string;
  password: string;
  /** Deadline of each request (waitForNotification gets its wait on top). */
  timeoutMs: number;
  seed?: number;
  /** Virtual clock start (the objects' dates, the first tick). */
  clockStart?: Date;
}

/** What a request came back with: a result, an error answer, or no usable answer at all. */
export type Answer =
  | { kind: 'result'; value: unknown }
  | { kind: 'error'; message: string }
  | { kind: 'gone'; message: string };

export const DEFAULT_CLOCK_START = new Date('2026-01-15T12:00:00.000Z');

/** A running check: the store, its actor, the adapter, and the lines so far. */
export class CheckSession {
  readonly lines: CheckLine[] = [];
  readonly objects: ObjectFactory;
  readonly clockStart: Date;
  private gone: string | undefined;
  private goneReported = false;

  private constructor(
    private readonly server: TinyStore,
    readonly store: StoreActor,
    readonly child: JsonLinesChild,
    readonly options: AdapterCheckOptions,
  ) {
    this.objects = new ObjectFactory(options.seed ?? 1);
    this.clockStart = options.clockStart ?? DEFAULT_CLOCK_START;
  }

  static async open(options: AdapterCheckOptions): Promise<CheckSession> {
    const server = await (options.binding === 'nms' ? tinyNmsStore : tinyImapStore)(options);
    let child: JsonLinesChild | undefined;
    try {
      const store = await server.actor();
      child = new JsonLinesChild({
        label: 'adapter',
        command: options.command,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.env ? { env: options.env } : {}),
        secrets: [options.password],
      });
      return new CheckSession(server, store, child, options);
    } catch (error) {
      child?.kill('adapter-check could not start');
      await server.stop();
      throw error;
    }
  }

  get endpoint(): HelloParams['endpoint'] {
    return this.server.endpoint;
  }

  /** How many requests or commands the store has seen so far. */
  get traceLength(): number {
    return this.server.trace.length;
  }

  /** Whether the store saw a sync (a folder listing or walk) since `mark`. */
  sawSyncSince(mark: number): boolean {
    return this.server.trace
      .slice(mark)
      .some((e) =>
        e.http ? isNmsSyncRequest(e) : /^\S+ (UID )?(LIST|SELECT|EXAMINE)\b/i.test(e.line),
      );
  }

  /** Whether the adapter can still answer. */
  get alive(): boolean {
    return this.gone === undefined;
  }

  /** Sends one request; never throws. After the adapter is gone, every call is `gone`. */
  async call(method: string, params: unknown, extraMs = 0): Promise<Answer> {
    if (this.gone) return { kind: 'gone', message: this.gone };
    try {
      const value = await this.child.request(method, params, this.options.timeoutMs + extraMs);
      return { kind: 'result', value };
    } catch (error) {
      const message = oneLine(error instanceof Error ? error.message : String(error));
      if (!this.child.running) {
        this.gone = message.replace(/^adapter: \w+: /, '');
        return { kind: 'gone', message: this.gone };
      }
      return { kind: 'error', message: message.replace(/^adapter: \w+: /, '') };
    }
  }

  /** True the first time only: whether to report that the adapter is gone. */
  reportGone(): boolean {
    if (this.goneReported) return false;
    this.goneReported = true;
    return true;
  }

  ok(request: string, text: string): void {
    this.lines.push({ request, status: 'ok', text });
  }

  fail(request: string, text: string): void {
    this.lines.push({ request, status: 'fail', text });
  }

  skip(request: string, text: string): void {
    this.lines.push({ request, status: 'skip', text });
  }

  /** A new seeded object dated `minutes` after the clock start. */
  object(minutes: number, flags: string[] = []): ObjectSpec {
    const date = new Date(this.clockStart.getTime() + minutes * 60_000);
    return this.objects.create({ type: 'message', date, flags });
  }

  async storeView(): Promise<StoreView> {
    return this.store.view();
  }

  /** Stops the adapter (measuring how long it took to exit) and the store. */
  async close(graceMs: number): Promise<number> {
    const started = Date.now();
    await this.child.stop(graceMs);
    const took = Date.now() - started;
    await this.store.close().catch(() => undefined);
    await this.server.stop();
    return took;
  }

  /** The adapter's last stderr line, for a crash. */
  lastStderr(): string {
    const lines = this.child.stderrText().split('\n').filter(Boolean);
    return lines.at(-1) ?? '';
  }
}

/** The tiny store of a check: where it listens, what it saw, its actor, how to stop it. */
interface TinyStore {
  endpoint: HelloParams['endpoint'];
  /** What the clients sent, in order (IMAP command lines, or one entry per NMS request). */
  trace: WireEntry[];
  actor(): Promise<StoreActor>;
  stop(): Promise<void>;
}

async function tinyImapStore(options: AdapterCheckOptions): Promise<TinyStore> {
  const trace: WireEntry[] = [];
  const server = await startImapServer({
    host: '127.0.0.1',
    port: 0,
    users: [{ name: options.user, password: options.password }],
    onTrace: (e) => {
      if (e.direction === 'C')
        trace.push({ at: e.at, connection: e.connection, direction: 'C', line: e.line });
    },
  });
  const endpoint = { host: server.host, port: server.port };
  return {
    endpoint: { binding: 'imap', ...endpoint },
    trace,
    actor: () =>
      createImapStoreActor({
        endpoint,
        user: options.user,
        password: options.password,
        label: 'adapter-check store',
      }),
    stop: () => server.stop(),
  };
}

async function tinyNmsStore(options: AdapterCheckOptions): Promise<TinyStore> {
  const store = await startNmsClientStore({
    users: [{ name: options.user, password: options.password }],
  });
  const root = store.boxRoot(options.user);
  return {
    endpoint: {
      binding: 'nms',
      host: store.host,
      port: store.port,
      nms: { root, basePath: '/nms/v1', storeName: root.split('/').at(-2)! },
    },
    trace: store.trace,
    actor: async () =>
      createNmsStoreActor({ root, user: options.user, password: options.password }),
    stop: () => store.stop(),
  };
}
