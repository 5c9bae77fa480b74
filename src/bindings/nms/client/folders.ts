/**
 * Typed NMS folder operations over NmsHttp: folder search and GET with cursor paging,
 * create, delete, pathToId, and copyToFolder (a bulk operation answering one response per
 * source object).
 */
import type { NmsHttp } from './http.ts';
import { DEFAULT_PAGE_SIZE, selectionCriteria } from './objects.ts';
import type { NmsFolder, NmsReference } from './types.ts';

/** `folders/{id}` for an id, the URL itself for a URL. */
export function folderUrl(http: NmsHttp, idOrUrl: string): string {
  return /^https?:/i.test(idOrUrl) ? idOrUrl : http.url(`folders/${encodeURIComponent(idOrUrl)}`);
}

function noRepeat(seen: Set<string>, cursor: string | undefined, what: string): void {
  if (cursor === undefined) return;
  if (seen.has(cursor)) throw new Error(`${what}: cursor ${cursor} repeats`);
  seen.add(cursor);
}

/** Every folder below the scope (default the root), following cursors. */
export async function searchFolders(
  http: NmsHttp,
  options: { scope?: string; maxEntries?: number } = {},
): Promise<NmsFolder[]> {
  const out: NmsFolder[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const answer = await http.json<{ folderList?: { folder?: NmsFolder[]; cursor?: string } }>(
      'POST',
      'folders/operations/search',
      { json: { selectionCriteria: selectionCriteria(options, cursor) } },
    );
    if (!answer.folderList) throw new Error('folders/operations/search: no folderList');
    out.push(...(answer.folderList.folder ?? []));
    cursor = answer.folderList.cursor || undefined;
    noRepeat(seen, cursor, 'folders/operations/search');
  } while (cursor !== undefined);
  return out;
}

/** `GET folders/{id}`, every page of its subfolder and object lists merged into one. */
export async function getFolder(
  http: NmsHttp,
  idOrUrl: string,
  options: { maxEntries?: number; listFilter?: 'Folders' | 'Objects' | 'Both' } = {},
): Promise<NmsFolder> {
  const base = folderUrl(http, idOrUrl);
  const seen = new Set<string>();
  let merged: NmsFolder | undefined;
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({
      maxEntries: String(options.maxEntries ?? DEFAULT_PAGE_SIZE),
      ...(options.listFilter ? { listFilter: options.listFilter } : {}),
      ...(cursor !== undefined ? { fromCursor: cursor } : {}),
    });
    const answer = await http.json<{ folder?: NmsFolder }>('GET', `${base}?${query}`);
    const page = answer.folder;
    if (!page) throw new Error(`GET ${base}: no folder in the answer`);
    if (!merged)
      merged = { ...page, subFolders: { folderReference: [] }, objects: { objectReference: [] } };
    merged.subFolders!.folderReference!.push(...(page.subFolders?.folderReference ?? []));
    merged.objects!.objectReference!.push(...(page.objects?.objectReference ?? []));
    cursor = page.cursor || undefined;
    noRepeat(seen, cursor, `GET ${base}`);
  } while (cursor !== undefined);
  delete merged.cursor;
  return merged;
}

/** `POST folders`; a `409` (folder exists) rejects with an NmsError of status 409. */
export async function createFolder(
  http: NmsHttp,
  folder: { name: string; parentFolder?: string; parentFolderPath?: string },
): Promise<NmsReference> {
  const answer = await http.json<{ reference?: NmsReference }>('POST', 'folders', {
    json: { folder },
  });
  if (!answer.reference?.resourceURL) throw new Error('POST folders: no reference in the answer');
  return answer.reference;
}

/** `DELETE folders/{id}` (recursive). */
export async function deleteFolder(http: NmsHttp, idOrUrl: string): Promise<void> {
  await http.request('DELETE', folderUrl(http, idOrUrl));
}

/** `GET folders/operations/pathToId?path=`: the folder's reference, undefined when unknown. */
export async function folderByPath(http: NmsHttp, path: string): Promise<NmsReference | undefined> {
  const query = new URLSearchParams({ path });
  const answer = await http.request('GET', `folders/operations/pathToId?${query}`, {
    accept: (s) => (s >= 200 && s < 300) || s === 404,
  });
  if (answer.status === 404) return undefined;
  const reference = (answer.json as { reference?: NmsReference } | undefined)?.reference;
  if (!reference?.resourceURL) throw new Error(`pathToId ${path}: no reference in the answer`);
  return reference;
}

export interface BulkResult {
  code: number;
  reason?: string;
  /** The new object's reference, on success. */
  success?: NmsReference;
  failure?: unknown;
}

/** `POST folders/operations/copyToFolder`: one result per source object, in order. */
export async function copyToFolder(
  http: NmsHttp,
  targetFolderUrl: string,
  objectUrls: string[],
): Promise<BulkResult[]> {
  const answer = await http.json<{ bulkResponseList?: { response?: BulkResult[] } }>(
    'POST',
    'folders/operations/copyToFolder',
    {
      json: {
        targetSourceRef: {
          targetRef: targetFolderUrl,
          sourceRefs: {
            objects: { objectReference: objectUrls.map((resourceURL) => ({ resourceURL })) },
          },
        },
      },
    },
  );
  const responses = answer.bulkResponseList?.response;
  if (!responses) throw new Error('copyToFolder: no bulkResponseList in the answer');
  return responses;
}
