/**
 * The network side of an NMS store under test (StoreActor): deposits (`POST objects`),
 * deletes and flags objects as the CPM participating function would, creates and deletes
 * folders, and observes the box read-only (searches and GETs only). Exchanges are recorded
 * as "store (<user>)". UIDVALIDITY does not exist over NMS: resetFolder and uidValidity
 * reject (the server's `resetBox` control plays that part).
 */
import {
  createFolder,
  createObject,
  deleteFolder,
  deleteObject,
  addFlag,
  removeFlag,
  folderByPath,
  getPayload,
  listSubscriptions,
  searchObjects,
  searchObjectsPage,
  NmsHttp,
  type NmsObject,
} from '../../../src/bindings/nms/client/index.ts';
import { ExchangeLog } from '../../../src/bindings/nms/http-exchange.ts';
import type { ObjectSpec, StoreActor } from '../../../src/engine/ports.ts';
import type { Evidence } from '../../../src/engine/result.ts';
import type { StoreView } from '../../../src/model/view.ts';
import { probePayloadUrl } from './actor-probe.ts';
import { keyOf, pathOf, splitName } from './nms-object.ts';
import { viewOfBox } from './box-view.ts';

export interface NmsStoreActorOptions {
  /** The box root, `{origin}/nms/v1/{store}/{user}`. */
  root: string;
  user: string;
  password: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  clock?: () => Date;
  /** Exchange label; default "store (<user>)". */
  label?: string;
}

class NmsStoreActor implements StoreActor {
  private readonly http: NmsHttp;
  private closed = false;

  constructor(options: NmsStoreActorOptions) {
    const clock = options.clock;
    this.http = new NmsHttp({
      root: options.root,
      user: options.user,
      password: options.password,
      log: new ExchangeLog(options.label ?? `store (${options.user})`),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(clock ? { now: () => clock().getTime() } : {}),
    });
  }

  /** One search: rejects when the box does not answer. */
  async open(): Promise<void> {
    await this.run('open', (http) => searchObjectsPage(http, { maxEntries: 1 }));
  }

  capabilities(): Promise<Set<string>> {
    return this.run('capabilities', async (http) => {
      const out = new Set(['NMS']);
      if ((await listSubscriptions(http)).status === 200) out.add('SUBSCRIPTIONS');
      if (await probePayloadUrl(http)) out.add('PAYLOAD-URL');
      return out;
    });
  }

  deliver(folder: string, object: ObjectSpec): Promise<void> {
    return this.run(`deliver ${object.key} to ${folder}`, async (http) => {
      let parent = await folderByPath(http, pathOf(folder));
      parent ??= await createFolder(http, splitName(folder));
      await createObject(http, {
        parentFolder: parent.resourceURL,
        flags: object.flags,
        date: object.date,
        raw: object.raw,
      });
    });
  }

  delete(folder: string, key: string): Promise<void> {
    return this.run(`delete ${key} in ${folder}`, async (http) => {
      for (const o of await this.locate(http, folder, key)) await deleteObject(http, o.resourceURL);
    });
  }

  setFlags(folder: string, key: string, add: string[], remove: string[]): Promise<void> {
    return this.run(`flag ${key} in ${folder}`, async (http) => {
      for (const o of await this.locate(http, folder, key)) {
        for (const flag of add) await addFlag(http, o.resourceURL, flag);
        for (const flag of remove) await removeFlag(http, o.resourceURL, flag);
      }
    });
  }

  createFolder(name: string): Promise<void> {
    return this.run(`create folder ${name}`, async (http) => {
      await createFolder(http, splitName(name));
    });
  }

  deleteFolder(name: string): Promise<void> {
    return this.run(`delete folder ${name}`, async (http) => {
      const folder = await folderByPath(http, pathOf(name));
      if (!folder) throw new Error(`no folder ${name}`);
      await deleteFolder(http, folder.resourceURL);
    });
  }

  resetFolder(name: string): Promise<void> {
    return Promise.reject(
      new Error(`store actor: reset folder ${name}: not possible over NMS (no UIDVALIDITY)`),
    );
  }

  opens(folder: string): Promise<boolean> {
    return this.run(
      `pathToId ${folder}`,
      async (http) => !!(await folderByPath(http, pathOf(folder))),
    );
  }

  uidValidity(folder: string): Promise<number> {
    return Promise.reject(
      new Error(`store actor: UIDVALIDITY of ${folder}: not possible over NMS (no UIDVALIDITY)`),
    );
  }

  view(): Promise<StoreView> {
    return this.run('view', (http) => viewOfBox(http));
  }

  contentIdentities(folder: string, key: string): Promise<string[] | undefined> {
    return this.run(`content identities of ${key} in ${folder}`, async (http) => {
      const found = await this.find(http, folder, key);
      return found.map((o) => o.payloadURL).filter((u): u is string => u !== undefined);
    });
  }

  content(folder: string, key: string): Promise<Buffer | undefined> {
    return this.run(`content of ${key} in ${folder}`, async (http) => {
      const o = (await this.find(http, folder, key))[0];
      if (!o) return undefined;
      return getPayload(http, o.payloadURL ?? `${o.resourceURL}/payload`);
    });
  }

  evidence(): Evidence[] {
    return [this.http.log.evidence()];
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The objects of a folder carrying the key (none when the folder is unknown). */
  private async find(http: NmsHttp, folder: string, key: string): Promise<NmsObject[]> {
    const ref = await folderByPath(http, pathOf(folder));
    if (!ref) return [];
    const all = await searchObjects(http, { scope: ref.resourceURL, nonRecursive: true });
    return all.filter((o) => keyOf(o) === key);
  }

  private async locate(http: NmsHttp, folder: string, key: string): Promise<NmsObject[]> {
    const found = await this.find(http, folder, key);
    if (found.length === 0) throw new Error(`${folder} holds no ${key}`);
    return found;
  }

  private async run<T>(what: string, work: (http: NmsHttp) => Promise<T>): Promise<T> {
    try {
      if (this.closed) throw new Error('the actor is closed');
      return await work(this.http);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`store actor: ${what}: ${reason.replace(/\s*\n\s*/g, ' ')}`, { cause: err });
    }
  }
}

/** Create an actor for one box; rejects when the box does not answer. */
export async function createNmsStoreActor(options: NmsStoreActorOptions): Promise<StoreActor> {
  const actor = new NmsStoreActor(options);
  await actor.open();
  return actor;
}
