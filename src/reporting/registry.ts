/**
 * The report writers, registered by name. `writeReports` validates every requested name
 * before writing anything, then runs the writers in the order given; each file is written
 * atomically, so a failing writer leaves no partial file behind.
 */
import type { RunResult } from '../engine/result.ts';
import { writeCtrf } from './ctrf.ts';
import { writeEarl } from './earl.ts';
import { writeHtml } from './html.ts';
import { writeJson } from './json.ts';
import { writeJunit } from './junit.ts';
import { writeMarkdown } from './markdown.ts';
import type { ReportWriter } from './types.ts';

export type { ReportWriter } from './types.ts';

const WRITERS = new Map<string, ReportWriter>([
  ['json', writeJson],
  ['junit', writeJunit],
  ['html', writeHtml],
  ['md', writeMarkdown],
  ['ctrf', writeCtrf],
  ['earl', writeEarl],
]);

/** Valid format names, in their canonical order. */
export const REPORT_FORMATS: readonly string[] = [...WRITERS.keys()];

/** One or more writers failed; `written` holds the files the others did write. */
export class ReportWriteError extends Error {
  constructor(
    message: string,
    readonly written: string[],
    readonly failures: { format: string; error: unknown }[],
  ) {
    super(message);
    this.name = 'ReportWriteError';
  }
}

function unknownFormatsError(names: string[]): Error {
  const list = names.map((n) => JSON.stringify(n)).join(', ');
  const noun = names.length === 1 ? 'format' : 'formats';
  return new Error(`unknown report ${noun} ${list} (valid: ${REPORT_FORMATS.join(', ')})`);
}

/** The writer registered as `name`; throws listing the valid names if there is none. */
export function getWriter(name: string): ReportWriter {
  const writer = WRITERS.get(name);
  if (!writer) throw unknownFormatsError([name]);
  return writer;
}

/**
 * Normalises format names: splits comma lists ("json,junit"), trims, drops empties and
 * duplicates, and checks every name (throwing one error listing all unknown ones).
 */
export function parseFormats(formats: string | readonly string[]): string[] {
  const raw = (typeof formats === 'string' ? [formats] : formats).flatMap((f) => f.split(','));
  const names = [...new Set(raw.map((f) => f.trim()).filter((f) => f !== ''))];
  const unknown = names.filter((n) => !WRITERS.has(n));
  if (unknown.length > 0) throw unknownFormatsError(unknown);
  return names;
}

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s+/g, ' ').trim();
}

/**
 * Writes the requested formats of `run` into `dir` (created if missing) and resolves to
 * the files written. Unknown names throw before any file is written. If a writer fails
 * the others still run, then a {@link ReportWriteError} is thrown.
 */
export async function writeReports(
  run: RunResult,
  dir: string,
  formats: readonly string[],
): Promise<string[]> {
  const names = parseFormats(formats);
  const written: string[] = [];
  const failures: { format: string; error: unknown }[] = [];
  for (const name of names) {
    try {
      written.push(...(await getWriter(name)(run, dir)));
    } catch (error) {
      failures.push({ format: name, error });
    }
  }
  if (failures.length > 0) {
    const detail = failures.map((f) => `${f.format} (${oneLine(f.error)})`).join('; ');
    throw new ReportWriteError(`could not write report: ${detail}`, written, failures);
  }
  return written;
}
