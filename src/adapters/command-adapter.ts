/**
 * The command-line upper tester: a client under test written in any language is driven through
 * a small adapter program that the harness starts once per device and speaks to in JSON lines
 * on stdin/stdout (the contract: README.md in this folder). createCommandDevice() turns that
 * program into a DeviceDriver, so the engine drives it exactly as it drives the reference
 * client.
 *
 * - Requests go one at a time, in call order; each has a deadline (`timeoutMs`;
 *   waitForNotification gets its own wait on top). A missed deadline kills the adapter's
 *   process group and rejects with one line; so does a crash. Nothing hangs.
 * - localView() is synchronous in the port, so the device asks the adapter for its localState
 *   after every request that may change it and keeps the answer.
 * - setPreferences() is synchronous in the port too: the request is queued, and if the adapter
 *   refuses it, the next call rejects with that error.
 * - Methods the adapter did not name in hello's `supports` reject with one line without being
 *   sent (setPreferences with empty preferences is then a no-op).
 * - evidence(): the protocol exchange (password masked) and the adapter's stderr.
 */
import { statSync } from 'node:fs';
import type { DeviceDriver, LocalChange, SyncPreferences, SyncReport } from '../engine/ports.ts';
import type { Evidence } from '../engine/result.ts';
import type { StoreView } from '../model/view.ts';
import { JsonLinesChild, oneLine } from './json-lines-child.ts';
import {
  REQUIRED_METHODS,
  decodeHello,
  decodeReport,
  decodeView,
  encodeChange,
  type HelloParams,
  type HelloResult,
  type NmsEndpoint,
  type ProtocolMethod,
} from './protocol.ts';

export interface CommandDeviceOptions {
  /** The device name (e.g. "phone"), used in every message and given to the adapter. */
  name: string;
  /** argv of the adapter, run without a shell. */
  command: string[];
  cwd?: string;
  /** Extra environment variables, added to the harness's environment. */
  env?: Record<string, string>;
  /** The store the client under test must synchronise with. */
  endpoint: {
    binding?: 'imap' | 'nms';
    host: string;
    port: number;
    tls?: boolean;
    /** binding nms: the box root, base path and store name, passed on in hello. */
    nms?: NmsEndpoint;
  };
  user: string;
  password: string;
  /** Deadline of each request, hello included (default 30000 ms). */
  timeoutMs?: number;
}

/** A DeviceDriver backed by an adapter process, with the protocol's extras. */
export interface CommandDevice extends DeviceDriver {
  /** What the adapter said in hello. */
  readonly adapter: HelloResult;
  /** The adapter's process id (its process group id too). */
  readonly pid: number | undefined;
  /** Forget every local state, as a fresh install would (needs `reset` in supports). */
  reset(): Promise<void>;
  /** Ask the adapter for its local state now (localView() returns the last answer). */
  refreshLocalView(): Promise<StoreView>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 5_000;
/** How long an adapter may take to exit after close and the end of its stdin. */
const CLOSE_GRACE_MS = 2_000;

class CommandAdapterDevice implements CommandDevice {
  readonly name: string;
  adapter: HelloResult = { name: '', version: '', supports: [] };
  private view: StoreView = { folders: [] };
  private queue: Promise<unknown> = Promise.resolve();
  private deferred: Error | undefined;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(
    private readonly child: JsonLinesChild,
    options: CommandDeviceOptions,
  ) {
    this.name = options.name;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async hello(params: HelloParams): Promise<void> {
    const result = await this.child.request('hello', params, this.timeoutMs);
    this.adapter = this.decode('hello', () => decodeHello(result));
    await this.refreshLocalView();
  }

  setPreferences(prefs: SyncPreferences): void {
    if (!this.supports('setPreferences')) {
      if (Object.keys(prefs).length === 0) return;
      throw new Error(this.unsupported('setPreferences'));
    }
    this.serial('setPreferences', async (send) => {
      await send('setPreferences', prefs);
      await this.refresh(send);
    }).catch((err: unknown) => {
      this.deferred ??= err instanceof Error ? err : new Error(String(err));
    });
  }

  applyLocalChange(change: LocalChange): Promise<void> {
    return this.serial('applyLocalChange', async (send) => {
      await send('applyLocalChange', encodeChange(change));
      await this.refresh(send);
    });
  }

  sync(): Promise<SyncReport> {
    return this.serial('sync', async (send) => {
      const result = await send('sync', {});
      const report = this.decode('sync', () => decodeReport(result));
      await this.refresh(send);
      return report;
    });
  }

  /** `tick`: the virtual clock reads nowMs; the client answers its own sync's report, or null. */
  advanceClock(nowMs: number): Promise<SyncReport | undefined> {
    return this.serial('tick', async (send) => {
      const result = await send('tick', { now: new Date(nowMs).toISOString() });
      const report =
        result === null || result === undefined
          ? undefined
          : this.decode('tick', () => decodeReport(result));
      await this.refresh(send);
      return report;
    });
  }

  fetchContent(folder: string, keys: string[]): Promise<void> {
    return this.simple('fetchContent', { folder, keys });
  }

  copy(folder: string, key: string, targetFolder: string): Promise<void> {
    return this.simple('copy', { folder, key, targetFolder });
  }

  listen(folder: string): Promise<void> {
    return this.serial('listen', async (send) => {
      await send('listen', { folder });
    });
  }

  waitForNotification(timeoutMs: number): Promise<boolean> {
    return this.serial('waitForNotification', async (send) => {
      const result = await send('waitForNotification', { timeoutMs }, timeoutMs);
      if (typeof result !== 'boolean') {
        throw new Error(
          `${this.name}: waitForNotification: expected true or false, got ${oneLine(JSON.stringify(result), 80)}`,
        );
      }
      // A client that syncs when notified may have changed its local state.
      await this.refresh(send);
      return result;
    });
  }

  reset(): Promise<void> {
    return this.simple('reset', {});
  }

  refreshLocalView(): Promise<StoreView> {
    return this.serial('localState', async (send) => this.refresh(send));
  }

  localView(): StoreView {
    return this.view;
  }

  evidence(): Evidence[] {
    const out: Evidence[] = [
      { kind: 'note', label: `${this.name} adapter protocol`, text: this.child.protocolLog() },
    ];
    const stderr = this.child.stderrText();
    if (stderr) out.push({ kind: 'note', label: `${this.name} adapter stderr`, text: stderr });
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    if (this.child.running) {
      await this.child
        .request('close', {}, Math.min(this.timeoutMs, CLOSE_TIMEOUT_MS))
        .catch(() => undefined);
    }
    await this.child.stop(Math.min(this.timeoutMs, CLOSE_GRACE_MS));
  }

  /** A request that may change the local state, with no result. */
  private simple(method: ProtocolMethod, params: unknown): Promise<void> {
    return this.serial(method, async (send) => {
      await send(method, params);
      await this.refresh(send);
    });
  }

  private async refresh(send: Send): Promise<StoreView> {
    const result = await send('localState', {});
    this.view = this.decode('localState', () => decodeView(result));
    return this.view;
  }

  /** One call at a time, in order; a failed setPreferences is reported by the next call. */
  private serial<T>(what: ProtocolMethod, work: (send: Send) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.closed) throw new Error(`${this.name}: ${what}: the device is closed`);
      const deferred = this.deferred;
      if (deferred) {
        this.deferred = undefined;
        throw new Error(`${deferred.message} (reported at ${what})`, { cause: deferred });
      }
      if (!this.supports(what)) throw new Error(this.unsupported(what));
      return work((method, params, extraMs = 0) =>
        this.child.request(method, params, this.timeoutMs + extraMs),
      );
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private supports(method: ProtocolMethod): boolean {
    return REQUIRED_METHODS.includes(method) || this.adapter.supports.includes(method);
  }

  private unsupported(method: string): string {
    return `${this.name}: ${method}: not supported by the adapter ${this.adapter.name} (hello supports: ${this.adapter.supports.join(', ') || 'none'})`;
  }

  private decode<T>(method: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw new Error(
        `${this.name}: ${method}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

type Send = (method: ProtocolMethod, params: unknown, extraMs?: number) => Promise<unknown>;

/**
 * Start the adapter, say hello and read its initial local state. Rejects with one line (and
 * leaves no process behind) when the command cannot start, does not answer or answers wrongly.
 */
export async function createCommandDevice(options: CommandDeviceOptions): Promise<CommandDevice> {
  const { name, command, endpoint, user, password } = options;
  if (command.length === 0) throw new Error(`${name}: hello: no adapter command given`);
  if (options.cwd !== undefined && !isDirectory(options.cwd)) {
    throw new Error(
      `${name}: hello: the adapter's working directory ${options.cwd} does not exist`,
    );
  }
  let child: JsonLinesChild;
  try {
    child = new JsonLinesChild({
      label: name,
      command,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.env ? { env: options.env } : {}),
      secrets: [password],
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${name}: hello: cannot start adapter: ${oneLine(why)}`, { cause: err });
  }
  const device = new CommandAdapterDevice(child, options);
  try {
    await device.hello({
      device: name,
      endpoint: {
        binding: endpoint.binding ?? 'imap',
        host: endpoint.host,
        port: endpoint.port,
        ...(endpoint.tls !== undefined ? { tls: endpoint.tls } : {}),
        ...(endpoint.nms ? { nms: endpoint.nms } : {}),
      },
      user,
      password,
    });
  } catch (err) {
    child.kill('hello failed');
    await child.stop(0);
    throw err;
  }
  return device;
}
