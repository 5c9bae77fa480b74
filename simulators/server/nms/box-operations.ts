/**
 * What the NMS resources do to the model of one box: folders (create, recursive delete,
 * rename with the folders below), objects (create, user delete, server expiry, flags,
 * copy / move) and the box reset. The mutants' deviation points for these live here.
 */
import type {
  FlagOperation,
  FolderRecord,
  ObjectRecord,
} from '../../../src/bindings/nms/server/backend.ts';
import { NmsFault, notFound } from '../../../src/bindings/nms/server/request-error.ts';
import { normaliseFlags } from '../../../src/model/store.ts';
import type { NmsBox } from './box.ts';
import type { FolderEntry } from './folder-ids.ts';
import { objectIdOf } from './object-index.ts';

const modelName = (path: string): string => path.replace(/^\/+/, '');

/** Model folder names at and below a path, deepest first. */
function namesBelow(box: NmsBox, path: string): string[] {
  const name = modelName(path);
  return box.store
    .listFolders()
    .map((f) => f.name)
    .filter((n) => n === name || n.startsWith(`${name}/`))
    .sort((a, b) => b.length - a.length);
}

export function createFolder(box: NmsBox, parentPath: string, name: string): FolderRecord {
  const path = parentPath === '/' ? `/${name}` : `${parentPath}/${name}`;
  if (box.folderByPath(path)) throw new NmsFault(409, 'SVC0002', [`folder ${path} exists`]);
  if (box.deviates('nms-create-folder-ignored')) return ghostFolder(box, parentPath, path, name);
  box.store.createFolder(modelName(path));
  const created = box.folderByPath(path);
  if (!created) throw new Error(`folder ${path} not created`);
  return created;
}

export function deleteFolder(box: NmsBox, id: string): void {
  const folder = box.folderRecord(id);
  if (!folder) throw notFound(id);
  for (const name of namesBelow(box, folder.path)) box.store.deleteFolder(name);
}

export function renameFolder(box: NmsBox, id: string, name: string): FolderRecord {
  const folder = box.folderRecord(id);
  if (!folder) throw notFound(id);
  const parent = folder.path.slice(0, folder.path.lastIndexOf('/'));
  const target = `${parent}/${name}`;
  if (target === folder.path) return folder;
  if (box.folderByPath(target)) throw new NmsFault(409, 'SVC0002', [`folder ${target} exists`]);
  const from = modelName(folder.path);
  const names = namesBelow(box, folder.path).reverse();
  for (const old of names) box.store.renameFolder(old, modelName(target) + old.slice(from.length));
  return box.folderByPath(target) ?? folder;
}

function located(box: NmsBox, id: string) {
  const found = box.locate(id);
  if (!found) throw notFound(id);
  return found;
}

export function createObject(
  box: NmsBox,
  input: { folderId: string; raw: Buffer; flags: string[]; date?: Date },
): ObjectRecord {
  const entry = box.realise(input.folderId);
  if (box.deviates('nms-store-dropped')) return droppedObject(box, entry, input);
  const { uid } = box.store.append(entry.folder.name, input.raw, {
    flags: input.flags,
    internalDate: input.date ?? box.options.clock(),
  });
  const record = box.objectRecord(entry, uid);
  if (!record) throw new Error('object not stored');
  return record;
}

/** nms-create-folder-ignored: the record a created folder would have; nothing is created. */
function ghostFolder(box: NmsBox, parentPath: string, path: string, name: string): FolderRecord {
  const num = box.folders.reserveNumber();
  return {
    id: `f${num}`,
    kind: 'model',
    path,
    name,
    parentId: box.folderByPath(parentPath)?.id ?? 'root',
    lastModSeq: box.store.highestModseq,
    order: [1, num],
  };
}

/** nms-store-dropped: the record the next object of the folder would have; nothing is stored. */
function droppedObject(
  box: NmsBox,
  entry: FolderEntry,
  input: { raw: Buffer; flags: string[]; date?: Date },
): ObjectRecord {
  const uid = entry.folder.uidNext;
  return {
    id: objectIdOf(entry, uid),
    folderId: entry.id,
    folderPath: `/${entry.folder.name}`,
    flags: input.flags,
    lastModSeq: box.store.highestModseq,
    correlationId: '',
    contentId: '',
    date: input.date ?? box.options.clock(),
    attributes: [],
    parts: [],
    size: input.raw.length,
    created: box.store.highestModseq,
    order: [entry.num, entry.folder.uidValidity, uid],
  };
}

/** Remove one object: a user deletion, or (`expired`) the server's own policy. */
export function removeObject(box: NmsBox, id: string, expired: boolean): void {
  if (!expired && box.deviates('nms-delete-noop')) {
    located(box, id);
    return;
  }
  const { entry, uid } = located(box, id);
  const name = entry.folder.name;
  const mark = `${name}\n${uid}`;
  if (expired) box.expiring.add(mark);
  try {
    box.store.setFlags(name, [uid], 'add', ['\\Deleted']);
    box.store.expunge(name, [uid]);
  } finally {
    box.expiring.delete(mark);
  }
}

export function setFlags(box: NmsBox, id: string, op: FlagOperation, flags: string[]): boolean {
  const { entry, uid } = located(box, id);
  if (box.deviates('nms-flags-ignored')) {
    const current = entry.folder.objects.get(uid)?.flags ?? new Set<string>();
    const wanted = normaliseFlags(flags);
    if (op === 'add') return [...wanted].some((f) => !current.has(f));
    if (op === 'remove') return [...wanted].some((f) => current.has(f));
    return true;
  }
  return box.store.setFlags(entry.folder.name, [uid], op, flags).changed.length > 0;
}

export function copyObject(box: NmsBox, id: string, targetId: string, move: boolean) {
  const { entry, uid } = located(box, id);
  if (!move && box.deviates('nms-copy-same-id')) {
    const same = box.objectRecord(entry, uid);
    if (same) return same;
  }
  const target = box.realise(targetId);
  const from = entry.folder.name;
  const to = target.folder.name;
  const result = move ? box.store.move(from, [uid], to) : box.store.copy(from, [uid], to);
  const newUid = result.targetUids[0];
  const record = newUid !== undefined ? box.objectRecord(target, newUid) : undefined;
  if (!record) throw notFound(id);
  return record;
}

/** The control `resetBox(user)`: every folder gets a new UIDVALIDITY. */
export function resetBox(box: NmsBox): void {
  for (const folder of box.store.listFolders()) box.store.resetFolder(folder.name);
}
