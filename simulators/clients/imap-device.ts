/**
 * The reference sync client over IMAP: a simulated device with a local replica, implementing
 * DeviceDriver. One main connection (opened at creation, re-opened after a failure) runs the
 * synchronisation of seed 003 5.5.2.20 (sync.ts); listen() opens a second one for IDLE.
 * The sync variant (sync-variant.ts) decides what the connections ENABLE, and `per-sync` runs
 * every sync on a new connection of its own.
 * Connections are labelled "<device>#<n> (<user>)" in the transcripts.
 *
 * Every method rejects with a one-line Error on failure (connection refused, dropped, garbage,
 * timeouts) and nothing is left running after close().
 */
import {
  connect,
  type ImapClient,
  type ImapEndpoint,
  type TranscriptRecorder,
} from '../../src/bindings/imap/client/index.ts';
import type { DeviceDriver, SyncReport } from '../../src/engine/ports.ts';
import type { Evidence } from '../../src/engine/result.ts';
import { downloadContent } from './content.ts';
import { opened, ReplicaDevice } from './replica-device.ts';
import { findUidsByKey } from './find-by-key.ts';
import { FolderListener } from './listener.ts';
import { clientMutantByName, type ClientMutant } from './mutants.ts';
import type { LocalObject } from './replica.ts';
import { synchronise } from './sync.ts';
import { connectionOf, syncVariantOf, type SyncVariant } from './sync-variant.ts';

export interface ImapDeviceOptions {
  name: string;
  endpoint: ImapEndpoint;
  user: string;
  password: string;
  /** Clock for transcript timestamps. Default: the system clock. */
  clock?: () => Date;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Allow COMPRESS=DEFLATE (off by default so transcripts are readable). */
  compress?: boolean;
  /** Record the traffic in the transcripts (default true; off for bulk measurements). */
  record?: boolean;
  /** Use QRESYNC when offered (default true); false keeps the device on CONDSTORE. */
  qresync?: boolean;
  /** The sync variant (default `qresync`); overrides `qresync`. */
  variant?: SyncVariant;
  /** How listen() hears of changes (listener.ts): IDLE (default) or NOTIFY where advertised. */
  listen?: 'idle' | 'notify';
  /** Run as a deliberately broken variant (see mutants.ts); absent for the reference client. */
  mutant?: ClientMutant;
}

class ImapDevice extends ReplicaDevice<number> implements DeviceDriver {
  private readonly clients: ImapClient[] = [];
  private readonly transcripts: TranscriptRecorder[] = [];
  private main: ImapClient | undefined;
  private listener: FolderListener | undefined;
  constructor(private readonly options: ImapDeviceOptions) {
    super(options.name, options.mutant !== 'no-periodic');
  }

  async open(): Promise<void> {
    this.main = await this.connect();
  }

  sync(): Promise<SyncReport> {
    if (!connectionOf(this.options.variant).reconnectPerSync) {
      return this.onMain('sync', async (client) =>
        synchronise(client, this.replica, this.prefs, this.options.mutant),
      );
    }
    // per-sync: login, SELECT and sync on a connection of its own, then LOGOUT.
    return this.serial('sync', async () => {
      const client = await this.connect();
      try {
        return await synchronise(client, this.replica, this.prefs, this.options.mutant);
      } finally {
        await client.logout();
      }
    });
  }

  fetchContent(folder: string, keys: string[]): Promise<void> {
    return this.onMain('fetchContent', async (client) => {
      const local = this.replica.folders.get(folder);
      if (!local) throw new Error(`no local folder ${folder}`);
      const objects: LocalObject[] = [];
      for (const key of keys) {
        const o = this.replica.find(local, key);
        if (!o || o.hidden) throw new Error(`${folder} holds no ${key}`);
        if (!o.raw) objects.push(o);
      }
      if (objects.length === 0) return;
      // Mutant mark-read-on-fetch: a naive client, SELECT (read-write) and BODY[].
      const readOnly = this.options.mutant !== 'mark-read-on-fetch';
      const info = await client.select(folder, { readOnly });
      if (info.uidValidity !== local.uidValidity) {
        throw new Error(
          `${folder}: UIDVALIDITY changed (${local.uidValidity} -> ${info.uidValidity}), sync first`,
        );
      }
      await downloadContent(client, objects, this.options.mutant);
      const missing = objects.filter((o) => !o.raw).map((o) => o.key);
      if (missing.length)
        throw new Error(`${folder}: the server returned no content for ${missing.join(', ')}`);
    });
  }

  copy(folder: string, key: string, targetFolder: string): Promise<void> {
    return this.onMain('copy', async (client) => {
      const local = this.replica.folders.get(folder);
      const known = local ? this.replica.find(local, key) : undefined;
      const info = await client.select(folder);
      let uid = info.uidValidity === local?.uidValidity ? known?.uid : undefined;
      if (uid === undefined) uid = (await findUidsByKey(client, key))[0];
      if (uid === undefined) throw new Error(`${folder} holds no ${key} on the server`);
      await client.copy([uid], this.options.mutant === 'copy-wrong-target' ? folder : targetFolder);
    });
  }

  async listen(folder: string): Promise<void> {
    this.ensureOpen('listen');
    const previous = this.listener;
    this.listener = undefined;
    await previous?.close();
    try {
      this.listener = await FolderListener.start(
        await this.connect(),
        folder,
        this.options.listen ?? 'idle',
      );
    } catch (err) {
      throw new Error(`${this.name}: listen: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }

  async waitForNotification(timeoutMs: number): Promise<boolean> {
    this.ensureOpen('waitForNotification');
    if (!this.listener) throw new Error(`${this.name}: waitForNotification: listen() first`);
    return this.listener.wait(timeoutMs);
  }

  evidence(): Evidence[] {
    return this.transcripts.map((t) => t.evidence());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.close();
    // An operation a stalled store never answers does not hold the case open: after a short
    // grace the connections are dropped instead of logged out.
    let grace: NodeJS.Timeout | undefined;
    const idle = await Promise.race([
      this.settled().then(() => true),
      new Promise<boolean>((resolve) => (grace = setTimeout(() => resolve(false), 1000))),
    ]);
    clearTimeout(grace);
    if (idle) await Promise.all(this.clients.map((c) => c.logout()));
    else for (const c of this.clients) c.close();
  }

  private async connect(): Promise<ImapClient> {
    const { endpoint, user, password, clock } = this.options;
    const client = await connect(endpoint, user, password, {
      label: `${this.name}#${this.transcripts.length + 1} (${user})`,
      onTranscript: (t) => this.transcripts.push(t),
      ...this.extensions(),
      compress: this.options.compress ?? false,
      record: this.options.record ?? true,
      ...(this.options.connectTimeoutMs !== undefined
        ? { connectTimeoutMs: this.options.connectTimeoutMs }
        : {}),
      ...(this.options.commandTimeoutMs !== undefined
        ? { commandTimeoutMs: this.options.commandTimeoutMs }
        : {}),
      ...(clock ? { now: () => clock().getTime() } : {}),
    });
    this.clients.push(client);
    return client;
  }

  /** What a connection ENABLEs: by the variant, else by the `qresync` option. */
  private extensions(): { qresync: boolean; condstore: boolean } {
    if (this.options.variant === undefined) {
      return { qresync: this.options.qresync ?? true, condstore: true };
    }
    const { qresync, condstore } = connectionOf(this.options.variant);
    return { qresync, condstore };
  }

  /** Main-connection work, one at a time, reconnecting when the connection was lost. */
  private onMain<T>(what: string, work: (client: ImapClient) => Promise<T>): Promise<T> {
    return this.serial(what, async () => {
      if (!this.main || !this.main.usable) this.main = await this.connect();
      return work(this.main);
    });
  }
}

/** Create a device and open its main connection (rejects if the store cannot be reached). */
export async function createImapDevice(options: ImapDeviceOptions): Promise<DeviceDriver> {
  if (options.mutant !== undefined) clientMutantByName(options.mutant);
  if (options.variant !== undefined) syncVariantOf(options.variant);
  return opened(new ImapDevice(options));
}
