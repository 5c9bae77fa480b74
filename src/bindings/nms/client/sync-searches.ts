/**
 * The searches of NMS simplified synchronisation (OMA NMS; docs/nms-contract.md, objects):
 * `CreatedObjects` since a creation cursor (the answer carries the next one),
 * `VanishedObjects` (an `objectReferenceList`, not an `objectList`; the criterion stands
 * alone) and the `Flag` criterion (set or not set).
 */
import type { NmsHttp } from './http.ts';
import { DEFAULT_PAGE_SIZE, searchAll, selectionCriteria } from './objects.ts';
import type { NmsCriterion, NmsObject, NmsReference } from './types.ts';

/** `{type: Flag, name, value: "true"|"false"}`: objects with (or without) the flag. */
export function flagCriterion(name: string, set: boolean): NmsCriterion {
  return { type: 'Flag', name, value: set ? 'true' : 'false' };
}

/**
 * Every object created after `since` (`""`: every object), following the paging cursor,
 * and the creation cursor to give next time.
 */
export async function createdObjects(
  http: NmsHttp,
  since: string,
  maxEntries = DEFAULT_PAGE_SIZE,
): Promise<{ objects: NmsObject[]; creationCursor: string }> {
  const answer = await searchAll(http, {
    criteria: [{ type: 'CreatedObjects', value: since }],
    maxEntries,
  });
  if (answer.creationCursor === undefined)
    throw new Error('CreatedObjects search: the answer has no creationCursor');
  return { objects: answer.objects, creationCursor: answer.creationCursor };
}

interface ReferencePage {
  objectReferenceList?: { objectReference?: NmsReference[]; cursor?: string };
}

/** The resource URLs of the objects the store removed and still remembers. */
export async function vanishedObjects(
  http: NmsHttp,
  maxEntries = DEFAULT_PAGE_SIZE,
): Promise<string[]> {
  const options = { criteria: [{ type: 'VanishedObjects', value: '' }], maxEntries };
  const out: string[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const answer = await http.json<ReferencePage>('POST', 'objects/operations/search', {
      json: { selectionCriteria: selectionCriteria(options, cursor) },
    });
    const list = answer.objectReferenceList;
    if (!list) throw new Error('VanishedObjects search: the answer has no objectReferenceList');
    out.push(...(list.objectReference ?? []).map((r) => r.resourceURL));
    cursor = list.cursor;
    if (cursor !== undefined && seen.has(cursor))
      throw new Error(`VanishedObjects search: cursor ${cursor} repeats`);
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
  return out;
}
