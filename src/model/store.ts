import { ModelError } from './errors.ts';
import type {
  Change,
  ChangeKind,
  ChangeListener,
  Content,
  FlagOperation,
  Folder,
  StoredObject,
} from './types.ts';

export interface AppendOptions {
  flags?: Iterable<string>;
  internalDate?: Date;
}

export interface SetFlagsResult {
  /** UIDs whose flags actually changed. */
  changed: number[];
  /** UIDs refused because their modseq exceeded UNCHANGEDSINCE. */
  modified: number[];
}

export interface CopyResult {
  uidValidity: number;
  sourceUids: number[];
  targetUids: number[];
}

/** Flags that are session state, never stored (RFC 3501 \Recent). */
const SESSION_FLAGS = new Set(['\\recent']);

/**
 * One user's message store: folders, objects, UIDs, mod-sequences, tombstones,
 * content shared by links, and a change feed. Pure: no I/O, no clock (callers pass dates).
 */
export class MessageStore {
  private readonly folders = new Map<string, Folder>();
  private readonly contents = new Map<string, { content: Content; refs: number }>();
  private readonly listeners = new Set<ChangeListener>();
  private modseq = 1n;
  private nextUidValidity: number;
  private nextContentId = 1;

  constructor(options: { uidValidityBase?: number } = {}) {
    this.nextUidValidity = options.uidValidityBase ?? 1000;
  }

  // ---- change feed -------------------------------------------------------

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get highestModseq(): bigint {
    return this.modseq;
  }

  private bump(folder: Folder): bigint {
    this.modseq += 1n;
    folder.highestModseq = this.modseq;
    return this.modseq;
  }

  private emit(
    kind: ChangeKind,
    folder: string,
    modseq: bigint,
    extra: Partial<Change> = {},
  ): void {
    const change: Change = { kind, folder, modseq, ...extra };
    for (const listener of this.listeners) listener(change);
  }

  // ---- folders -----------------------------------------------------------

  listFolders(): Folder[] {
    return [...this.folders.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  hasFolder(name: string): boolean {
    return this.folders.has(name);
  }

  folder(name: string): Folder {
    const folder = this.folders.get(name);
    if (!folder) throw new ModelError('NONEXISTENT', `no folder ${name}`);
    return folder;
  }

  createFolder(name: string): Folder {
    if (this.folders.has(name)) throw new ModelError('ALREADYEXISTS', `folder ${name} exists`);
    if (name === '') throw new ModelError('CANNOT', 'empty folder name');
    this.modseq += 1n;
    const folder: Folder = {
      name,
      uidValidity: this.nextUidValidity++,
      uidNext: 1,
      highestModseq: this.modseq,
      objects: new Map(),
      tombstones: [],
      metadata: new Map(),
    };
    this.folders.set(name, folder);
    this.emit('folder-created', name, this.modseq);
    return folder;
  }

  deleteFolder(name: string): void {
    const folder = this.folder(name);
    for (const object of folder.objects.values()) this.release(object.contentId);
    this.folders.delete(name);
    this.modseq += 1n;
    this.emit('folder-deleted', name, this.modseq);
  }

  renameFolder(from: string, to: string): void {
    const folder = this.folder(from);
    if (this.folders.has(to)) throw new ModelError('ALREADYEXISTS', `folder ${to} exists`);
    this.folders.delete(from);
    folder.name = to;
    this.folders.set(to, folder);
    this.emit('folder-renamed', to, this.bump(folder), { from });
  }

  /** Rebuild a folder: a new UIDVALIDITY and fresh UIDs for the same objects. */
  resetFolder(name: string): void {
    const folder = this.folder(name);
    const objects = [...folder.objects.values()].sort((a, b) => a.uid - b.uid);
    folder.uidValidity = this.nextUidValidity++;
    folder.objects = new Map();
    folder.tombstones = [];
    folder.uidNext = 1;
    const modseq = this.bump(folder);
    for (const object of objects) {
      object.uid = folder.uidNext++;
      object.modseq = modseq;
      folder.objects.set(object.uid, object);
    }
    this.emit('folder-reset', name, modseq);
  }

  setFolderMetadata(name: string, entry: string, value: string | undefined): void {
    const folder = this.folder(name);
    if (value === undefined) folder.metadata.delete(entry);
    else folder.metadata.set(entry, value);
    this.emit('folder-metadata', name, this.bump(folder));
  }

  // ---- objects -----------------------------------------------------------

  content(id: string): Content {
    const entry = this.contents.get(id);
    if (!entry) throw new ModelError('NONEXISTENT', `no content ${id}`);
    return entry.content;
  }

  /** Number of distinct stored contents: copies that link add none. */
  get contentCount(): number {
    return this.contents.size;
  }

  private retain(id: string): void {
    const entry = this.contents.get(id);
    if (!entry) throw new ModelError('NONEXISTENT', `no content ${id}`);
    entry.refs += 1;
  }

  private release(id: string): void {
    const entry = this.contents.get(id);
    if (!entry) return;
    entry.refs -= 1;
    if (entry.refs <= 0) this.contents.delete(id);
  }

  private addContent(raw: Buffer): string {
    const id = `C${this.nextContentId++}`;
    this.contents.set(id, { content: { id, raw }, refs: 0 });
    return id;
  }

  object(folderName: string, uid: number): StoredObject {
    const object = this.folder(folderName).objects.get(uid);
    if (!object) throw new ModelError('NONEXISTENT', `no object ${uid} in ${folderName}`);
    return object;
  }

  /** Objects of a folder in UID order. */
  objects(folderName: string): StoredObject[] {
    return [...this.folder(folderName).objects.values()].sort((a, b) => a.uid - b.uid);
  }

  append(
    folderName: string,
    raw: Buffer,
    options: AppendOptions = {},
  ): { uid: number; uidValidity: number } {
    if (!this.folders.has(folderName)) throw new ModelError('TRYCREATE', `no folder ${folderName}`);
    const contentId = this.addContent(raw);
    return this.link(folderName, contentId, options);
  }

  private link(
    folderName: string,
    contentId: string,
    options: AppendOptions,
  ): { uid: number; uidValidity: number } {
    const folder = this.folder(folderName);
    this.retain(contentId);
    const modseq = this.bump(folder);
    const object: StoredObject = {
      uid: folder.uidNext++,
      contentId,
      flags: normaliseFlags(options.flags ?? []),
      modseq,
      internalDate: options.internalDate ?? new Date(0),
    };
    folder.objects.set(object.uid, object);
    this.emit('object-new', folderName, modseq, { uid: object.uid });
    return { uid: object.uid, uidValidity: folder.uidValidity };
  }

  setFlags(
    folderName: string,
    uids: Iterable<number>,
    operation: FlagOperation,
    flags: Iterable<string>,
    options: { unchangedSince?: bigint } = {},
  ): SetFlagsResult {
    const folder = this.folder(folderName);
    const wanted = normaliseFlags(flags);
    const result: SetFlagsResult = { changed: [], modified: [] };
    for (const uid of uids) {
      const object = folder.objects.get(uid);
      if (!object) continue;
      if (options.unchangedSince !== undefined && object.modseq > options.unchangedSince) {
        result.modified.push(uid);
        continue;
      }
      const next = applyFlagOperation(object.flags, operation, wanted);
      if (sameFlags(next, object.flags)) continue;
      object.flags = next;
      object.modseq = this.bump(folder);
      result.changed.push(uid);
      this.emit('object-flags', folderName, object.modseq, { uid });
    }
    return result;
  }

  /** Remove \Deleted objects (all, or only those in `uids`); returns the expunged UIDs. */
  expunge(folderName: string, uids?: Iterable<number>): number[] {
    const folder = this.folder(folderName);
    const only = uids ? new Set(uids) : undefined;
    const gone: number[] = [];
    for (const object of this.objects(folderName)) {
      if (!object.flags.has('\\Deleted')) continue;
      if (only && !only.has(object.uid)) continue;
      gone.push(object.uid);
    }
    for (const uid of gone) this.remove(folder, uid);
    return gone;
  }

  private remove(folder: Folder, uid: number): void {
    const object = folder.objects.get(uid);
    if (!object) return;
    folder.objects.delete(uid);
    this.release(object.contentId);
    const modseq = this.bump(folder);
    folder.tombstones.push({ uid, modseq });
    this.emit('object-expunged', folder.name, modseq, { uid });
  }

  /** Copy the linkage of objects into another folder (seed 004, 5.5.2.5). */
  copy(from: string, uids: Iterable<number>, to: string): CopyResult {
    const source = this.folder(from);
    if (!this.folders.has(to)) throw new ModelError('TRYCREATE', `no folder ${to}`);
    const result: CopyResult = {
      uidValidity: this.folder(to).uidValidity,
      sourceUids: [],
      targetUids: [],
    };
    for (const uid of [...uids].sort((a, b) => a - b)) {
      const object = source.objects.get(uid);
      if (!object) continue;
      const copied = this.link(to, object.contentId, {
        flags: object.flags,
        internalDate: object.internalDate,
      });
      result.sourceUids.push(uid);
      result.targetUids.push(copied.uid);
    }
    return result;
  }

  move(from: string, uids: Iterable<number>, to: string): CopyResult {
    const result = this.copy(from, uids, to);
    const folder = this.folder(from);
    for (const uid of result.sourceUids) this.remove(folder, uid);
    return result;
  }

  /** Objects changed (new or flags) and UIDs expunged after `modseq` (CONDSTORE/QRESYNC). */
  changedSince(
    folderName: string,
    modseq: bigint,
  ): { changed: StoredObject[]; vanished: number[] } {
    const folder = this.folder(folderName);
    return {
      changed: this.objects(folderName).filter((o) => o.modseq > modseq),
      vanished: folder.tombstones.filter((t) => t.modseq > modseq).map((t) => t.uid),
    };
  }
}

export function normaliseFlags(flags: Iterable<string>): Set<string> {
  const result = new Set<string>();
  for (const flag of flags) {
    if (SESSION_FLAGS.has(flag.toLowerCase())) continue;
    result.add(canonicalFlag(flag));
  }
  return result;
}

const SYSTEM_FLAGS = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'];

/** System flags are case-insensitive; keep one spelling for them. */
export function canonicalFlag(flag: string): string {
  return SYSTEM_FLAGS.find((f) => f.toLowerCase() === flag.toLowerCase()) ?? flag;
}

function applyFlagOperation(
  current: Set<string>,
  operation: FlagOperation,
  flags: Set<string>,
): Set<string> {
  if (operation === 'replace') return new Set(flags);
  const next = new Set(current);
  for (const flag of flags) {
    if (operation === 'add') next.add(flag);
    else next.delete(flag);
  }
  return next;
}

function sameFlags(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((f) => b.has(f));
}
