/**
 * The oracle: the project's model predicting what the store and every device must hold.
 * One MessageStore per user stands for the store; each device has the replica the
 * oracle expects of it, derived from the store at its last sync plus its local changes.
 */
import { MessageStore } from '../model/store.ts';
import { cleanFlags, objectKey, type FolderView, type StoreView } from '../model/view.ts';
import type { LocalChange, ObjectSpec } from './ports.ts';
import type { CasePreferences } from '../scenario/types.ts';
import { Provenance, type Cause, type CauseOp } from './provenance.ts';

export interface ExpectedDevice {
  name: string;
  user: string;
  preferences: CasePreferences;
  /** Local changes not yet synchronised. */
  pending: LocalChange[];
  /** The replica the oracle expects now. */
  replica: StoreView;
  /** Keys whose content the device holds (fetched on demand, or created locally). */
  contentHeld: Set<string>;
  /** Keys the device created itself. */
  createdLocally: Set<string>;
  /** Folders the device created itself. */
  foldersCreated: Set<string>;
  /** The step of each pending local change (same order as `pending`). */
  pendingSteps: number[];
  /** The replica the oracle expected before the device's last sync. */
  before: StoreView;
}

export class Oracle {
  readonly stores = new Map<string, MessageStore>();
  readonly specs = new Map<string, ObjectSpec>();
  readonly devices = new Map<string, ExpectedDevice>();
  /** Why each expected object, flag and folder is what it is. */
  readonly provenance = new Provenance();
  /** The step being run (-1 while the case's `given` is set up). */
  step = -1;

  private cause(op: CauseOp, device?: string, step = this.step): Cause {
    return device === undefined ? { op, step } : { op, device, step };
  }

  store(user: string): MessageStore {
    let store = this.stores.get(user);
    if (!store) {
      store = new MessageStore();
      this.stores.set(user, store);
    }
    return store;
  }

  /** Start from what the store under test holds before the case (e.g. an empty INBOX). */
  seed(user: string, view: StoreView): void {
    const store = this.store(user);
    for (const folder of view.folders)
      if (!store.hasFolder(folder.name)) store.createFolder(folder.name);
  }

  addDevice(name: string, user: string, preferences: CasePreferences): void {
    this.devices.set(name, {
      name,
      user,
      preferences,
      pending: [],
      replica: { folders: [] },
      contentHeld: new Set(),
      createdLocally: new Set(),
      foldersCreated: new Set(),
      pendingSteps: [],
      before: { folders: [] },
    });
  }

  device(name: string): ExpectedDevice {
    const device = this.devices.get(name);
    if (!device) throw new Error(`no device ${name}`);
    return device;
  }

  // ---- the store side ------------------------------------------------------

  /** An object arrives in the store: from the network side, or uploaded by device `by`. */
  deliver(user: string, folder: string, spec: ObjectSpec, by?: string, step = this.step): void {
    this.specs.set(spec.key, spec);
    const store = this.store(user);
    const cause = this.cause(by ? 'add' : step < 0 ? 'given' : 'deliver', by, step);
    if (!store.hasFolder(folder)) {
      store.createFolder(folder);
      this.provenance.folder(user, folder, cause);
    }
    store.append(folder, spec.raw, { flags: spec.flags, internalDate: spec.date });
    this.provenance.object(user, folder, spec.key, cause);
    for (const flag of spec.flags) this.provenance.flag(user, folder, spec.key, flag, cause);
  }

  uidOf(user: string, folder: string, key: string): number | undefined {
    const store = this.store(user);
    if (!store.hasFolder(folder)) return undefined;
    return store.objects(folder).find((o) => objectKey(store.content(o.contentId).raw) === key)
      ?.uid;
  }

  deleteObject(user: string, folder: string, key: string, by?: string, step = this.step): void {
    const uid = this.uidOf(user, folder, key);
    if (uid === undefined) return;
    this.provenance.object(user, folder, key, this.cause('delete', by, step));
    const store = this.store(user);
    store.setFlags(folder, [uid], 'add', ['\\Deleted']);
    store.expunge(folder, [uid]);
  }

  setFlags(
    user: string,
    folder: string,
    key: string,
    add: string[],
    remove: string[],
    by?: string,
    step = this.step,
  ): void {
    const uid = this.uidOf(user, folder, key);
    if (uid === undefined) return;
    for (const flag of [...add, ...remove])
      this.provenance.flag(user, folder, key, flag, this.cause('flags', by, step));
    const store = this.store(user);
    if (add.length) store.setFlags(folder, [uid], 'add', add);
    if (remove.length) store.setFlags(folder, [uid], 'remove', remove);
  }

  /** Copy as the store must do it; returns false when the store must refuse it. */
  copy(user: string, folder: string, key: string, target: string, by?: string): boolean {
    const store = this.store(user);
    const uid = this.uidOf(user, folder, key);
    if (uid === undefined || !store.hasFolder(target)) return false;
    store.copy(folder, [uid], target);
    const cause = this.cause('copy', by);
    this.provenance.object(user, target, key, cause);
    this.provenance.copiedBy(user, key);
    const source = store.objects(folder).find((o) => o.uid === uid);
    for (const flag of source?.flags ?? []) this.provenance.flag(user, target, key, flag, cause);
    return true;
  }

  createFolder(user: string, folder: string, by?: string, step = this.step): void {
    const store = this.store(user);
    if (store.hasFolder(folder)) return;
    store.createFolder(folder);
    this.provenance.folder(
      user,
      folder,
      this.cause(step < 0 ? 'given' : 'create-folder', by, step),
    );
  }

  deleteFolder(user: string, folder: string, by?: string, step = this.step): void {
    const store = this.store(user);
    if (!store.hasFolder(folder)) return;
    store.deleteFolder(folder);
    this.provenance.folder(user, folder, this.cause('delete-folder', by, step));
  }

  /** The store rebuilt a folder (new UIDVALIDITY): same objects, new identities. */
  resetFolder(user: string, folder: string): void {
    this.provenance.reset(user, folder, this.step);
  }

  /** Whether the store is expected to hold the object (whatever a device's preferences). */
  inStore(user: string, folder: string, key: string): boolean {
    return this.uidOf(user, folder, key) !== undefined;
  }

  storeView(user: string): StoreView {
    const store = this.store(user);
    return {
      folders: store.listFolders().map((f) => ({
        name: f.name,
        objects: store.objects(f.name).map((o) => ({
          key: objectKey(store.content(o.contentId).raw),
          flags: cleanFlags(o.flags),
        })),
      })),
    };
  }

  // ---- the device side -----------------------------------------------------

  localChange(deviceName: string, change: LocalChange): void {
    const device = this.device(deviceName);
    device.pending.push(change);
    device.pendingSteps.push(this.step);
    if (change.kind === 'add') {
      this.specs.set(change.object.key, change.object);
      device.createdLocally.add(change.object.key);
      device.contentHeld.add(change.object.key);
    }
    if (change.kind === 'create-folder') device.foldersCreated.add(change.folder);
    device.replica = applyToView(device.replica, change);
  }

  /** The device synchronised: its pending changes reach the store, its replica follows the store. */
  synced(deviceName: string): void {
    const device = this.device(deviceName);
    device.pending.forEach((change, i) =>
      this.applyToStore(device, change, device.pendingSteps[i] ?? this.step),
    );
    device.pending = [];
    device.pendingSteps = [];
    device.before = device.replica;
    device.replica = this.expectedReplica(device);
  }

  fetchedContent(deviceName: string, keys: string[]): void {
    const device = this.device(deviceName);
    for (const key of keys) device.contentHeld.add(key);
    device.replica = markContent(device.replica, device, this.sizeOf);
  }

  private readonly sizeOf = (key: string): number => this.specs.get(key)?.raw.length ?? 0;

  private applyToStore(device: ExpectedDevice, change: LocalChange, step: number): void {
    const { user, name } = device;
    switch (change.kind) {
      case 'add':
        return this.deliver(user, change.folder, change.object, name, step);
      case 'delete':
        return this.deleteObject(user, change.folder, change.key, name, step);
      case 'flags':
        return this.setFlags(
          user,
          change.folder,
          change.key,
          change.add ?? [],
          change.remove ?? [],
          name,
          step,
        );
      case 'create-folder':
        return this.createFolder(user, change.folder, name, step);
      case 'delete-folder':
        return this.deleteFolder(user, change.folder, name, step);
    }
  }

  /** Whether a folder takes part in a device's sync (folder-subset preference). */
  folderInScope(device: ExpectedDevice, folder: string): boolean {
    const subset = device.preferences.folders;
    if (!subset || device.foldersCreated.has(folder)) return true;
    return subset.some((p) => (p.endsWith('*') ? folder.startsWith(p.slice(0, -1)) : folder === p));
  }

  private expectedReplica(device: ExpectedDevice): StoreView {
    const view = this.storeView(device.user);
    const folders: FolderView[] = view.folders
      .filter((f) => this.folderInScope(device, f.name))
      .map((f) => ({ name: f.name, objects: this.filterObjects(device, f) }));
    return markContent({ folders }, device, this.sizeOf);
  }

  private filterObjects(device: ExpectedDevice, folder: FolderView): FolderView['objects'] {
    const prefs = device.preferences;
    const passes = folder.objects.filter((o) => {
      const spec = this.specs.get(o.key);
      if (!spec) return true;
      // Day granularity, as IMAP SEARCH SINCE/BEFORE and NMS date criteria on whole days.
      const day = spec.date.toISOString().slice(0, 10);
      if (prefs.since !== undefined && day < prefs.since) return false;
      if (prefs.before !== undefined && day >= prefs.before) return false;
      if (prefs.types && !prefs.types.includes(spec.type)) return false;
      return true;
    });
    let kept = passes;
    if (prefs.latest !== undefined) {
      const dated = (key: string) => this.specs.get(key)?.date.getTime() ?? 0;
      const newest = [...passes].sort((a, b) => dated(b.key) - dated(a.key)).slice(0, prefs.latest);
      kept = passes.filter((o) => newest.includes(o));
    }
    const own = folder.objects.filter((o) => device.createdLocally.has(o.key) && !kept.includes(o));
    return [...kept, ...own];
  }
}

function markContent(
  view: StoreView,
  device: ExpectedDevice,
  sizeOf: (key: string) => number,
): StoreView {
  const prefs = device.preferences;
  const eager = (key: string) =>
    prefs.content === 'eager' && (prefs.maxSize === undefined || sizeOf(key) <= prefs.maxSize);
  return {
    folders: view.folders.map((f) => ({
      name: f.name,
      objects: f.objects.map((o) => ({
        ...o,
        content: device.contentHeld.has(o.key) || eager(o.key) ? 'full' : 'metadata',
      })),
    })),
  };
}

function applyToView(view: StoreView, change: LocalChange): StoreView {
  const folders = view.folders.map((f) => ({ name: f.name, objects: [...f.objects] }));
  const folder = (name: string) => folders.find((f) => f.name === name);
  switch (change.kind) {
    case 'add': {
      let target = folder(change.folder);
      if (!target) folders.push((target = { name: change.folder, objects: [] }));
      target.objects.push({
        key: change.object.key,
        flags: cleanFlags(change.object.flags),
        content: 'full',
      });
      break;
    }
    case 'delete': {
      const target = folder(change.folder);
      if (target) target.objects = target.objects.filter((o) => o.key !== change.key);
      break;
    }
    case 'flags': {
      const target = folder(change.folder);
      if (target)
        target.objects = target.objects.map((o) =>
          o.key !== change.key
            ? o
            : {
                ...o,
                flags: cleanFlags(
                  [...new Set([...o.flags, ...(change.add ?? [])])].filter(
                    (x) => !(change.remove ?? []).includes(x),
                  ),
                ),
              },
        );
      break;
    }
    case 'create-folder':
      if (!folder(change.folder)) folders.push({ name: change.folder, objects: [] });
      break;
    case 'delete-folder':
      return { folders: folders.filter((f) => f.name !== change.folder) };
  }
  return { folders };
}
