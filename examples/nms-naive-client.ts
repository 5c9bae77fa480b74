/**
 * A deliberately simple sync client over NMS REST (OMA-TS-REST_NetAPI_NMS), written with the
 * platform's fetch only, as a model of what an NMS client does on the wire. It is driven by
 * examples/command-adapter-nms.ts. Each sync follows the steps of 5.5.2.20:
 *   1. list the folders: `POST folders/operations/search`, following `cursor`;
 *   2. reconcile them: `POST folders` for folders created locally, `DELETE folders/{id}` for
 *      folders deleted locally; server folders new to it are added locally, gone ones dropped;
 *   3. per folder, one walk `POST objects/operations/search` (scope = the folder,
 *      non-recursive), metadata only: new ids are taken (a pending upload with the same key is
 *      bound to it instead), missing ids are dropped, flags are taken when `lastModSeq` grew
 *      (a pending local flag change wins); then `POST objects` (multipart) for new local
 *      objects, `DELETE objects/{id}` for local deletions and `PUT`/`DELETE
 *      objects/{id}/flags/{flag}` for local flag changes.
 * Content comes on demand only (`GET objects/{id}/payload`). No subscription, no partial sync.
 * A 429/503 answer with `Retry-After` is sent again once that time has passed.
 */
import type { LocalChange } from '../src/engine/ports.ts';

export interface NmsClientOptions {
  /** The box root: `{origin}{basePath}/{storeName}/{user}`. */
  root: string;
  user: string;
  password: string;
}

interface LocalObject {
  key: string;
  id?: string;
  flags: Set<string>;
  lastModSeq: number;
  raw?: Buffer;
  date?: string;
  added: Set<string>;
  removed: Set<string>;
}

interface LocalFolder {
  url?: string;
  objects: LocalObject[];
  deletedIds: string[];
}

interface NmsObject {
  resourceURL: string;
  correlationId?: string;
  lastModSeq?: number;
  flags?: { flag?: string[] };
}

const PAGE = 100;
const idOf = (url: string) => decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));

export class NaiveNmsClient {
  private readonly folders = new Map<string, LocalFolder>();
  private readonly deletedFolders = new Set<string>();
  private readonly auth: string;

  constructor(private readonly options: NmsClientOptions) {
    this.auth = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  }

  /** One request; answers other than 2xx (and the `ok` statuses given) throw one line. */
  private async call(method: string, path: string, body?: unknown, ok: number[] = []) {
    const url = /^https?:/.test(path) ? path : `${this.options.root}/${path}`;
    for (let attempt = 0; ; attempt++) {
      const json = body !== undefined && !(body instanceof FormData);
      const answer = await fetch(url, {
        method,
        headers: {
          authorization: this.auth,
          accept: 'application/json',
          ...(json ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: json ? JSON.stringify(body) : (body as FormData) } : {}),
      });
      const bytes = Buffer.from(await answer.arrayBuffer());
      const wait = Number(answer.headers.get('retry-after'));
      if ([429, 503].includes(answer.status) && Number.isFinite(wait) && attempt < 3) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 5) * 1000));
        continue;
      }
      if (answer.status >= 300 && !ok.includes(answer.status))
        throw new Error(
          `${method} ${url}: ${answer.status} ${bytes.toString('utf8').slice(0, 200)}`,
        );
      return { status: answer.status, bytes, json: () => JSON.parse(bytes.toString('utf8')) };
    }
  }

  /** A search, every page (`list` = `objectList` or `folderList`, `item` = its array). */
  private async searchAll<T>(what: 'objects' | 'folders', criteria: object): Promise<T[]> {
    const list = what === 'objects' ? 'objectList' : 'folderList';
    const item = what === 'objects' ? 'object' : 'folder';
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const selectionCriteria = {
        maxEntries: PAGE,
        ...criteria,
        ...(cursor ? { fromCursor: cursor } : {}),
      };
      const answer = (
        await this.call('POST', `${what}/operations/search`, { selectionCriteria })
      ).json();
      out.push(...((answer[list]?.[item] as T[] | undefined) ?? []));
      cursor = answer[list]?.cursor;
    } while (cursor);
    return out;
  }

  async sync(): Promise<Record<string, unknown>> {
    const report = {
      foldersListed: 0,
      foldersSynced: [] as string[],
      uploaded: 0,
      deletedOnServer: 0,
    };
    // 1. folders (the root and the store's virtual folders `v{n}` hold no objects of the user)
    const listed = await this.searchAll<{ resourceURL: string; path: string }>('folders', {});
    const onServer = new Map(
      listed
        .filter((f) => f.path !== '/' && !/^v\d+$/.test(idOf(f.resourceURL)))
        .map((f) => [f.path.replace(/^\/+/, ''), f.resourceURL]),
    );
    report.foldersListed = onServer.size;
    // 2. reconcile folders both ways
    for (const name of this.deletedFolders) {
      const url = onServer.get(name);
      if (url) await this.call('DELETE', url, undefined, [404]);
      onServer.delete(name);
    }
    this.deletedFolders.clear();
    for (const [name, folder] of this.folders) {
      if (onServer.has(name)) folder.url = onServer.get(name);
      else if (folder.url)
        this.folders.delete(name); // removed in the store
      else {
        const at = name.lastIndexOf('/');
        const parentFolderPath = at < 0 ? '/' : `/${name.slice(0, at)}`;
        const created = (
          await this.call('POST', 'folders', {
            folder: { parentFolderPath, name: name.slice(at + 1) },
          })
        ).json();
        folder.url = created.reference.resourceURL;
      }
    }
    for (const [name, url] of onServer)
      if (!this.folders.has(name)) this.folders.set(name, { url, objects: [], deletedIds: [] });
    // 3. each folder
    for (const [name, folder] of [...this.folders].sort(([a], [b]) => a.localeCompare(b))) {
      await this.syncFolder(folder);
      report.foldersSynced.push(name);
      report.uploaded += await this.upload(folder);
      report.deletedOnServer += await this.pushDeletions(folder);
      await this.pushFlags(folder);
    }
    return report;
  }

  private async syncFolder(folder: LocalFolder): Promise<void> {
    const listed = await this.searchAll<NmsObject>('objects', {
      searchScope: { resourceURL: folder.url },
      nonRecursiveScope: true,
    });
    const ids = new Set(listed.map((o) => idOf(o.resourceURL)));
    folder.objects = folder.objects.filter((o) => o.id === undefined || ids.has(o.id));
    for (const o of listed) {
      const id = idOf(o.resourceURL);
      if (folder.deletedIds.includes(id)) continue;
      const flags = o.flags?.flag ?? [];
      const known = folder.objects.find((l) => l.id === id);
      const pending = known ?? folder.objects.find((l) => !l.id && l.key === o.correlationId);
      if (!pending) {
        if (flags.includes('\\Deleted')) continue;
        const key = o.correlationId ?? id;
        folder.objects.push({
          key,
          id,
          flags: new Set(flags),
          lastModSeq: o.lastModSeq ?? 0,
          added: new Set(),
          removed: new Set(),
        });
        continue;
      }
      pending.id = id;
      if (known && (o.lastModSeq ?? 0) <= known.lastModSeq) continue;
      pending.lastModSeq = o.lastModSeq ?? 0;
      pending.flags = new Set([...flags.filter((f) => !pending.removed.has(f)), ...pending.added]);
      if (pending.flags.has('\\Deleted')) folder.objects.splice(folder.objects.indexOf(pending), 1);
    }
  }

  private async upload(folder: LocalFolder): Promise<number> {
    let count = 0;
    for (const o of folder.objects.filter((l) => !l.id && l.raw)) {
      const rootFields = {
        object: {
          parentFolder: folder.url,
          flags: { flag: [...o.flags] },
          ...(o.date ? { attributes: { attribute: [{ name: 'Date', value: [o.date] }] } } : {}),
        },
      };
      const form = new FormData();
      form.append(
        'root-fields',
        new Blob([JSON.stringify(rootFields)], { type: 'application/json' }),
      );
      form.append(
        'attachments',
        new Blob([new Uint8Array(o.raw!)], { type: 'message/rfc822' }),
        'object.eml',
      );
      o.id = idOf((await this.call('POST', 'objects', form)).json().reference.resourceURL);
      o.added.clear();
      o.removed.clear();
      count++;
    }
    return count;
  }

  private async pushDeletions(folder: LocalFolder): Promise<number> {
    for (const id of folder.deletedIds)
      await this.call('DELETE', `objects/${encodeURIComponent(id)}`, undefined, [404]);
    const count = folder.deletedIds.length;
    folder.deletedIds = [];
    return count;
  }

  private async pushFlags(folder: LocalFolder): Promise<void> {
    for (const o of folder.objects) {
      if (!o.id) continue;
      const flagUrl = (f: string) =>
        `objects/${encodeURIComponent(o.id!)}/flags/${encodeURIComponent(f)}`;
      for (const f of o.added) await this.call('PUT', flagUrl(f), {});
      for (const f of o.removed) await this.call('DELETE', flagUrl(f), undefined, [404]);
      o.added.clear();
      o.removed.clear();
    }
  }

  /** Content on demand: `GET objects/{id}/payload`. */
  async fetchContent(name: string, keys: string[]): Promise<void> {
    for (const key of keys) {
      const o = this.object(name, key);
      if (!o.raw && o.id)
        o.raw = (await this.call('GET', `objects/${encodeURIComponent(o.id)}/payload`)).bytes;
    }
  }

  /** A change made by the user while offline (the protocol's applyLocalChange). */
  apply(change: LocalChange): void {
    const name = change.folder;
    const folder = this.folders.get(name) ?? { objects: [], deletedIds: [] };
    switch (change.kind) {
      case 'add': {
        const o = change.object;
        this.folders.set(name, folder);
        folder.objects.push({
          key: o.key,
          flags: new Set(o.flags),
          lastModSeq: 0,
          raw: o.raw,
          date: o.date.toISOString(),
          added: new Set(),
          removed: new Set(),
        });
        return;
      }
      case 'delete': {
        const o = this.object(name, change.key);
        folder.objects.splice(folder.objects.indexOf(o), 1);
        if (o.id) folder.deletedIds.push(o.id);
        return;
      }
      case 'flags': {
        const o = this.object(name, change.key);
        for (const f of change.add ?? []) {
          o.flags.add(f);
          if (!o.removed.delete(f)) o.added.add(f);
        }
        for (const f of change.remove ?? []) {
          o.flags.delete(f);
          if (!o.added.delete(f)) o.removed.add(f);
        }
        return;
      }
      case 'create-folder':
        this.folders.set(name, folder);
        return;
      case 'delete-folder':
        this.folders.delete(name);
        this.deletedFolders.add(name);
        return;
    }
  }

  private object(name: string, key: string): LocalObject {
    const o = this.folders.get(name)?.objects.find((l) => l.key === key);
    if (!o) throw new Error(`${name} holds no ${key}`);
    return o;
  }

  /** The protocol's local state. */
  view(): { folders: Array<{ name: string; objects: Array<Record<string, unknown>> }> } {
    return {
      folders: [...this.folders].map(([name, f]) => ({
        name,
        objects: f.objects.map((o) => ({
          key: o.key,
          flags: [...o.flags],
          content: o.raw ? 'full' : 'metadata',
        })),
      })),
    };
  }
}
