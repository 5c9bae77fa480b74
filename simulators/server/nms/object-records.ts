/** An ObjectRecord (what the front end shows) from a model object of a box. */
import type { ObjectRecord } from '../../../src/bindings/nms/server/backend.ts';
import type { MessageStore } from '../../../src/model/store.ts';
import type { StoredObject } from '../../../src/model/types.ts';
import type { FolderEntry } from './folder-ids.ts';
import { contentFacts, objectDate } from './object-attributes.ts';
import { objectIdOf, type ObjectInfo } from './object-index.ts';

export function objectRecord(
  store: MessageStore,
  entry: FolderEntry,
  object: StoredObject,
  info: ObjectInfo | undefined,
  frozenModSeq: boolean,
): ObjectRecord {
  const content = store.content(object.contentId);
  const facts = contentFacts(content);
  const date = objectDate(content, object);
  return {
    id: objectIdOf(entry, object.uid),
    folderId: entry.id,
    folderPath: `/${entry.folder.name}`,
    flags: [...object.flags],
    lastModSeq: frozenModSeq && info ? info.firstModseq : object.modseq,
    correlationId: facts.correlationId,
    contentId: object.contentId,
    date,
    attributes: [{ name: 'Date', value: [date.toISOString()] }, ...facts.attributes],
    parts: facts.parts,
    size: content.raw.length,
    created: info?.created ?? 0n,
    order: [entry.num, entry.folder.uidValidity, object.uid],
  };
}
