/**
 * The network side of an IMAP store under test (StoreActor): deposits, deletes and flags objects
 * as the CPM participating function would, and observes the store read-only. One connection,
 * labelled "store (<user>)" in its transcript.
 *
 * view() is strictly read-only: LIST, then EXAMINE (never SELECT) of each selectable folder and
 * `UID FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (IMDN-Message-ID Message-ID)])`.
 * Objects flagged \Deleted but not expunged are reported as they are, with the flag.
 */
import {
  connect,
  type ImapClient,
  type ImapEndpoint,
  type TranscriptRecorder,
} from '../../src/bindings/imap/client/index.ts';
import { ImapClientError } from '../../src/bindings/imap/client/index.ts';
import type { ObjectSpec, StoreActor } from '../../src/engine/ports.ts';
import type { Evidence } from '../../src/engine/result.ts';
import { cleanFlags, normaliseView, objectKey, type StoreView } from '../../src/model/view.ts';
import { resetFolder } from './actor-reset.ts';
import { findUidsByKey } from './find-by-key.ts';

/** RFC 6154 special-use attributes (lower case). */
const SPECIAL_USES = new Set(
  ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'].map((u) =>
    u.toLowerCase(),
  ),
);

/** How long close() lets an operation in progress finish before dropping the connections. */
const CLOSE_GRACE_MS = 1000;

export interface ImapStoreActorOptions {
  endpoint: ImapEndpoint;
  user: string;
  password: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  compress?: boolean;
  /** Record the traffic in the transcripts (default true). */
  record?: boolean;
  /** Clock for transcript timestamps. */
  clock?: () => Date;
  /** Transcript label; default "store (<user>)". */
  label?: string;
}

class ImapStoreActor implements StoreActor {
  private client: ImapClient | undefined;
  private readonly clients: ImapClient[] = [];
  private readonly transcripts: TranscriptRecorder[] = [];
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ImapStoreActorOptions) {}

  async open(): Promise<void> {
    this.client = await this.connect();
  }

  async capabilities(): Promise<Set<string>> {
    return this.run('capabilities', async (c) => c.capabilities());
  }

  deliver(folder: string, object: ObjectSpec): Promise<void> {
    return this.run(`deliver ${object.key} to ${folder}`, async (c) => {
      try {
        await c.append(folder, object.raw, object.flags, object.date);
      } catch (err) {
        if (!(err instanceof ImapClientError && err.responseCode === 'TRYCREATE')) throw err;
        await c.create(folder);
        await c.append(folder, object.raw, object.flags, object.date);
      }
    });
  }

  delete(folder: string, key: string): Promise<void> {
    return this.run(`delete ${key} in ${folder}`, async (c) => {
      const uids = await this.locate(c, folder, key);
      await c.store(uids, '+', ['\\Deleted']);
      await c.expunge(uids);
    });
  }

  setFlags(folder: string, key: string, add: string[], remove: string[]): Promise<void> {
    return this.run(`flag ${key} in ${folder}`, async (c) => {
      const uids = await this.locate(c, folder, key);
      await c.store(uids, '+', add);
      await c.store(uids, '-', remove);
    });
  }

  createFolder(name: string): Promise<void> {
    return this.run(`create folder ${name}`, (c) => c.create(name));
  }

  deleteFolder(name: string): Promise<void> {
    return this.run(`delete folder ${name}`, (c) => c.delete(name));
  }

  resetFolder(name: string): Promise<void> {
    return this.run(`reset folder ${name}`, (c) => resetFolder(c, name));
  }

  view(): Promise<StoreView> {
    return this.run('view', async (c) => {
      const folders: StoreView['folders'] = [];
      for (const f of await c.list()) {
        if (!f.selectable) continue;
        const info = await c.select(f.path, { readOnly: true });
        const objects: StoreView['folders'][number]['objects'] = [];
        if (info.exists > 0) {
          const { messages } = await c.fetch('1:*', {
            flags: true,
            headers: ['IMDN-Message-ID', 'Message-ID'],
          });
          for (const m of messages) {
            objects.push({
              key: objectKey(m.headers ?? Buffer.alloc(0)),
              flags: cleanFlags(m.flags),
            });
          }
        }
        folders.push({ name: f.path, objects });
      }
      return normaliseView({ folders });
    });
  }

  /** RFC 6154 special uses, from the LIST attributes (Dovecot sends them in a plain LIST). */
  specialUseFolders(): Promise<Map<string, string[]>> {
    return this.run('special-use folders', async (c) => {
      const uses = new Map<string, string[]>();
      for (const f of await c.list()) {
        const special = f.flags.filter((flag) => SPECIAL_USES.has(flag.toLowerCase()));
        if (special.length) uses.set(f.path, special);
      }
      return uses;
    });
  }

  /** SELECT, every UID flagged \Deleted, then (UID) EXPUNGE: objects sharing a key included. */
  emptyFolder(name: string): Promise<void> {
    return this.run(`empty folder ${name}`, async (c) => {
      const info = await c.select(name);
      if (info.exists === 0) return;
      const uids = await c.searchUids(['ALL']);
      await c.store(uids, '+', ['\\Deleted']);
      await c.expunge(uids);
    });
  }

  opens(folder: string): Promise<boolean> {
    return this.run(`STATUS of ${folder}`, async (c) => {
      try {
        await c.status(folder);
        return true;
      } catch (error) {
        if (error instanceof ImapClientError && error.status) return false;
        throw error;
      }
    });
  }

  uidValidity(folder: string): Promise<number> {
    return this.run(`UIDVALIDITY of ${folder}`, async (c) => {
      const status = await c.status(folder);
      if (status.uidValidity === undefined)
        throw new Error('the STATUS response has no UIDVALIDITY');
      return status.uidValidity;
    });
  }

  contentIdentities(folder: string, key: string): Promise<string[] | undefined> {
    return this.run(`content identities of ${key} in ${folder}`, async (c) => {
      if (!c.has('OBJECTID')) return undefined;
      await c.select(folder, { readOnly: true });
      const uids = await findUidsByKey(c, key);
      if (uids.length === 0) return [];
      const { messages } = await c.fetch(uids.join(','), { flags: true });
      return messages.map((m) => m.emailId).filter((id): id is string => id !== undefined);
    });
  }

  content(folder: string, key: string): Promise<Buffer | undefined> {
    return this.run(`content of ${key} in ${folder}`, async (c) => {
      await c.select(folder, { readOnly: true });
      const uid = (await findUidsByKey(c, key))[0];
      if (uid === undefined) return undefined;
      const { messages } = await c.fetch(String(uid), { source: true });
      return messages[0]?.source;
    });
  }

  evidence(): Evidence[] {
    return this.transcripts.map((t) => t.evidence());
  }

  /**
   * LOGOUT once the operation in progress is done; an operation still waiting after a short
   * grace (a store that stalls) does not hold the case open: the connections are dropped.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let grace: NodeJS.Timeout | undefined;
    const idle = await Promise.race([
      this.queue.then(() => true),
      new Promise<boolean>((resolve) => (grace = setTimeout(() => resolve(false), CLOSE_GRACE_MS))),
    ]);
    clearTimeout(grace);
    if (idle) await Promise.all(this.clients.map((c) => c.logout()));
    else for (const c of this.clients) c.close();
  }

  /** SELECT the folder and find the object; rejects when it is not there. */
  private async locate(c: ImapClient, folder: string, key: string): Promise<number[]> {
    await c.select(folder);
    const uids = await findUidsByKey(c, key);
    if (uids.length === 0) throw new Error(`${folder} holds no ${key}`);
    return uids;
  }

  private async connect(): Promise<ImapClient> {
    const o = this.options;
    const client = await connect(o.endpoint, o.user, o.password, {
      label:
        o.label ??
        `store${this.transcripts.length ? `#${this.transcripts.length + 1}` : ''} (${o.user})`,
      onTranscript: (t) => this.transcripts.push(t),
      compress: o.compress ?? false,
      record: o.record ?? true,
      ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      ...(o.commandTimeoutMs !== undefined ? { commandTimeoutMs: o.commandTimeoutMs } : {}),
      ...(o.clock ? { now: () => o.clock!().getTime() } : {}),
    });
    this.clients.push(client);
    return client;
  }

  /** One operation at a time on the connection, reconnecting when it was lost. */
  private run<T>(what: string, work: (c: ImapClient) => Promise<T>): Promise<T> {
    const go = async (): Promise<T> => {
      try {
        if (this.closed) throw new Error('the actor is closed');
        if (!this.client || !this.client.usable) this.client = await this.connect();
        return await work(this.client);
      } catch (err) {
        throw new Error(
          `store actor: ${what}: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
    };
    const result = this.queue.then(go, go);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

export async function createImapStoreActor(options: ImapStoreActorOptions): Promise<StoreActor> {
  const actor = new ImapStoreActor(options);
  await actor.open();
  return actor;
}
