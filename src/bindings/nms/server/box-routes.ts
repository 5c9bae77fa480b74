/**
 * The msw handler table of one NMS store: every box resource registers its methods here;
 * each resolver runs behind authentication, the box check and the 1 MiB body bound, and
 * never throws (faults become requestError answers). JSON or XML is settled here, at the
 * edge (formats.ts): handlers get JSON bytes and answer JSON. `finish()` adds `405` +
 * `Allow` for every other method on a known resource and `404 SVC0004` for unknown paths.
 */
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { NmsBackend } from './backend.ts';
import { credentialsOf } from './credentials.ts';
import { answerFormat, bodyFormatOf, inFormat, jsonBody, type BodyFormat } from './formats.ts';
import { BoxShapes } from './json-shapes.ts';
import { faultResponse, NmsFault, notFound } from './request-error.ts';
import { readBoundedBody } from './request-body.ts';
import { isXmlMediaType } from '../xml.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Params = Record<string, string | readonly string[] | undefined>;

export interface BoxContext {
  backend: NmsBackend;
  box: string;
  request: Request;
  url: URL;
  params: Params;
  /** The request body, bounded (empty for GET), as JSON bytes even when it came as XML. */
  body: Buffer;
  /** How the request body came: a subscription created in XML is notified in XML. */
  format: BodyFormat;
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
        let format = headerFormat(request);
        let response: Response;
        try {
          const box = this.authorise(request, params.box);
          const raw = method === 'GET' ? Buffer.alloc(0) : await readBoundedBody(request);
          format = bodyFormatOf(request, raw);
          const body = jsonBody(raw, format, this.backend.deviates('nms-json-only'));
          const root = `${this.origin}/nms/v1/${STORE_NAME}/${encodeURIComponent(box)}`;
          const shapes = new BoxShapes(root);
          const ctx = { backend: this.backend, box, request, url, params, body, format, shapes };
          response = await resolver(ctx);
        } catch (error) {
          response = faultResponse(error, url.pathname);
        }
        return this.negotiate(request, response, format);
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

  /** The answer in the format the client prefers (always JSON for nms-json-only). */
  private negotiate(request: Request, response: Response, format: BodyFormat) {
    if (this.backend.deviates('nms-json-only')) return response;
    return inFormat(response, answerFormat(request, format));
  }

  /** The handlers, then 405 for known resources and 404 for anything else at the origin. */
  finish(): RequestHandler[] {
    const refusals: RequestHandler[] = [];
    for (const [subpath, methods] of this.allowed) {
      const allow = methods.join(', ');
      refusals.push(
        http.all(this.base + subpath, ({ request }) =>
          this.negotiate(
            request,
            faultResponse(new NmsFault(405, 'SVC0002', ['method'], { allow }), subpath),
            headerFormat(request),
          ),
        ),
      );
    }
    const unknown = http.all(`${this.origin}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      return this.negotiate(request, faultResponse(notFound(path), path), headerFormat(request));
    });
    return [...this.handlers, ...refusals, unknown];
  }
}

/** The body format the Content-Type header announces (before the body is read). */
function headerFormat(request: Request): BodyFormat {
  return isXmlMediaType(request.headers.get('content-type')) ? 'xml' : 'json';
}

/** `200`/`201` JSON answers. */
export function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers });
}

export function noContent(): Response {
  return new HttpResponse(null, { status: 204 });
}
