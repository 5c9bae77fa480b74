/** NmsEvent JSON: changedObject, deletedObject / expiredObject, changedFolder, deletedFolder, resetBox. */
import type { FolderRecord } from './backend.ts';
import type { BoxShapes } from './json-shapes.ts';

export interface ObjectEventFacts {
  id: string;
  folderId: string;
  flags: string[];
  lastModSeq: bigint;
  correlationId: string;
}

export function changedObjectEvent(shapes: BoxShapes, o: ObjectEventFacts) {
  return {
    changedObject: {
      parentFolder: shapes.folderUrl(o.folderId),
      flags: { flag: [...o.flags] },
      resourceURL: shapes.objectUrl(o.id),
      lastModSeq: Number(o.lastModSeq),
      correlationId: o.correlationId,
    },
  };
}

export function removedObjectEvent(
  shapes: BoxShapes,
  kind: 'deletedObject' | 'expiredObject',
  o: { id: string; lastModSeq: bigint; correlationId: string },
) {
  return {
    [kind]: {
      resourceURL: shapes.objectUrl(o.id),
      lastModSeq: Number(o.lastModSeq),
      correlationId: o.correlationId,
    },
  };
}

export function changedFolderEvent(shapes: BoxShapes, f: FolderRecord) {
  return {
    changedFolder: {
      ...(f.parentId !== undefined ? { parentFolder: shapes.folderUrl(f.parentId) } : {}),
      resourceURL: shapes.folderUrl(f.id),
      name: f.name,
      lastModSeq: Number(f.lastModSeq),
    },
  };
}

export function deletedFolderEvent(shapes: BoxShapes, id: string, lastModSeq: bigint) {
  return { deletedFolder: { resourceURL: shapes.folderUrl(id), lastModSeq: Number(lastModSeq) } };
}

export function resetBoxEvent() {
  return { resetBox: {} };
}
