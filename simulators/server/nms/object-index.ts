/**
 * What the box remembers about objects beyond the model: for live objects their
 * correlation id and creation position (CreatedObjects, the frozen-lastModSeq mutant);
 * for removed ones a tombstone (VanishedObjects, deletion events), bounded in number.
 */
import type { VanishedRecord } from '../../../src/bindings/nms/server/backend.ts';
import type { MessageStore } from '../../../src/model/store.ts';
import { objectKey } from '../../../src/model/view.ts';
import type { FolderEntry, FolderIds } from './folder-ids.ts';

export interface ObjectInfo {
  id: string;
  folderId: string;
  correlationId: string;
  /** Box position at creation; 0 for objects that were there when the box was opened. */
  created: bigint;
  /** The object's modseq when it was created. */
  firstModseq: bigint;
}

const MAX_TOMBSTONES = 10_000;

export function objectIdOf(entry: FolderEntry, uid: number): string {
  return `${entry.id}-${entry.folder.uidValidity}-${uid}`;
}

export class ObjectIndex {
  private readonly live = new Map<string, ObjectInfo>();
  private readonly tombstones: VanishedRecord[] = [];

  constructor(
    private readonly store: MessageStore,
    folders: FolderIds,
  ) {
    for (const folder of store.listFolders()) {
      const entry = folders.byFolderName(folder.name);
      if (entry) this.indexFolder(entry, 0n, undefined);
    }
  }

  private indexFolder(entry: FolderEntry, created: bigint, firstModseq: bigint | undefined) {
    for (const object of this.store.objects(entry.folder.name))
      this.added(entry, object.uid, created, firstModseq ?? object.modseq);
  }

  added(entry: FolderEntry, uid: number, created: bigint, firstModseq = created): ObjectInfo {
    const object = this.store.object(entry.folder.name, uid);
    const info: ObjectInfo = {
      id: objectIdOf(entry, uid),
      folderId: entry.id,
      correlationId: objectKey(this.store.content(object.contentId).raw),
      created,
      firstModseq,
    };
    this.live.set(info.id, info);
    return info;
  }

  info(id: string): ObjectInfo | undefined {
    return this.live.get(id);
  }

  /** The object left the model: keep a tombstone with the modseq of its removal. */
  vanish(id: string, modseq: bigint): ObjectInfo | undefined {
    const info = this.live.get(id);
    if (!info) return undefined;
    this.live.delete(id);
    this.tombstones.push({ id, lastModSeq: modseq, correlationId: info.correlationId });
    if (this.tombstones.length > MAX_TOMBSTONES) this.tombstones.shift();
    return info;
  }

  vanishFolder(folderId: string, modseq: bigint): void {
    for (const info of [...this.live.values()])
      if (info.folderId === folderId) this.vanish(info.id, modseq);
  }

  /** A new UIDVALIDITY: the old ids are void (no tombstones); the objects count as new. */
  reindex(entry: FolderEntry, modseq: bigint): void {
    for (const info of [...this.live.values()])
      if (info.folderId === entry.id) this.live.delete(info.id);
    this.indexFolder(entry, modseq, modseq);
  }

  vanished(): VanishedRecord[] {
    return [...this.tombstones];
  }
}
