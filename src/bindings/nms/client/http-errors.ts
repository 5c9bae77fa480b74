/**
 * NMS answers that were not accepted, as one-line errors: the status and the
 * `requestError` body (service or policy exception) they carried, or what went wrong
 * before any answer came.
 */
import type { NmsResponse } from './http.ts';

/** An NMS answer that was not accepted: the status and the `requestError` it carried. */
export class NmsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly messageId: string | undefined,
    readonly response: NmsResponse | undefined,
  ) {
    super(message);
    this.name = 'NmsError';
  }
}

/** The `messageId` and `text` of a requestError body, if the answer carried one. */
export function requestErrorOf(json: unknown): { messageId: string; text: string } | undefined {
  const root = (json as { requestError?: Record<string, unknown> } | undefined)?.requestError;
  if (!root || typeof root !== 'object') return undefined;
  const exception = (root.serviceException ?? root.policyException) as
    { messageId?: unknown; text?: unknown; variables?: unknown } | undefined;
  if (!exception || typeof exception.messageId !== 'string') return undefined;
  let text = typeof exception.text === 'string' ? exception.text : '';
  const variables = Array.isArray(exception.variables) ? exception.variables.map(String) : [];
  variables.forEach((value, i) => (text = text.replace(`%${i + 1}`, value)));
  return { messageId: exception.messageId, text };
}

export function errorOf(method: string, url: string, response: NmsResponse): NmsError {
  const found = requestErrorOf(response.json);
  const detail = found
    ? `${found.messageId} ${found.text}`
    : response.body.length
      ? `"${response.body.toString('utf8').slice(0, 120).replace(/\s+/g, ' ')}"`
      : 'no body';
  return new NmsError(
    `${method} ${url}: ${response.status} ${detail}`,
    response.status,
    found?.messageId,
    response,
  );
}

export function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError')
      return `no answer within ${timeoutMs} ms`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
    return error.message;
  }
  return String(error);
}
