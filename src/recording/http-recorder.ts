/**
 * Recording a run: every fetch of this process is watched (the fetch interceptor under msw
 * and nock, observing only) and what the store answered is kept, per case.
 */
import { FetchInterceptor } from '@mswjs/interceptors/fetch';
import { sameOrigin, type RecordedExchange } from './http-recording-file.ts';

/**
 * Watch every fetch of this process and keep what the store answered, in request order.
 * (The fetch interceptor under msw and nock, observing only: nock's own recorder cannot
 * pass a 204 answer through fetch.)
 */
export function startRecording(): {
  beginCase(caseId: string): void;
  stop(origin: string): Record<string, RecordedExchange[]>;
} {
  const interceptor = new FetchInterceptor();
  interceptor.apply();
  const seen: Array<{
    id: string;
    caseId: string;
    url: string;
    method: string;
    answer?: RecordedExchange;
  }> = [];
  let caseId = '';
  interceptor.on('request', ({ request, requestId }) => {
    seen.push({ id: requestId, caseId, url: request.url, method: request.method });
  });
  interceptor.on('response', async ({ response, requestId }) => {
    const entry = seen.find((e) => e.id === requestId);
    if (!entry) return;
    const url = new URL(entry.url);
    const type = response.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await response.clone().arrayBuffer());
    const textual = type === '' || /json|text|xml/i.test(type);
    entry.answer = {
      method: entry.method,
      path: url.pathname + url.search,
      status: response.status,
      headers: keptHeaders(response.headers),
      ...(textual ? { body: bytes.toString('utf8') } : { bodyBase64: bytes.toString('base64') }),
    };
  });
  return {
    beginCase: (id) => void (caseId = id),
    stop(origin) {
      interceptor.dispose();
      const cases: Record<string, RecordedExchange[]> = {};
      for (const e of seen)
        if (e.answer && sameOrigin(e.url, origin)) (cases[e.caseId] ??= []).push(e.answer);
      return cases;
    },
  };
}

/** The answer headers a client reads; dates and connection details are left out. */
function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['content-type', 'location', 'allow', 'www-authenticate']) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}
