/**
 * The reference sync client over NMS REST: a simulated device with a local replica (the
 * binding-neutral Replica, keyed by NMS object id), implementing DeviceDriver with the same
 * observable behaviour as the IMAP device. Every request goes through NmsHttp and is
 * recorded as one 'http-exchanges' evidence labelled "<device> (<user>)".
 *
 * Modes: 'strict' (default) applies the subscription's events since its restartToken, then
 * enumerates (nms-events.ts); 'simplified' learns changes from CreatedObjects, VanishedObjects
 * and Flag searches (nms-simplified.ts). One-line Errors; close() leaves nothing running.
 */
import {
  addFlag,
  copyToFolder,
  folderByPath,
  objectUrl,
  searchObjects,
  searchObjectsPage,
  DEFAULT_PAGE_SIZE,
} from '../../../src/bindings/nms/client/index.ts';
import { ExchangeLog } from '../../../src/bindings/nms/http-exchange.ts';
import type { DeviceDriver, SyncReport } from '../../../src/engine/ports.ts';
import type { Evidence } from '../../../src/engine/result.ts';
import { oneLine, opened, ReplicaDevice } from '../replica-device.ts';
import { downloadPayloads } from './nms-content.ts';
import { newDeviceState, type NmsObjectState } from './nms-context.ts';
import { StoreDelivery, SyncEvents } from './nms-events.ts';
import { NmsFolderListener } from './nms-listen.ts';
import { DeviceHttp } from './nms-device-http.ts';
import { nmsClientMutantByName, type NmsClientMutant } from './mutants.ts';
import { keyOf, pathOf } from './nms-object.ts';
import { synchronise } from './nms-sync.ts';

export interface NmsDeviceOptions {
  name: string;
  /** The box root, `{origin}/nms/v1/{store}/{user}`. */
  root: string;
  user: string;
  password: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** maxEntries of searches; default 100. */
  pageSize?: number;
  mode?: 'strict' | 'simplified';
  /**
   * Strict mode: how long a sync waits for the event replay its restart token asked for
   * before the folder walk alone decides (default: timeoutMs, at most 2 s).
   */
  eventWaitMs?: number;
  /** Shared by the devices of one run against one store (default: this device's own). */
  storeDelivery?: StoreDelivery;
  /** Record the exchanges (default true). */
  record?: boolean;
  clock?: () => Date;
  /** Run as a deliberately broken variant (see mutants.ts); absent for the reference client. */
  mutant?: string;
}

class NmsDevice extends ReplicaDevice<string> implements DeviceDriver {
  private readonly http: DeviceHttp;
  private readonly mutant: NmsClientMutant | undefined;
  private readonly state = newDeviceState();
  private readonly events: SyncEvents | undefined;
  private listener: NmsFolderListener | undefined;

  constructor(private readonly options: NmsDeviceOptions) {
    const mutant = options.mutant === undefined ? undefined : nmsClientMutantByName(options.mutant);
    super(options.name, mutant !== 'no-periodic');
    this.mutant = mutant;
    const clock = options.clock;
    this.http = new DeviceHttp(
      {
        root: options.root,
        user: options.user,
        password: options.password,
        log: new ExchangeLog(`${options.name} (${options.user})`),
        record: options.record ?? true,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(clock ? { now: () => clock().getTime() } : {}),
      },
      mutant,
    );
    const wait = options.eventWaitMs ?? Math.min(options.timeoutMs ?? 10_000, 2_000);
    this.events =
      (options.mode ?? 'strict') === 'strict'
        ? new SyncEvents(wait, options.storeDelivery ?? new StoreDelivery(), mutant)
        : undefined;
  }

  open(): Promise<void> {
    return this.serial('open', async () => {
      await searchObjectsPage(this.http, { maxEntries: 1 });
    });
  }

  sync(): Promise<SyncReport> {
    return this.serial('sync', () =>
      synchronise(
        {
          http: this.http,
          replica: this.replica,
          state: this.state,
          prefs: this.prefs,
          pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
          mutant: this.mutant,
        },
        this.events ?? 'simplified',
      ),
    );
  }

  fetchContent(folder: string, keys: string[]): Promise<void> {
    return this.serial('fetchContent', async () => {
      const local = this.replica.folders.get(folder);
      if (!local) throw new Error(`no local folder ${folder}`);
      const objects: NmsObjectState[] = [];
      for (const key of keys) {
        const o = this.replica.find(local, key);
        if (!o || o.hidden) throw new Error(`${folder} holds no ${key}`);
        // Mutant redownloads-payloads: content it holds is downloaded again.
        const wanted = !o.raw || this.mutant === 'redownloads-payloads';
        if (wanted && o.uid !== undefined) objects.push(o);
      }
      await downloadPayloads(this.http, this.state, objects);
      // Mutant mark-read-on-fetch: what the user opens is marked read in the store at once.
      if (this.mutant === 'mark-read-on-fetch')
        for (const o of objects) {
          await addFlag(this.http, o.uid!, '\\Seen');
          o.flags.add('\\Seen');
        }
    });
  }

  copy(folder: string, key: string, targetFolder: string): Promise<void> {
    return this.serial('copy', async () => {
      const target =
        this.state.folderUrls.get(targetFolder) ??
        (await folderByPath(this.http, pathOf(targetFolder)))?.resourceURL;
      if (!target) throw new Error(`no folder ${targetFolder} on the server`);
      // Mutant copy-without-target: the request names the source folder as its target.
      const named =
        this.mutant === 'copy-without-target'
          ? (this.state.folderUrls.get(folder) ??
            (await folderByPath(this.http, pathOf(folder)))?.resourceURL ??
            target)
          : target;
      const local = this.replica.folders.get(folder);
      const known = local ? this.replica.find(local, key)?.uid : undefined;
      let result = known
        ? (await copyToFolder(this.http, named, [objectUrl(this.http, known)]))[0]
        : undefined;
      if (!result || result.code === 404) {
        const source = await this.serverObjectUrl(folder, key);
        result = (await copyToFolder(this.http, named, [source]))[0];
      }
      if (!result || result.code < 200 || result.code >= 300)
        throw new Error(
          `copyToFolder answered ${result?.code ?? 'nothing'} ${result?.reason ?? ''}`.trim(),
        );
    });
  }

  async listen(folder: string): Promise<void> {
    this.ensureOpen('listen');
    const previous = this.listener;
    this.listener = undefined;
    try {
      await previous?.close();
      const url =
        this.state.folderUrls.get(folder) ??
        (await folderByPath(this.http, pathOf(folder)))?.resourceURL;
      if (!url) throw new Error(`no folder ${folder} on the server`);
      const knows = (id: string) => this.replica.folders.get(folder)?.byUid.has(id) ?? false;
      this.listener = await NmsFolderListener.start(this.http, url, knows);
    } catch (err) {
      throw new Error(`${this.name}: listen: ${oneLine(err)}`, { cause: err });
    }
  }

  async waitForNotification(timeoutMs: number): Promise<boolean> {
    this.ensureOpen('waitForNotification');
    if (!this.listener) throw new Error(`${this.name}: waitForNotification: listen() first`);
    // Mutant deaf-callback: what arrives at its callback is never looked at.
    if (this.mutant === 'deaf-callback') return false;
    return this.listener.wait(timeoutMs);
  }

  evidence(): Evidence[] {
    return [this.http.log.evidence()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.settled();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.close().catch(() => undefined);
    await this.events?.close(this.http);
  }

  /** The object's URL on the server, found by key in the folder. */
  private async serverObjectUrl(folder: string, key: string): Promise<string> {
    const ref = await folderByPath(this.http, pathOf(folder));
    if (!ref) throw new Error(`no folder ${folder} on the server`);
    const all = await searchObjects(this.http, { scope: ref.resourceURL, nonRecursive: true });
    const found = all.find((o) => keyOf(o) === key);
    if (!found) throw new Error(`${folder} holds no ${key} on the server`);
    return found.resourceURL;
  }
}

/** Create a device and check that its box answers (rejects when it cannot be reached). */
export async function createNmsDevice(options: NmsDeviceOptions): Promise<DeviceDriver> {
  return opened(new NmsDevice(options));
}
