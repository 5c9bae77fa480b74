/**
 * Folder operations: search (folders below a scope, model and virtual, paged) and
 * copyToFolder / moveToFolder, which answer one bulk response per source object.
 */
import type { BoxContext, BoxRoutes } from './box-routes.ts';
import { jsonAnswer } from './box-routes.ts';
import { decodeCursor, encodeCursor, pageAfter } from './cursor.ts';
import { folderByUrl, objectByUrl } from './lookups.ts';
import { invalid, NmsFault, requestErrorBody } from './request-error.ts';
import { isRecord, objectField, parseJsonRoot } from './request-body.ts';
import { parseSelectionCriteria } from './selection-criteria.ts';

export function registerFolderOperations(routes: BoxRoutes): void {
  routes
    .on('POST', '/folders/operations/search', searchFolders)
    .on('POST', '/folders/operations/copyToFolder', (ctx) => copyOrMove(ctx, false))
    .on('POST', '/folders/operations/moveToFolder', (ctx) => copyOrMove(ctx, true));
}

function searchFolders(ctx: BoxContext): Response {
  const selection = parseSelectionCriteria(parseJsonRoot(ctx.body, 'selectionCriteria'));
  const all = ctx.backend.folders(ctx.box);
  const scope = selection.scopeUrl
    ? folderByUrl(ctx, selection.scopeUrl, 'searchScope')
    : all.find((f) => f.kind === 'root');
  const prefix = scope?.kind === 'root' ? '/' : `${scope?.path ?? ''}/`;
  const below = all.filter((f) =>
    selection.nonRecursive
      ? f.parentId === scope?.id
      : f.kind !== 'root' && f.path.startsWith(prefix),
  );
  const after = selection.fromCursor ? decodeCursor(selection.fromCursor).k : undefined;
  const page = pageAfter(below, after, selection.maxEntries);
  return jsonAnswer({
    folderList: {
      folder: page.items.map((f) => ctx.shapes.folder(f, [], [])),
      ...(page.next ? { cursor: encodeCursor({ k: page.next }) } : {}),
    },
  });
}

function copyOrMove(ctx: BoxContext, move: boolean): Response {
  const ref = parseJsonRoot(ctx.body, 'targetSourceRef');
  const target = folderByUrl(ctx, ref.targetRef, 'targetRef');
  if (target.kind === 'root') throw invalid('targetRef');
  const sources = objectField(ref, 'sourceRefs', 'sourceRefs');
  const list = isRecord(sources.objects) ? sources.objects.objectReference : undefined;
  if (!Array.isArray(list) || !list.every(isRecord)) throw invalid('objectReference');
  const response = list.map((source) => {
    try {
      const object = objectByUrl(ctx, source.resourceURL, 'resourceURL');
      const result = ctx.backend.copyObject(ctx.box, object.id, target.id, move);
      return { code: 201, reason: 'Created', success: ctx.shapes.objectReference(result) };
    } catch (error) {
      if (!(error instanceof NmsFault)) throw error;
      const { requestError } = requestErrorBody(error) as { requestError: unknown };
      return { code: error.status, reason: 'Failed', failure: requestError };
    }
  });
  return jsonAnswer({ bulkResponseList: { response } });
}
