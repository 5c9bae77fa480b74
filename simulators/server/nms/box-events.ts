/**
 * Model changes of one box as NMS events: keeps folder ids and the object index in step,
 * and says what each change means (an expunge is `expiredObject` only when the server's
 * own expiry control caused it).
 */
import {
  changedFolderEvent,
  changedObjectEvent,
  deletedFolderEvent,
  removedObjectEvent,
  resetBoxEvent,
} from '../../../src/bindings/nms/server/event-shapes.ts';
import type { Change } from '../../../src/model/types.ts';
import type { NmsBox } from './box.ts';
import type { LoggedEvent } from './change-log.ts';
import { objectIdOf } from './object-index.ts';

export function eventsOfChange(box: NmsBox, change: Change): LoggedEvent[] {
  const entry = box.folders.apply(change);
  if (!entry) return [];
  const shapes = box.shapes;
  switch (change.kind) {
    case 'folder-created':
    case 'folder-renamed': {
      const record = box.folderRecord(entry.id);
      if (!record) return [];
      return [{ key: shapes.folderUrl(entry.id), event: changedFolderEvent(shapes, record) }];
    }
    case 'folder-deleted':
      box.objects.vanishFolder(entry.id, change.modseq);
      return [
        {
          key: shapes.folderUrl(entry.id),
          event: deletedFolderEvent(shapes, entry.id, change.modseq),
        },
      ];
    case 'folder-reset':
      box.objects.reindex(entry, change.modseq);
      if (box.deviates('nms-reset-silent')) return [];
      return [{ key: 'resetBox', event: resetBoxEvent() }];
    case 'object-new':
    case 'object-flags': {
      if (change.uid === undefined) return [];
      if (change.kind === 'object-new') box.objects.added(entry, change.uid, change.modseq);
      const record = box.objectRecord(entry, change.uid);
      if (!record) return [];
      return [
        {
          key: shapes.objectUrl(record.id),
          objectId: record.id,
          event: changedObjectEvent(shapes, record),
        },
      ];
    }
    case 'object-expunged': {
      if (change.uid === undefined) return [];
      const id = objectIdOf(entry, change.uid);
      const info = box.objects.vanish(id, change.modseq);
      const expired =
        box.expiring.has(`${entry.folder.name}\n${change.uid}`) &&
        !box.deviates('nms-expiry-as-deletion');
      const facts = { id, lastModSeq: change.modseq, correlationId: info?.correlationId ?? '' };
      const kind = expired ? 'expiredObject' : 'deletedObject';
      return [{ key: shapes.objectUrl(id), event: removedObjectEvent(shapes, kind, facts) }];
    }
    default:
      return [];
  }
}
