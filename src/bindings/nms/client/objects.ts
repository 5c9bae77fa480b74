/**
 * Typed NMS object operations over NmsHttp: search with cursor paging, get, create
 * (multipart/form-data: `root-fields` JSON + `attachments` message/rfc822), delete, flags
 * and payload download. Objects are named by id or by resource URL.
 */
import type { NmsHttp } from './http.ts';
import type { NmsObject, NmsReference, SearchOptions } from './types.ts';

export const DEFAULT_PAGE_SIZE = 100;

/** `objects/{id}` for an id, the URL itself for a URL. */
export function objectUrl(http: NmsHttp, idOrUrl: string): string {
  return /^https?:/i.test(idOrUrl) ? idOrUrl : http.url(`objects/${encodeURIComponent(idOrUrl)}`);
}

export interface ObjectPage {
  objects: NmsObject[];
  cursor?: string;
  creationCursor?: string;
}

/** The SelectionCriteria of a search request. */
export function selectionCriteria(options: SearchOptions, fromCursor?: string) {
  return {
    maxEntries: options.maxEntries ?? DEFAULT_PAGE_SIZE,
    ...(fromCursor !== undefined ? { fromCursor } : {}),
    ...(options.scope ? { searchScope: { resourceURL: options.scope } } : {}),
    ...(options.nonRecursive ? { nonRecursiveScope: true } : {}),
    ...(options.criteria?.length
      ? {
          searchCriteria: {
            criterion: options.criteria,
            ...(options.operator ? { operator: options.operator } : {}),
          },
        }
      : {}),
  };
}

/** One page of `POST objects/operations/search`. */
export async function searchObjectsPage(
  http: NmsHttp,
  options: SearchOptions,
  fromCursor?: string,
): Promise<ObjectPage> {
  const answer = await http.json<{ objectList?: ObjectPage & { object?: NmsObject[] } }>(
    'POST',
    'objects/operations/search',
    { json: { selectionCriteria: selectionCriteria(options, fromCursor) } },
  );
  const list = answer.objectList;
  if (!list) throw new Error('objects/operations/search: the answer has no objectList');
  return {
    objects: list.object ?? [],
    ...(list.cursor ? { cursor: list.cursor } : {}),
    ...(list.creationCursor !== undefined ? { creationCursor: list.creationCursor } : {}),
  };
}

/**
 * Every object a search finds, following `cursor` → `fromCursor` until none is left, and the
 * `creationCursor` of the first page (the earliest: nothing created during the walk is missed).
 */
export async function searchAll(
  http: NmsHttp,
  options: SearchOptions,
): Promise<{ objects: NmsObject[]; creationCursor?: string }> {
  const out: NmsObject[] = [];
  const seen = new Set<string>();
  let creationCursor: string | undefined;
  let cursor: string | undefined;
  do {
    const page = await searchObjectsPage(http, options, cursor);
    out.push(...page.objects);
    creationCursor ??= page.creationCursor;
    cursor = page.cursor;
    if (cursor !== undefined) {
      if (seen.has(cursor)) throw new Error(`objects/operations/search: cursor ${cursor} repeats`);
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return { objects: out, ...(creationCursor !== undefined ? { creationCursor } : {}) };
}

/** Every object a search finds (searchAll without the creation cursor). */
export async function searchObjects(http: NmsHttp, options: SearchOptions): Promise<NmsObject[]> {
  return (await searchAll(http, options)).objects;
}

export async function getObject(http: NmsHttp, idOrUrl: string): Promise<NmsObject> {
  const answer = await http.json<{ object?: NmsObject }>('GET', objectUrl(http, idOrUrl));
  if (!answer.object) throw new Error(`GET ${objectUrl(http, idOrUrl)}: no object in the answer`);
  return answer.object;
}

export interface NewObject {
  /** Folder resource URL, or a folder path (`/Default/x`). */
  parentFolder?: string;
  parentFolderPath?: string;
  flags: string[];
  date?: Date;
  raw: Buffer;
}

/** `POST objects` with a multipart body; returns the new object's reference. */
export async function createObject(http: NmsHttp, object: NewObject): Promise<NmsReference> {
  const rootFields = {
    object: {
      ...(object.parentFolder !== undefined ? { parentFolder: object.parentFolder } : {}),
      ...(object.parentFolderPath !== undefined
        ? { parentFolderPath: object.parentFolderPath }
        : {}),
      flags: { flag: object.flags },
      ...(object.date
        ? { attributes: { attribute: [{ name: 'Date', value: [object.date.toISOString()] }] } }
        : {}),
    },
  };
  const form = new FormData();
  form.append(
    'root-fields',
    new Blob([JSON.stringify(rootFields)], { type: 'application/json' }),
    'root-fields.json',
  );
  form.append(
    'attachments',
    new Blob([new Uint8Array(object.raw)], { type: 'message/rfc822' }),
    'object.eml',
  );
  const answer = await http.json<{ reference?: NmsReference }>('POST', 'objects', { body: form });
  if (!answer.reference?.resourceURL) throw new Error('POST objects: no reference in the answer');
  return answer.reference;
}

export async function deleteObject(http: NmsHttp, idOrUrl: string): Promise<void> {
  await http.request('DELETE', objectUrl(http, idOrUrl));
}

function flagUrl(http: NmsHttp, idOrUrl: string, flag: string): string {
  return `${objectUrl(http, idOrUrl)}/flags/${encodeURIComponent(flag)}`;
}

/** `PUT objects/{id}/flags/{flag}`: true when the flag was added, false when already set. */
export async function addFlag(http: NmsHttp, idOrUrl: string, flag: string): Promise<boolean> {
  const answer = await http.request('PUT', flagUrl(http, idOrUrl, flag), { json: {} });
  return answer.status === 201;
}

/**
 * `DELETE objects/{id}/flags/{flag}`: true when removed, false when the flag was not set
 * (`404` on an object that exists).
 */
export async function removeFlag(http: NmsHttp, idOrUrl: string, flag: string): Promise<boolean> {
  const answer = await http.request('DELETE', flagUrl(http, idOrUrl, flag), {
    accept: (s) => (s >= 200 && s < 300) || s === 404,
  });
  if (answer.status !== 404) return true;
  await getObject(http, idOrUrl); // rejects when the object itself is gone
  return false;
}

/** The raw bytes of a payload URL (`payloads/{id}`) or of `objects/{id}/payload`. */
export async function getPayload(http: NmsHttp, urlOrId: string): Promise<Buffer> {
  const url = /^https?:/i.test(urlOrId) ? urlOrId : `${objectUrl(http, urlOrId)}/payload`;
  const answer = await http.request('GET', url, { headers: { accept: 'message/rfc822, */*' } });
  return answer.body;
}
