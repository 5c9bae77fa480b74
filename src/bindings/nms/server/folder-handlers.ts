/**
 * Folders: POST a new one, GET one (its sub-folders and objects, paged and filtered),
 * DELETE (recursive; never the root), GET/PUT its name, and pathToId.
 */
import type { FolderRecord, ObjectRecord } from './backend.ts';
import type { BoxContext, BoxRoutes } from './box-routes.ts';
import { jsonAnswer, noContent } from './box-routes.ts';
import { decodeCursor, encodeCursor, pageAfter } from './cursor.ts';
import { parseJsonBody } from './json-guard.ts';
import { folderOf, normalisePath, parentOf } from './lookups.ts';
import { forbidden, invalid, NmsFault, notFound } from './request-error.ts';
import { isRecord, parseJsonRoot } from './request-body.ts';

export function registerFolderHandlers(routes: BoxRoutes): void {
  routes
    .on('POST', '/folders', createFolder)
    .on('GET', '/folders/operations/pathToId', folderPathToId)
    .on('GET', '/folders/:id', getFolder)
    .on('DELETE', '/folders/:id', (ctx) => {
      const folder = folderOf(ctx);
      if (folder.kind === 'root') throw forbidden('the root folder cannot be deleted');
      ctx.backend.deleteFolder(ctx.box, folder.id);
      return noContent();
    })
    .on('GET', '/folders/:id/folderName', (ctx) => jsonAnswer({ folderName: folderOf(ctx).name }))
    .on('PUT', '/folders/:id/folderName', renameFolder);
}

export function checkFolderName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name === '.' || name === '..')
    throw invalid('name');
  if (name.includes('/') || name === 'operations') throw invalid('name');
  return name;
}

function createFolder(ctx: BoxContext): Response {
  const fields = parseJsonRoot(ctx.body, 'folder');
  const name = checkFolderName(fields.name);
  let parentPath: string;
  if (fields.parentFolder !== undefined) parentPath = parentOf(ctx, fields).path;
  else if (typeof fields.parentFolderPath === 'string')
    parentPath = normalisePath(fields.parentFolderPath);
  else throw invalid('parentFolder');
  const created = ctx.backend.createFolder(ctx.box, parentPath, name);
  const reference = ctx.shapes.folderReference(created);
  return jsonAnswer({ reference }, 201, { location: reference.resourceURL });
}

type Entry = { order: number[] } & ({ folder: FolderRecord } | { object: ObjectRecord });

function getFolder(ctx: BoxContext): Response {
  const folder = folderOf(ctx);
  const filter = ctx.url.searchParams.get('listFilter') ?? 'Both';
  if (!['Folders', 'Objects', 'Both'].includes(filter)) throw invalid('listFilter');
  const maxParam = ctx.url.searchParams.get('maxEntries');
  const max = maxParam === null ? Number.MAX_SAFE_INTEGER : Number(maxParam);
  if (!Number.isInteger(max) || max < 1) throw invalid('maxEntries');
  const fromCursor = ctx.url.searchParams.get('fromCursor');
  const after = fromCursor ? decodeCursor(fromCursor).k : undefined;
  const entries: Entry[] = [];
  if (filter !== 'Objects')
    for (const sub of ctx.backend.folders(ctx.box))
      if (sub.parentId === folder.id) entries.push({ order: [0, ...sub.order], folder: sub });
  if (filter !== 'Folders')
    for (const o of ctx.backend.objects(ctx.box))
      if (o.folderId === folder.id) entries.push({ order: [1, ...o.order], object: o });
  const page = pageAfter(entries, after, max);
  const subFolders = page.items.flatMap((e) => ('folder' in e ? [e.folder] : []));
  const objects = page.items.flatMap((e) => ('object' in e ? [e.object] : []));
  const cursor = page.next ? encodeCursor({ k: page.next }) : undefined;
  return jsonAnswer({ folder: ctx.shapes.folder(folder, subFolders, objects, cursor) });
}

function renameFolder(ctx: BoxContext): Response {
  const folder = folderOf(ctx);
  const parsed = parseJsonBody(ctx.body);
  const name = checkFolderName(isRecord(parsed) ? parsed.folderName : undefined);
  if (folder.kind === 'root') throw new NmsFault(403, 'POL1030', ['/']);
  ctx.backend.renameFolder(ctx.box, folder.id, name);
  return noContent();
}

function folderPathToId(ctx: BoxContext): Response {
  const raw = ctx.url.searchParams.get('path');
  if (raw === null) throw invalid('path');
  const found = ctx.backend.folderByPath(ctx.box, normalisePath(raw));
  if (!found) throw notFound(raw);
  return jsonAnswer({ reference: ctx.shapes.folderReference(found) });
}
