/**
 * The one recording file of both bindings (`cpmct run --record FILE`): what the store under
 * test said, case by case. NMS: each HTTP answer, matched by method and path. IMAP: each
 * connection's bytes in both directions, in order, the device's login redacted. Never a
 * credential. A file of the older `cpmct-http-recording/1` format reads as an NMS recording.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../config/usage-error.ts';
import { writeFileAtomic } from '../reporting/atomic-write.ts';
import {
  RECORDING_FORMAT as HTTP_RECORDING_FORMAT,
  type HttpRecording,
  type RecordedExchange,
} from './http-recording-file.ts';

export const RECORDING_FORMAT = 'cpmct-recording/1';

interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  profile: string;
  seed: number;
  /** `--variants` of the recorded run, when given. */
  variants?: string[];
  recordedAt: string;
  /** The store: http(s)://host:port for NMS, imap://host:port for IMAP. */
  origin: string;
}

export interface NmsRecording extends RecordingHeader {
  binding: 'nms';
  /** By case ("" before the first case: the probe), the store's answers in request order. */
  cases: Record<string, RecordedExchange[]>;
}

export interface ImapRecording extends RecordingHeader {
  binding: 'imap';
  /** By case (with its variant, `SRV-NEW-001 [plain]`), the connections in the order opened. */
  cases: Record<string, RecordedConnection[]>;
}

export type Recording = NmsRecording | ImapRecording;

/** One IMAP connection: the bytes of each side in turn, and who closed it. */
export interface RecordedConnection {
  exchange: RecordedBytes[];
  closedBy?: 'client' | 'store';
}

/** A run of bytes from one side: UTF-8 text when it is text, else base64. */
export interface RecordedBytes {
  from: 'client' | 'store';
  text?: string;
  base64?: string;
}

export function encodeBytes(from: RecordedBytes['from'], bytes: Buffer): RecordedBytes {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes)
    ? { from, text }
    : { from, base64: bytes.toString('base64') };
}

export function decodeBytes(recorded: RecordedBytes): Buffer {
  return recorded.base64 !== undefined
    ? Buffer.from(recorded.base64, 'base64')
    : Buffer.from(recorded.text ?? '', 'utf8');
}

/** The key of one run of a case in a recording: its id, and its variant when it has one. */
export function caseKey(caseId: string, variant?: string): string {
  return variant ? `${caseId} [${variant}]` : caseId;
}

/** The NMS recording in the shape the HTTP replay reads. */
export function asHttpRecording(recording: NmsRecording): HttpRecording {
  return { ...recording, format: HTTP_RECORDING_FORMAT };
}

export async function saveRecording(file: string, recording: Recording): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(recording, null, 1) + '\n');
}

export function loadRecording(file: string): Recording {
  let parsed: Omit<Partial<Recording>, 'format'> & { format?: string };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new UsageError(
      `${file}: not a cpmct recording (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (parsed.format === HTTP_RECORDING_FORMAT)
    parsed = { ...parsed, format: RECORDING_FORMAT, binding: 'nms' };
  if (
    parsed.format !== RECORDING_FORMAT ||
    (parsed.binding !== 'imap' && parsed.binding !== 'nms') ||
    typeof parsed.cases !== 'object' ||
    parsed.cases === null ||
    typeof parsed.origin !== 'string' ||
    typeof parsed.seed !== 'number'
  )
    throw new UsageError(`${file}: not a cpmct recording (format ${RECORDING_FORMAT})`);
  return parsed as Recording;
}
