/**
 * `POST /objects/operations/search`: objects in scope matching the criteria, in the fixed
 * order, paged by an opaque cursor; `CreatedObjects` answers carry the new creation cursor;
 * `VanishedObjects` answers the references of remembered deletions instead.
 */
import type { FolderRecord, ObjectRecord } from './backend.ts';
import type { BoxContext, BoxRoutes } from './box-routes.ts';
import { jsonAnswer } from './box-routes.ts';
import { matchesCriteria, minDateOneDayEarlier } from './criteria-match.ts';
import { creationCursor, decodeCursor, encodeCursor, pageAfter } from './cursor.ts';
import { folderByUrl } from './lookups.ts';
import { parseJsonRoot } from './request-body.ts';
import { parseSelectionCriteria } from './selection-criteria.ts';

export function registerObjectSearch(routes: BoxRoutes): void {
  routes.on('POST', '/objects/operations/search', searchObjects);
}

export function inScope(o: ObjectRecord, scope: FolderRecord, nonRecursive: boolean): boolean {
  if (o.folderId === scope.id) return true;
  if (nonRecursive) return false;
  return scope.kind === 'root' || o.folderPath.startsWith(scope.path + '/');
}

function searchObjects(ctx: BoxContext): Response {
  const selection = parseSelectionCriteria(parseJsonRoot(ctx.body, 'selectionCriteria'));
  const scope = selection.scopeUrl
    ? folderByUrl(ctx, selection.scopeUrl, 'searchScope')
    : ctx.backend.folder(ctx.box, 'root');
  if (selection.search.criterion.some((c) => c.type === 'VanishedObjects')) {
    const objectReference = ctx.backend
      .vanished(ctx.box)
      .map((v) => ({ resourceURL: ctx.shapes.objectUrl(v.id) }));
    return jsonAnswer({ objectReferenceList: { objectReference } });
  }
  const state = selection.fromCursor ? decodeCursor(selection.fromCursor) : undefined;
  const creation = state?.c ?? creationCursor(ctx.backend.creationPosition(ctx.box));
  const search = ctx.backend.deviates('nms-date-min-off-by-one')
    ? minDateOneDayEarlier(selection.search)
    : selection.search;
  const matching = ctx.backend
    .objects(ctx.box)
    .filter((o) => !scope || inScope(o, scope, selection.nonRecursive))
    .filter((o) => matchesCriteria(o, search));
  const skip = state !== undefined && ctx.backend.deviates('nms-paging-skips');
  const page = pageAfter(matching, state?.k, selection.maxEntries, skip);
  return jsonAnswer({
    objectList: {
      object: page.items.map((o) => ctx.shapes.object(o)),
      ...(page.next ? { cursor: encodeCursor({ k: page.next, c: creation }) } : {}),
      creationCursor: creation,
    },
  });
}
