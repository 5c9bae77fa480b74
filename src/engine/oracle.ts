/**
 * The oracle: the project's model predicting what the store and every device must hold.
 * One MessageStore per user stands for the store; each device has the replica the
 * oracle expects of it, derived from the store at its last sync plus its local changes.
 */
import { MessageStore } from '../model/store.ts';
import { cleanFlags, objectKey, type FolderView, type StoreView } from '../model/view.ts';
import type { LocalChange, ObjectSpec } from './ports.ts';
import type { CasePreferences } from '../scenario/types.ts';

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
}

export class Oracle {
  readonly stores = new Map<string, MessageStore>();
  readonly specs = new Map<string, ObjectSpec>();
  readonly devices = new Map<string, ExpectedDevice>();

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
    });
  }

  device(name: string): ExpectedDevice {
    const device = this.devices.get(name);
    if (!device) throw new Error(`no device ${name}`);
    return device;
  }

  // ---- the store side ------------------------------------------------------

  deliver(user: string, folder: string, spec: ObjectSpec): void {
    this.specs.set(spec.key, spec);
    const store = this.store(user);
    if (!store.hasFolder(folder)) store.createFolder(folder);
    store.append(folder, spec.raw, { flags: spec.flags, internalDate: spec.date });
  }

  uidOf(user: string, folder: string, key: string): number | undefined {
    const store = this.store(user);
    if (!store.hasFolder(folder)) return undefined;
    return store.objects(folder).find((o) => objectKey(store.content(o.contentId).raw) === key)
      ?.uid;
  }

  deleteObject(user: string, folder: string, key: string): void {
    const uid = this.uidOf(user, folder, key);
    if (uid === undefined) return;
    const store = this.store(user);
    store.setFlags(folder, [uid], 'add', ['\\Deleted']);
    store.expunge(folder, [uid]);
  }

  setFlags(user: string, folder: string, key: string, add: string[], remove: string[]): void {
    const uid = this.uidOf(user, folder, key);
    if (uid === undefined) return;
    const store = this.store(user);
    if (add.length) store.setFlags(folder, [uid], 'add', add);
    if (remove.length) store.setFlags(folder, [uid], 'remove', remove);
  }

  /** Copy as the store must do it; returns false when the store must refuse it. */
  copy(user: string, folder: string, key: string, target: string): boolean {
    const store = this.store(user);
    const uid = this.uidOf(user, folder, key);
    if (uid === undefined || !store.hasFolder(target)) return false;
    store.copy(folder, [uid], target);
    return true;
  }

  createFolder(user: string, folder: string): void {
    const store = this.store(user);
    if (!store.hasFolder(folder)) store.createFolder(folder);
  }

  deleteFolder(user: string, folder: string): void {
    const store = this.store(user);
    if (store.hasFolder(folder)) store.deleteFolder(folder);
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
    for (const change of device.pending) this.applyToStore(device.user, change);
    device.pending = [];
    device.replica = this.expectedReplica(device);
  }

  fetchedContent(deviceName: string, keys: string[]): void {
    const device = this.device(deviceName);
    for (const key of keys) device.contentHeld.add(key);
    device.replica = markContent(device.replica, device, this.sizeOf);
  }

  private readonly sizeOf = (key: string): number => this.specs.get(key)?.raw.length ?? 0;

  private applyToStore(user: string, change: LocalChange): void {
    switch (change.kind) {
      case 'add':
        return this.deliver(user, change.folder, change.object);
      case 'delete':
        return this.deleteObject(user, change.folder, change.key);
      case 'flags':
        return this.setFlags(
          user,
          change.folder,
          change.key,
          change.add ?? [],
          change.remove ?? [],
        );
      case 'create-folder':
        return this.createFolder(user, change.folder);
      case 'delete-folder':
        return this.deleteFolder(user, change.folder);
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
