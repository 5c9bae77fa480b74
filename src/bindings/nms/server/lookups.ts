/** Resolving the folder or object a request names (path parameter, URL or path), or 404. */
import type { FolderRecord, ObjectRecord } from './backend.ts';
import type { BoxContext } from './box-routes.ts';
import { checkId, FOLDER_ID, idFromUrl, OBJECT_ID } from './ids.ts';
import { invalid, notFound } from './request-error.ts';

export function objectOf(ctx: BoxContext): ObjectRecord {
  const id = checkId(ctx.params.id, OBJECT_ID, ctx.url.pathname);
  const found = ctx.backend.object(ctx.box, id);
  if (!found) throw notFound(ctx.url.pathname);
  return found;
}

/**
 * An object whose metadata or content is being read: unchanged, except under the mutant
 * nms-read-sets-seen, where reading sets \Seen (the answer shows it set).
 */
export function readObject(ctx: BoxContext, object: ObjectRecord): ObjectRecord {
  if (!ctx.backend.deviates('nms-read-sets-seen') || object.flags.includes('\\Seen')) return object;
  ctx.backend.setFlags(ctx.box, object.id, 'add', ['\\Seen']);
  return ctx.backend.object(ctx.box, object.id) ?? object;
}

export function folderOf(ctx: BoxContext): FolderRecord {
  const id = checkId(ctx.params.id, FOLDER_ID, ctx.url.pathname);
  const found = ctx.backend.folder(ctx.box, id);
  if (!found) throw notFound(ctx.url.pathname);
  return found;
}

export function folderByUrl(ctx: BoxContext, url: unknown, what: string): FolderRecord {
  const id = idFromUrl(url, ctx.shapes.root, 'folders', what);
  const found = ctx.backend.folder(ctx.box, id);
  if (!found) throw notFound(String(url));
  return found;
}

export function objectByUrl(ctx: BoxContext, url: unknown, what: string): ObjectRecord {
  const id = idFromUrl(url, ctx.shapes.root, 'objects', what);
  const found = ctx.backend.object(ctx.box, id);
  if (!found) throw notFound(String(url));
  return found;
}

/** The parent named by `parentFolder` (URL) or `parentFolderPath`. */
export function parentOf(ctx: BoxContext, fields: Record<string, unknown>): FolderRecord {
  if (fields.parentFolder !== undefined)
    return folderByUrl(ctx, fields.parentFolder, 'parentFolder');
  const path = fields.parentFolderPath;
  if (typeof path !== 'string' || !path.startsWith('/')) throw invalid('parentFolder');
  const found = ctx.backend.folderByPath(ctx.box, normalisePath(path));
  if (!found) throw notFound(path);
  return found;
}

/** `/a//b/` → `/a/b`; refuses `.` and `..` segments. */
export function normalisePath(path: string): string {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) throw invalid('path');
  return '/' + segments.join('/');
}
