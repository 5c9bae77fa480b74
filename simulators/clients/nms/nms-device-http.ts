/**
 * The NMS device's HTTP client: NmsHttp, plus what a well-behaved client does on a busy
 * store: an answer 429 or 503 carrying `Retry-After` (seconds, or an HTTP date) is sent again
 * once that time has passed (capped at MAX_RETRY_WAIT_MS), at most MAX_RETRIES times; any other
 * refusal, or one without `Retry-After`, is an error as before.
 *
 * Two client mutants (mutants.ts) live here, as they touch every request:
 * - ignores-retry-after: the same request is sent again at once;
 * - first-page-only: the `cursor` of every search answer is dropped, so no search follows it.
 */
import { NmsError, NmsHttp, type NmsHttpOptions } from '../../../src/bindings/nms/client/index.ts';
import type { NmsResponse, RequestOptions } from '../../../src/bindings/nms/client/index.ts';
import type { NmsClientMutant } from './mutants.ts';

/** How many times one request is sent again after a Retry-After answer. */
const MAX_RETRIES = 3;
/** The longest Retry-After the device waits for. */
const MAX_RETRY_WAIT_MS = 5_000;

export class DeviceHttp extends NmsHttp {
  constructor(
    options: NmsHttpOptions,
    private readonly mutant?: NmsClientMutant,
    /** How the device waits before sending a request again (tests count the waits). */
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {
    super(options);
  }

  override async request(
    method: string,
    pathOrUrl: string,
    options: RequestOptions = {},
  ): Promise<NmsResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await super.request(method, pathOrUrl, options);
        if (this.mutant === 'first-page-only') dropSearchCursor(response);
        return response;
      } catch (err) {
        const wait = attempt < MAX_RETRIES ? retryAfterMs(err) : undefined;
        if (wait === undefined) throw err;
        await this.sleep(this.mutant === 'ignores-retry-after' ? 0 : wait);
      }
    }
  }
}

/** The wait a 429/503 answer asks for (capped), or undefined when it is not one to retry. */
function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  if (!(err instanceof NmsError) || (err.status !== 429 && err.status !== 503)) return undefined;
  const value = err.response?.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_WAIT_MS);
}

/** Mutant first-page-only: the search answer no longer says that more pages follow. */
function dropSearchCursor(response: NmsResponse): void {
  const json = response.json as Record<string, { cursor?: unknown } | undefined> | undefined;
  if (!json || typeof json !== 'object') return;
  for (const list of [json.objectList, json.folderList, json.objectReferenceList])
    if (list) delete list.cursor;
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
