/**
 * The set-up's bounded retry: an operation the store refuses for now (an IMAP `NO` without a
 * response code that says it can never succeed, an HTTP 429 or 503) is tried again after
 * 250, 500, 1000 and 2000 ms (3.75 s in all); every refusal is kept for the evidence. The wait
 * is injectable (a store on a virtual clock advances its clock instead of sleeping).
 */

import type { Evidence } from './result.ts';

/** Waits before each new attempt, in ms. */
export const RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000];

/**
 * IMAP response codes (RFC 5530 and others) that say the operation can never succeed as asked:
 * never retried.
 */
const PERMANENT_CODES = new Set([
  'CANNOT',
  'NONEXISTENT',
  'ALREADYEXISTS',
  'NOPERM',
  'TRYCREATE',
  'CLIENTBUG',
  'AUTHENTICATIONFAILED',
  'AUTHORIZATIONFAILED',
  'EXPIRED',
  'PRIVACYREQUIRED',
  'CONTACTADMIN',
  'OVERQUOTA',
]);

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the store answered, as one line, and whether trying again may help. */
export interface Refusal {
  answer: string;
  /** The bracketed IMAP response code, upper case, when there is one. */
  code?: string;
  transient: boolean;
}

/** The store's refusal in an error thrown by an actor, if the error is one. */
export function refusalIn(error: unknown): Refusal | undefined {
  const message = error instanceof Error ? error.message : String(error);
  let status: unknown;
  let code: unknown;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const details = e as { status?: unknown; responseCode?: unknown };
    status ??= details.status;
    code ??= details.responseCode;
  }
  const answer = message.replace(/\s+/g, ' ').trim();
  const imap = /(?:^|[\s:])NO\b(?: \[([A-Z][A-Z0-9-]*)[\] ])?/.exec(message);
  if (status === 'NO' || imap) {
    const responseCode = typeof code === 'string' ? code.toUpperCase() : imap?.[1];
    return {
      answer,
      ...(responseCode ? { code: responseCode } : {}),
      transient: !responseCode || !PERMANENT_CODES.has(responseCode),
    };
  }
  if (/\b(429|503)\b/.test(message)) return { answer, transient: true };
  return undefined;
}

/** One refusal that was retried: what, which attempt, what the store said. */
export interface RetryRecord {
  what: string;
  attempt: number;
  answer: string;
  /** Whether a later attempt was accepted. */
  accepted?: boolean;
}

/**
 * Run `work`; while the store refuses it transiently, wait and try again (bounded). Resolves
 * with its result, or rejects with the last error (the caller quotes the store's answer).
 */
export async function withRetry<T>(
  what: string,
  work: () => Promise<T>,
  sleep: Sleep,
  log: RetryRecord[],
  retryable: (refusal: Refusal) => boolean = (refusal) => refusal.transient,
): Promise<T> {
  const mine: RetryRecord[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await work();
      for (const record of mine) record.accepted = true;
      return result;
    } catch (error) {
      const refusal = refusalIn(error);
      const delay = RETRY_DELAYS_MS[attempt - 1];
      if (!refusal || !retryable(refusal) || delay === undefined) {
        for (const record of mine) record.accepted = false;
        throw error;
      }
      const record: RetryRecord = { what, attempt, answer: refusal.answer };
      mine.push(record);
      log.push(record);
      await sleep(delay);
    }
  }
}

/** RFC 5530 codes by which a store says "busy, try again later". */
export const BUSY_CODES = new Set(['INUSE', 'UNAVAILABLE']);

/** The retried refusals as one evidence note. */
export function retryNote(label: string, retries: readonly RetryRecord[]): Evidence {
  const outcome = (r: RetryRecord) =>
    r.accepted === true ? 'accepted later' : r.accepted === false ? 'still refused' : 'unfinished';
  return {
    kind: 'note',
    label,
    text: retries
      .map((r) => `${r.what}, attempt ${r.attempt}: ${r.answer} -> ${outcome(r)}`)
      .join('\n'),
  };
}
