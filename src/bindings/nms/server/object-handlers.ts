/** Objects: GET and DELETE one, POST a new one (multipart root-fields + attachments), pathToId. */
import type { BoxRoutes, BoxContext } from './box-routes.ts';
import { jsonAnswer, noContent } from './box-routes.ts';
import { normalisePath, objectOf, parentOf, readObject } from './lookups.ts';
import { invalid, notFound } from './request-error.ts';
import { isRecord, parseForm, parseJsonRoot } from './request-body.ts';

export function registerObjectHandlers(routes: BoxRoutes): void {
  routes
    .on('POST', '/objects', createObject)
    .on('GET', '/objects/operations/pathToId', objectPathToId)
    .on('GET', '/objects/:id', (ctx) =>
      jsonAnswer({ object: ctx.shapes.object(readObject(ctx, objectOf(ctx))) }),
    )
    .on('DELETE', '/objects/:id', (ctx) => {
      ctx.backend.deleteObject(ctx.box, objectOf(ctx).id);
      return noContent();
    });
}

async function partBytes(part: FormDataEntryValue | null, what: string): Promise<Buffer> {
  if (part === null) throw invalid(what);
  if (typeof part === 'string') return Buffer.from(part, 'utf8');
  return Buffer.from(await part.arrayBuffer());
}

function dateAttribute(object: Record<string, unknown>): Date | undefined {
  if (object.attributes === undefined) return undefined;
  const list = isRecord(object.attributes) ? object.attributes.attribute : undefined;
  if (!Array.isArray(list)) throw invalid('attributes');
  const entry = list.find((a) => isRecord(a) && String(a.name).toLowerCase() === 'date');
  const value: unknown = isRecord(entry) ? entry.value : undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const date = new Date(String(text));
  if (Number.isNaN(date.getTime())) throw invalid('Date attribute');
  return date;
}

function flagsOf(object: Record<string, unknown>): string[] {
  if (object.flags === undefined) return [];
  const list = isRecord(object.flags) ? object.flags.flag : undefined;
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) throw invalid('flags');
  return list as string[];
}

async function createObject(ctx: BoxContext): Promise<Response> {
  const form = await parseForm(ctx.body, ctx.request.headers.get('content-type'));
  const fields = parseJsonRoot(await partBytes(form.get('root-fields'), 'root-fields'), 'object');
  const raw = await partBytes(form.get('attachments'), 'attachments');
  if (raw.length === 0) throw invalid('attachments');
  const parent = parentOf(ctx, fields);
  if (parent.kind === 'root') throw invalid('objects cannot be stored in the root folder');
  const date = dateAttribute(fields);
  const created = ctx.backend.createObject(ctx.box, {
    folderId: parent.id,
    raw,
    flags: flagsOf(fields),
    ...(date ? { date } : {}),
  });
  const reference = ctx.shapes.objectReference(created);
  return jsonAnswer({ reference }, 201, { location: reference.resourceURL });
}

function objectPathToId(ctx: BoxContext): Response {
  const raw = ctx.url.searchParams.get('path');
  if (raw === null) throw invalid('path');
  const path = normalisePath(raw);
  const found = ctx.backend.objects(ctx.box).find((o) => ctx.shapes.objectPath(o) === path);
  if (!found) throw notFound(raw);
  return jsonAnswer({ reference: ctx.shapes.objectReference(found) });
}
