/**
 * Error mapping for the IMAP client wrapper: every failure becomes one readable line such as
 * `connect 127.0.0.1:1: ECONNREFUSED` or `SELECT Conv1: NO Mailbox doesn't exist: Conv1`.
 */

export class ImapClientError extends Error {
  /** Socket/imapflow error code (ECONNREFUSED, ETIMEOUT, NoConnection...), if any. */
  readonly code: string | undefined;
  /** Tagged status when the server refused the command. */
  readonly status: 'NO' | 'BAD' | undefined;
  /** The bracketed response code of a NO/BAD, e.g. TRYCREATE, NONEXISTENT. */
  readonly responseCode: string | undefined;

  constructor(
    message: string,
    details: { code?: string; status?: 'NO' | 'BAD'; responseCode?: string } = {},
  ) {
    super(message);
    this.name = 'ImapClientError';
    this.code = details.code;
    this.status = details.status;
    this.responseCode = details.responseCode;
  }
}

interface ImapflowErrorShape {
  message?: unknown;
  code?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  serverResponseCode?: unknown;
  authenticationFailed?: unknown;
  response?: unknown;
}

/** Dovecot appends "(0.001 + 0.000 secs)." to every tagged text; it is noise in a report. */
function tidy(text: string): string {
  return text
    .replace(/\s*\(\d+\.\d+( \+ \d+\.\d+)* secs\)\.?$/, '')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
}

/** The bracketed response code of a tagged NO/BAD, from imapflow's parsed response. */
function responseCodeOf(err: ImapflowErrorShape): string | undefined {
  if (typeof err.serverResponseCode === 'string') return err.serverResponseCode.toUpperCase();
  const response = err.response as { attributes?: Array<{ section?: Array<{ value?: unknown }> }> };
  const value = response?.attributes?.[0]?.section?.[0]?.value;
  return typeof value === 'string' ? value.toUpperCase() : undefined;
}

/** One line saying why `err` happened, without the label. */
export function describeError(err: unknown): string {
  if (err instanceof ImapClientError) return err.message;
  if (!err || typeof err !== 'object') return tidy(String(err));
  const e = err as ImapflowErrorShape;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') {
    const text = typeof e.responseText === 'string' ? tidy(e.responseText) : '';
    const bracket = responseCodeOf(e);
    const shown = bracket && !text.startsWith('[') ? `[${bracket}] ` : '';
    return `${e.responseStatus} ${shown}${text}`.trim();
  }
  if (e.authenticationFailed) {
    const text = typeof e.response === 'string' ? tidy(e.response) : '';
    return `authentication failed${text ? ` (${text})` : ''}`;
  }
  if (code && /^E[A-Z]+$/.test(code)) return code;
  if (
    code === 'NoConnection' ||
    code === 'EConnectionClosed' ||
    code === 'ClosedAfterConnectText'
  ) {
    return 'connection closed by the server';
  }
  const message = typeof e.message === 'string' ? tidy(e.message) : 'unknown error';
  return code ? `${message} (${code})` : message;
}

/** Wrap any failure as an ImapClientError whose message is `label: reason`. */
export function labelled(label: string, err: unknown): ImapClientError {
  if (err instanceof ImapClientError && err.message.startsWith(`${label}: `)) return err;
  const e = (err && typeof err === 'object' ? err : {}) as ImapflowErrorShape;
  const status =
    e.responseStatus === 'NO' || e.responseStatus === 'BAD' ? e.responseStatus : undefined;
  const details: { code?: string; status?: 'NO' | 'BAD'; responseCode?: string } = {};
  if (typeof e.code === 'string') details.code = e.code;
  if (status) details.status = status;
  const responseCode = status ? responseCodeOf(e) : undefined;
  if (responseCode) details.responseCode = responseCode;
  if (err instanceof ImapClientError) {
    if (err.code) details.code = err.code;
    if (err.status) details.status = err.status;
    if (err.responseCode) details.responseCode = err.responseCode;
  }
  return new ImapClientError(`${label}: ${describeError(err)}`, details);
}

/**
 * Race `work` against a timer. On timeout `onTimeout` runs (it should tear the connection down
 * so the stuck command is abandoned) and the promise rejects with `label: no answer within N ms`.
 * The timer is always cleared.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  label: string,
  onTimeout: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      try {
        onTimeout();
      } finally {
        reject(new ImapClientError(`${label}: no answer within ${ms} ms`, { code: 'ETIMEOUT' }));
      }
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    throw labelled(label, err);
  } finally {
    clearTimeout(timer);
    // The losing promise may still reject later; it must never surface as unhandled.
    work.catch(() => undefined);
  }
}
