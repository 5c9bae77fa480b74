/**
 * The device's local storage: folders with their server-side sync state (UIDVALIDITY, UIDNEXT,
 * HIGHESTMODSEQ), the objects known by UID, and the local changes not yet pushed (new objects,
 * deletions, flag deltas, new and deleted folders). Pure data, no I/O.
 *
 * Objects outside the partial-sync preferences keep their metadata but are `hidden`: they are
 * not part of localView(), their content is never downloaded automatically, and they let the
 * filters be re-evaluated (and uploads be correlated) without asking the server again.
 */
import type { LocalChange, ObjectSpec } from '../../src/engine/ports.ts';
import type { ObjectType } from '../../src/model/types.ts';
import { cleanFlags, normaliseView, type StoreView } from '../../src/model/view.ts';

/** How the server names an object: an IMAP UID, or an NMS object id. */
export type ObjectId = number | string;

export interface LocalObject<Id extends ObjectId = number> {
  key: string;
  /** The server's id (IMAP UID, NMS object id); undefined while only local (pending upload). */
  uid: Id | undefined;
  flags: Set<string>;
  date: Date;
  type: ObjectType;
  size: number;
  /** The content, when held locally. */
  raw: Buffer | undefined;
  /** Outside the partial-sync preferences: metadata only, not shown. */
  hidden: boolean;
  /** Date window: whether the store's SEARCH SINCE/BEFORE matched this object (undefined: no window). */
  inWindow?: boolean;
  /** Created on this device: always shown, whatever the preferences. */
  local: boolean;
  /** Pending local flag changes (relative to the server). */
  added: Set<string>;
  removed: Set<string>;
  /** Appended, but the UID is not known yet (no UIDPLUS and the search did not find it). */
  uploaded?: boolean;
}

export interface LocalFolder<Id extends ObjectId = number> {
  name: string;
  /** Seen on the server (or created there) at least once. */
  onServer: boolean;
  /** Created on this device: always synchronised, whatever the folder subset. */
  createdHere: boolean;
  uidValidity: number | undefined;
  uidNext: number | undefined;
  highestModseq: bigint | undefined;
  byUid: Map<Id, LocalObject<Id>>;
  /** New local objects not on the server yet. */
  pending: LocalObject<Id>[];
  /** Local deletions not yet done on the server (uid unknown after a UIDVALIDITY change). */
  deleted: Array<{ key: string; uid: Id | undefined }>;
}

export class ReplicaError extends Error {}

export function newFolder<Id extends ObjectId = number>(
  name: string,
  onServer: boolean,
  createdHere = false,
): LocalFolder<Id> {
  return {
    name,
    onServer,
    createdHere,
    uidValidity: undefined,
    uidNext: undefined,
    highestModseq: undefined,
    byUid: new Map(),
    pending: [],
    deleted: [],
  };
}

export function objectFromSpec<Id extends ObjectId = number>(
  spec: ObjectSpec,
  type = spec.type,
): LocalObject<Id> {
  return {
    key: spec.key,
    uid: undefined,
    flags: new Set(cleanFlags(spec.flags)),
    date: spec.date,
    type,
    size: spec.raw.length,
    raw: spec.raw,
    hidden: false,
    local: true,
    added: new Set(),
    removed: new Set(),
  };
}

export function hasPendingChanges<Id extends ObjectId>(folder: LocalFolder<Id>): boolean {
  if (
    !folder.onServer ||
    folder.createdHere ||
    folder.pending.length > 0 ||
    folder.deleted.length > 0
  )
    return true;
  for (const o of folder.byUid.values()) if (o.added.size || o.removed.size) return true;
  return false;
}

/** Forget everything the server told us about a folder; pending local changes stay. */
export function resetServerState<Id extends ObjectId>(folder: LocalFolder<Id>): void {
  folder.uidValidity = undefined;
  folder.uidNext = undefined;
  folder.highestModseq = undefined;
  folder.byUid = new Map();
}

/**
 * Content held anywhere in the replica, by key: an object that appears in another folder
 * (a copy) is the same object, so its content is not downloaded again.
 */
export function contentIndex<Id extends ObjectId>(replica: Replica<Id>): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of replica.folders.values()) {
    for (const o of [...f.byUid.values(), ...f.pending]) if (o.raw) out.set(o.key, o.raw);
  }
  return out;
}

export class Replica<Id extends ObjectId = number> {
  readonly folders = new Map<string, LocalFolder<Id>>();
  /** Folders deleted locally that may still exist on the server. */
  readonly deletedFolders = new Set<string>();
  /** The hierarchy delimiter of the last LIST (undefined before the first sync). */
  delimiter: string | undefined;

  folder(name: string): LocalFolder<Id> {
    const f = this.folders.get(name);
    if (!f) throw new ReplicaError(`no local folder ${name}`);
    return f;
  }

  /** Find an object (known or pending) by its correlation key. */
  find(folder: LocalFolder<Id>, key: string): LocalObject<Id> | undefined {
    for (const o of folder.byUid.values()) if (o.key === key) return o;
    return folder.pending.find((o) => o.key === key);
  }

  apply(change: LocalChange): void {
    switch (change.kind) {
      case 'add':
        return this.add(change.folder, change.object);
      case 'delete':
        return this.remove(change.folder, change.key);
      case 'flags':
        return this.flags(change.folder, change.key, change.add ?? [], change.remove ?? []);
      case 'create-folder':
        return this.createFolder(change.folder);
      case 'delete-folder':
        return this.deleteFolder(change.folder);
    }
  }

  /** A new local object; a folder that does not exist locally is created (new conversation). */
  private add(folderName: string, spec: ObjectSpec): void {
    if (!this.folders.has(folderName)) this.createFolder(folderName);
    const folder = this.folder(folderName);
    const existing = this.find(folder, spec.key);
    if (existing && !existing.hidden) {
      throw new ReplicaError(`add: ${folderName} already holds ${spec.key}`);
    }
    folder.pending.push(objectFromSpec<Id>(spec));
  }

  private remove(folderName: string, key: string): void {
    const folder = this.folder(folderName);
    const pendingIndex = folder.pending.findIndex((o) => o.key === key);
    if (pendingIndex >= 0 && folder.pending[pendingIndex]?.uploaded !== true) {
      folder.pending.splice(pendingIndex, 1);
      return;
    }
    const obj = this.find(folder, key);
    if (!obj || obj.hidden) throw new ReplicaError(`delete: ${folderName} holds no ${key}`);
    if (obj.uid !== undefined) folder.byUid.delete(obj.uid);
    else folder.pending.splice(folder.pending.indexOf(obj), 1);
    folder.deleted.push({ key, uid: obj.uid });
  }

  private flags(folderName: string, key: string, add: string[], remove: string[]): void {
    const folder = this.folder(folderName);
    const obj = this.find(folder, key);
    if (!obj || obj.hidden) throw new ReplicaError(`flags: ${folderName} holds no ${key}`);
    for (const f of add) {
      obj.flags.add(f);
      obj.added.add(f);
      obj.removed.delete(f);
    }
    for (const f of remove) {
      obj.flags.delete(f);
      obj.removed.add(f);
      obj.added.delete(f);
    }
  }

  private createFolder(name: string): void {
    this.deletedFolders.delete(name);
    const existing = this.folders.get(name);
    if (existing) existing.createdHere = true;
    else this.folders.set(name, newFolder<Id>(name, false, true));
  }

  private deleteFolder(name: string): void {
    const folder = this.folder(name);
    this.folders.delete(name);
    if (folder.onServer) this.deletedFolders.add(name);
  }

  /** The local replica as the oracle sees it, with content markers. */
  view(): StoreView {
    const folders = [...this.folders.values()].map((f) => ({
      name: f.name,
      objects: [...f.byUid.values(), ...f.pending]
        .filter((o) => !o.hidden)
        .map((o) => ({
          key: o.key,
          flags: cleanFlags(o.flags),
          content: o.raw ? ('full' as const) : ('metadata' as const),
        })),
    }));
    return normaliseView({ folders });
  }
}
