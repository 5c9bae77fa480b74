/**
 * What an NMS store answered, case by case, in request order, as the HTTP recorder and replay
 * read it. Requests are kept by method and path only: no bodies, and never credentials. Files
 * are written in the format of both bindings (recording-file.ts); this shape, under its own
 * format name, is how earlier versions wrote them, and they still read.
 */

export const RECORDING_FORMAT = 'cpmct-http-recording/1';

export interface HttpRecording {
  format: typeof RECORDING_FORMAT;
  profile: string;
  seed: number;
  recordedAt: string;
  /** The store's origin, e.g. http://127.0.0.1:8080. */
  origin: string;
  /**
   * What the store answered to each request, in request order, by the case that sent it
   * ("" for what came before the first case: the feature probe).
   */
  cases: Record<string, RecordedExchange[]>;
}

export interface RecordedExchange {
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  headers: Record<string, string>;
  /** A textual answer (JSON, text, XML)... */
  body?: string;
  /** ...or any other, base64. */
  bodyBase64?: string;
}

export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
