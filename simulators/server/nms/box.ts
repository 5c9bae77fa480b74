/**
 * One user's box as the NMS front end sees it: the shared MessageStore, its folder ids,
 * object index, change log and subscriptions, and records of folders and objects by id.
 * The change feed listener never throws into the model.
 */
import type { NmsDeviation } from '../../../src/bindings/nms/server/deviations.ts';
import type { FolderRecord, ObjectRecord } from '../../../src/bindings/nms/server/backend.ts';
import { BoxShapes } from '../../../src/bindings/nms/server/json-shapes.ts';
import { notFound } from '../../../src/bindings/nms/server/request-error.ts';
import type { MessageStore } from '../../../src/model/store.ts';
import { eventsOfChange } from './box-events.ts';
import { ChangeLog } from './change-log.ts';
import type { EventDelivery } from './event-delivery.ts';
import { FolderIds, type FolderEntry } from './folder-ids.ts';
import { ObjectIndex } from './object-index.ts';
import { objectRecord } from './object-records.ts';
import { SubscriptionRegistry } from './subscriptions.ts';

export interface BoxOptions {
  user: string;
  store: MessageStore;
  /** `{origin}/nms/v1/cpmct/{user}` */
  root: string;
  deviates: (name: NmsDeviation) => boolean;
  clock: () => Date;
  delivery: EventDelivery;
}

const OBJECT_ID = /^f([0-9]+)-([0-9]+)-([0-9]+)$/;

export class NmsBox {
  readonly store: MessageStore;
  readonly shapes: BoxShapes;
  readonly folders: FolderIds;
  readonly objects: ObjectIndex;
  readonly log = new ChangeLog();
  readonly subscriptions: SubscriptionRegistry;
  /** `{folder}\n{uid}` of objects being removed by the expiry control. */
  readonly expiring = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(readonly options: BoxOptions) {
    this.store = options.store;
    this.shapes = new BoxShapes(options.root);
    this.folders = new FolderIds(this.store);
    this.objects = new ObjectIndex(this.store, this.folders);
    this.subscriptions = new SubscriptionRegistry(this, options.delivery);
    this.unsubscribe = this.store.onChange((change) => {
      try {
        const events = eventsOfChange(this, change);
        for (const event of events) this.log.append(event);
        if (events.length > 0) this.subscriptions.schedule();
      } catch (error) {
        console.error(`nms box ${options.user}: change ${change.kind} not logged:`, error);
      }
    });
  }

  deviates(name: NmsDeviation): boolean {
    return this.options.deviates(name);
  }

  folderRecords(): FolderRecord[] {
    return this.folders.records();
  }

  folderRecord(id: string): FolderRecord | undefined {
    return this.folderRecords().find((f) => f.id === id);
  }

  folderByPath(path: string): FolderRecord | undefined {
    return this.folderRecords().find((f) => f.path === path);
  }

  objectRecord(entry: FolderEntry, uid: number): ObjectRecord | undefined {
    const object = entry.folder.objects.get(uid);
    if (!object) return undefined;
    const info = this.objects.info(`${entry.id}-${entry.folder.uidValidity}-${uid}`);
    return objectRecord(this.store, entry, object, info, this.deviates('nms-lastmodseq-frozen'));
  }

  /**
   * Every object's record in the fixed order. Kept until the model changes (every model
   * change raises its mod-sequence), so that paging through a large box stays linear.
   */
  objectRecords(): readonly ObjectRecord[] {
    const modseq = this.store.highestModseq;
    if (this.recordCache?.modseq !== modseq)
      this.recordCache = { modseq, records: this.buildObjectRecords() };
    return this.recordCache.records;
  }

  private recordCache: { modseq: bigint; records: readonly ObjectRecord[] } | undefined;

  private buildObjectRecords(): ObjectRecord[] {
    const records: ObjectRecord[] = [];
    for (const folder of this.store.listFolders()) {
      const entry = this.folders.byFolderName(folder.name);
      if (!entry) continue;
      for (const object of this.store.objects(folder.name)) {
        const record = this.objectRecord(entry, object.uid);
        if (record) records.push(record);
      }
    }
    return records.sort(
      (a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]! || a.order[2]! - b.order[2]!,
    );
  }

  /** The folder entry and uid an object id names, when it still exists. */
  locate(id: string): { entry: FolderEntry; uid: number } | undefined {
    const match = OBJECT_ID.exec(id);
    if (!match) return undefined;
    const entry = this.folders.byFolderId(`f${match[1]}`);
    const uid = Number(match[3]);
    if (!entry || entry.folder.uidValidity !== Number(match[2])) return undefined;
    return entry.folder.objects.has(uid) ? { entry, uid } : undefined;
  }

  objectById(id: string): ObjectRecord | undefined {
    const found = this.locate(id);
    return found ? this.objectRecord(found.entry, found.uid) : undefined;
  }

  /** The model folder for a folder id; a virtual folder becomes a model folder here. */
  realise(folderId: string): FolderEntry {
    const model = this.folders.byFolderId(folderId);
    if (model) return model;
    const path = this.folders.virtualPath(folderId);
    const record = this.folderRecord(folderId);
    if (path === undefined || record?.kind !== 'virtual') throw notFound(folderId);
    this.store.createFolder(path);
    const created = this.folders.byFolderName(path);
    if (!created) throw notFound(folderId);
    return created;
  }

  close(): void {
    this.unsubscribe();
    this.subscriptions.stop();
  }
}
