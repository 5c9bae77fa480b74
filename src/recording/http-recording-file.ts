/**
 * The file of a recorded run (`cpmct run --record-http`): what an NMS store answered, case
 * by case, in request order. Requests are kept by method and path only: no bodies, and
 * never credentials.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../reporting/atomic-write.ts';
import { UsageError } from '../cli/usage.ts';

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

export async function saveRecording(file: string, recording: HttpRecording): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(recording, null, 1) + '\n');
}

export function loadRecording(file: string): HttpRecording {
  let parsed: Partial<HttpRecording>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<HttpRecording>;
  } catch (error) {
    throw new UsageError(
      `${file}: not a cpmct HTTP recording (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (parsed.format !== RECORDING_FORMAT || typeof parsed.cases !== 'object' || !parsed.origin)
    throw new UsageError(`${file}: not a cpmct HTTP recording (format ${RECORDING_FORMAT})`);
  return parsed as HttpRecording;
}

export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
