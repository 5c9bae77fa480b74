/**
 * The msw handler table of one NMS store: every box resource registers its methods here;
 * each resolver runs behind authentication, the box check and the 1 MiB body bound, and
 * never throws (faults become requestError answers). `finish()` adds `405` + `Allow` for
 * every other method on a known resource and `404 SVC0004` for unknown paths.
 */
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { NmsBackend } from './backend.ts';
import { credentialsOf } from './credentials.ts';
import { BoxShapes } from './json-shapes.ts';
import { faultResponse, NmsFault, notFound } from './request-error.ts';
import { readBoundedBody } from './request-body.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Params = Record<string, string | readonly string[] | undefined>;

export interface BoxContext {
  backend: NmsBackend;
  box: string;
  request: Request;
  url: URL;
  params: Params;
  /** The request body, bounded (empty for GET). */
  body: Buffer;
  shapes: BoxShapes;
}

export type BoxResolver = (ctx: BoxContext) => Response | Promise<Response>;

export const STORE_NAME = 'cpmct';

const LOWER = { GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete' } as const;

export class BoxRoutes {
  private readonly handlers: RequestHandler[] = [];
  private readonly allowed = new Map<string, Method[]>();
  private readonly base: string;

  constructor(
    private readonly backend: NmsBackend,
    private readonly origin: string,
  ) {
    this.base = `${origin}/nms/v1/${STORE_NAME}/:box`;
  }

  /** Serve `method` on `{root}{subpath}` (msw path syntax, e.g. `/objects/:id`). */
  on(method: Method, subpath: string, resolver: BoxResolver): this {
    this.allowed.set(subpath, [...(this.allowed.get(subpath) ?? []), method]);
    this.handlers.push(
      http[LOWER[method]](this.base + subpath, async ({ request, params }) => {
        const url = new URL(request.url);
        try {
          const box = this.authorise(request, params.box);
          const body = method === 'GET' ? Buffer.alloc(0) : await readBoundedBody(request);
          const root = `${this.origin}/nms/v1/${STORE_NAME}/${encodeURIComponent(box)}`;
          const shapes = new BoxShapes(root);
          return await resolver({ backend: this.backend, box, request, url, params, body, shapes });
        } catch (error) {
          return faultResponse(error, url.pathname);
        }
      }),
    );
    return this;
  }

  private authorise(request: Request, boxParam: unknown): string {
    if (typeof boxParam !== 'string') throw notFound(new URL(request.url).pathname);
    const credentials = credentialsOf(request.headers.get('authorization'));
    const verdict = this.backend.authorize(boxParam, credentials);
    if (verdict === 'unauthenticated')
      throw new NmsFault(401, 'POL0001', ['credentials missing or wrong'], {
        'www-authenticate': 'Basic realm="cpmct"',
      });
    if (verdict === 'forbidden') throw new NmsFault(403, 'POL0001', ['another box']);
    return boxParam;
  }

  /** The handlers, then 405 for known resources and 404 for anything else at the origin. */
  finish(): RequestHandler[] {
    const refusals: RequestHandler[] = [];
    for (const [subpath, methods] of this.allowed) {
      const allow = methods.join(', ');
      refusals.push(
        http.all(this.base + subpath, () =>
          faultResponse(new NmsFault(405, 'SVC0002', ['method'], { allow }), subpath),
        ),
      );
    }
    const unknown = http.all(`${this.origin}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      return faultResponse(notFound(path), path);
    });
    return [...this.handlers, ...refusals, unknown];
  }
}

/** `200`/`201` JSON answers. */
export function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers });
}

export function noContent(): Response {
  return new HttpResponse(null, { status: 204 });
}
