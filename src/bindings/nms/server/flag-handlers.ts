/**
 * Flags of an object: the whole list (GET, PUT replaces it) and one flag by its
 * URL-encoded name (GET 204/404, PUT 201 added / 204 already set, DELETE 204 / 404).
 */
import { HttpResponse } from 'msw';
import type { BoxContext, BoxRoutes } from './box-routes.ts';
import { jsonAnswer, noContent } from './box-routes.ts';
import { parseJsonBody } from './json-guard.ts';
import { objectOf } from './lookups.ts';
import { invalid } from './request-error.ts';
import { isRecord, parseJsonRoot, stringList } from './request-body.ts';

export function registerFlagHandlers(routes: BoxRoutes): void {
  routes
    .on('GET', '/objects/:id/flags', (ctx) =>
      jsonAnswer({ flagList: ctx.shapes.flags(objectOf(ctx)) }),
    )
    .on('PUT', '/objects/:id/flags', (ctx) => {
      const object = objectOf(ctx);
      const list = parseJsonRoot(ctx.body, 'flagList');
      ctx.backend.setFlags(ctx.box, object.id, 'replace', stringList(list.flag ?? [], 'flag'));
      return noContent();
    })
    .on('GET', '/objects/:id/flags/:flag', (ctx) =>
      hasFlag(ctx, flagParam(ctx)) ? noContent() : bareNotFound(),
    )
    .on('PUT', '/objects/:id/flags/:flag', (ctx) => {
      const object = objectOf(ctx);
      const flag = flagParam(ctx);
      checkOptionalEmptyBody(ctx.body);
      const added = ctx.backend.setFlags(ctx.box, object.id, 'add', [flag]);
      if (!added) return noContent();
      const location = `${ctx.shapes.objectUrl(object.id)}/flags/${encodeURIComponent(flag)}`;
      return new HttpResponse(null, { status: 201, headers: { location } });
    })
    .on('DELETE', '/objects/:id/flags/:flag', (ctx) => {
      const object = objectOf(ctx);
      const removed = ctx.backend.setFlags(ctx.box, object.id, 'remove', [flagParam(ctx)]);
      return removed ? noContent() : bareNotFound();
    });
}

function flagParam(ctx: BoxContext): string {
  const flag = ctx.params.flag;
  if (typeof flag !== 'string' || flag === '' || /[\s()]/.test(flag)) throw invalid('flag name');
  return flag;
}

function hasFlag(ctx: BoxContext, flag: string): boolean {
  return objectOf(ctx).flags.some((f) => f.toLowerCase() === flag.toLowerCase());
}

/** A flag that is not set: a bare 404. */
function bareNotFound(): Response {
  return new HttpResponse(null, { status: 404 });
}

/** The optional `{}` body of a flag PUT: absent, or a JSON object. */
function checkOptionalEmptyBody(body: Buffer): void {
  if (body.length === 0) return;
  if (!isRecord(parseJsonBody(body))) throw invalid('body');
}
