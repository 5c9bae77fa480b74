/** Payloads: the raw object by content id or by object id, and first-level parts (1-based). */
import { HttpResponse } from 'msw';
import type { BoxContext, BoxRoutes } from './box-routes.ts';
import { objectOf, readObject } from './lookups.ts';
import { notFound } from './request-error.ts';

const CONTENT_ID = /^[A-Za-z0-9_-]+$/;

export function registerPayloadHandlers(routes: BoxRoutes): void {
  routes
    .on('GET', '/payloads/:contentId', (ctx) => {
      const id = ctx.params.contentId;
      const raw =
        typeof id === 'string' && CONTENT_ID.test(id)
          ? ctx.backend.payload(ctx.box, id)
          : undefined;
      if (!raw) throw notFound(ctx.url.pathname);
      // Only the nms-read-sets-seen mutant changes anything when a payload is read.
      if (ctx.backend.deviates('nms-read-sets-seen'))
        for (const o of ctx.backend.objects(ctx.box)) if (o.contentId === id) readObject(ctx, o);
      return bytes(raw, 'message/rfc822');
    })
    .on('GET', '/objects/:id/payload', (ctx) => {
      const raw = ctx.backend.payload(ctx.box, readObject(ctx, objectOf(ctx)).contentId);
      if (!raw) throw notFound(ctx.url.pathname);
      return bytes(raw, 'message/rfc822');
    })
    .on('GET', '/objects/:id/payloadParts/:n', (ctx) => {
      const part = readObject(ctx, objectOf(ctx)).parts[partIndex(ctx)];
      if (!part) throw notFound(ctx.url.pathname);
      return bytes(part.body, part.contentType);
    });
}

function partIndex(ctx: BoxContext): number {
  const n = ctx.params.n;
  if (typeof n !== 'string' || !/^[1-9][0-9]{0,5}$/.test(n)) throw notFound(ctx.url.pathname);
  return Number(n) - 1;
}

function bytes(body: Buffer, contentType: string): Response {
  return new HttpResponse(new Uint8Array(body), {
    status: 200,
    headers: { 'content-type': contentType, 'content-length': String(body.length) },
  });
}
