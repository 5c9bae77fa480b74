/**
 * NMS folder ids of one box: `f{n}` once per model folder (kept across renames, never
 * reused), `v{n}` per virtual path (a path that only exists as the parent of model
 * folders), `root` for `/`. Kept in step with the model through `apply(change)`.
 */
import type { FolderRecord } from '../../../src/bindings/nms/server/backend.ts';
import type { MessageStore } from '../../../src/model/store.ts';
import type { Change, Folder } from '../../../src/model/types.ts';

export interface FolderEntry {
  id: string;
  num: number;
  folder: Folder;
  /** Raised by creation, rename and move only. */
  lastModSeq: bigint;
}

export const ROOT_ID = 'root';

export class FolderIds {
  private readonly byName = new Map<string, FolderEntry>();
  private readonly byId = new Map<string, FolderEntry>();
  private readonly virtualIds = new Map<string, string>();
  private readonly virtualPaths = new Map<string, string>();
  private next = 1;

  constructor(private readonly store: MessageStore) {
    for (const folder of store.listFolders()) this.add(folder, store.highestModseq);
  }

  private add(folder: Folder, modseq: bigint): FolderEntry {
    const num = this.next++;
    const entry: FolderEntry = { id: `f${num}`, num, folder, lastModSeq: modseq };
    this.byName.set(folder.name, entry);
    this.byId.set(entry.id, entry);
    return entry;
  }

  /** A folder number no folder will ever get (nms-create-folder-ignored's ghost folders). */
  reserveNumber(): number {
    return this.next++;
  }

  /** Follow a model change; returns the entry it concerns (a deleted one included). */
  apply(change: Change): FolderEntry | undefined {
    if (change.kind === 'folder-created' && this.store.hasFolder(change.folder))
      return this.add(this.store.folder(change.folder), change.modseq);
    if (change.kind === 'folder-renamed' && change.from !== undefined) {
      const entry = this.byName.get(change.from);
      if (!entry) return undefined;
      this.byName.delete(change.from);
      this.byName.set(change.folder, entry);
      entry.lastModSeq = change.modseq;
      return entry;
    }
    const entry = this.byName.get(change.folder);
    if (change.kind === 'folder-deleted' && entry) {
      this.byName.delete(change.folder);
      this.byId.delete(entry.id);
    }
    return entry;
  }

  byFolderName(name: string): FolderEntry | undefined {
    return this.byName.get(name);
  }

  byFolderId(id: string): FolderEntry | undefined {
    return this.byId.get(id);
  }

  /** The model name below a virtual id (still valid or not). */
  virtualPath(id: string): string | undefined {
    return this.virtualPaths.get(id);
  }

  private virtualId(path: string): string {
    let id = this.virtualIds.get(path);
    if (!id) {
      id = `v${this.virtualIds.size + 1}`;
      this.virtualIds.set(path, id);
      this.virtualPaths.set(id, path);
    }
    return id;
  }

  /** The id of the folder at a model name ('' = root), creating a virtual id if needed. */
  idOfName(name: string): string {
    if (name === '') return ROOT_ID;
    return this.byName.get(name)?.id ?? this.virtualId(name);
  }

  /** Root, model and virtual folders, in fixed order. */
  records(): FolderRecord[] {
    const root: FolderRecord = {
      id: ROOT_ID,
      kind: 'root',
      path: '/',
      name: '',
      lastModSeq: 1n,
      order: [0, 0],
    };
    const records = [root];
    const virtual = new Set<string>();
    for (const entry of this.byName.values()) {
      records.push(this.record(entry.folder.name, 'model', entry.num, entry.lastModSeq));
      const segments = entry.folder.name.split('/');
      for (let i = 1; i < segments.length; i++) {
        const prefix = segments.slice(0, i).join('/');
        if (!this.byName.has(prefix)) virtual.add(prefix);
      }
    }
    for (const name of virtual) {
      const num = Number(this.virtualId(name).slice(1));
      records.push(this.record(name, 'virtual', num, 1n));
    }
    return records.sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]!);
  }

  private record(name: string, kind: 'model' | 'virtual', num: number, lastModSeq: bigint) {
    const slash = name.lastIndexOf('/');
    const parentName = slash < 0 ? '' : name.slice(0, slash);
    return {
      id: kind === 'model' ? `f${num}` : `v${num}`,
      kind,
      path: `/${name}`,
      name: name.slice(slash + 1),
      parentId: this.idOfName(parentName),
      lastModSeq,
      order: [kind === 'model' ? 1 : 2, num],
    } satisfies FolderRecord;
  }
}
