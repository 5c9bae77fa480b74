/**
 * Reads a run's report.json back (a file, or the run's `--out` directory holding one) for
 * commands that compare runs. Anything else (a missing file, not JSON, not a cpmct report, a
 * report of an incompatible cpmct version) is a `ReportInputError` with one readable line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunResult } from '../engine/result.ts';
import { HTML_FILE } from './html.ts';
import { JSON_FILE } from './json.ts';

export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

export interface RunReport {
  /** As given on the command line. */
  source: string;
  /** The report.json read. */
  file: string;
  /** The run's report.html next to it, when there is one. */
  html?: string;
  run: RunResult;
}

/** Reports from `major.minor` of the same 0.x release, or the same major from 1.0 on. */
function compatibleVersions(a: string, b: string): boolean {
  const [am, an] = a.split('.');
  const [bm, bn] = b.split('.');
  return am === bm && (am !== '0' || an === bn);
}

export function readRunReport(source: string, toolVersion: string): RunReport {
  if (!existsSync(source)) throw new ReportInputError(`${source}: no such file or directory`);
  const file = statSync(source).isDirectory() ? join(source, JSON_FILE) : source;
  if (!existsSync(file)) throw new ReportInputError(`${source}: no ${JSON_FILE} in this directory`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ReportInputError(`${file}: not a cpmct report (not JSON: ${why})`);
  }
  const run = value as Partial<RunResult> | null;
  if (
    !run ||
    typeof run !== 'object' ||
    run.tool?.name !== 'cpmct' ||
    typeof run.tool.version !== 'string' ||
    !Array.isArray(run.cases) ||
    !Array.isArray(run.clauses) ||
    typeof run.profile !== 'object'
  ) {
    throw new ReportInputError(
      `${file}: not a cpmct report (expected tool.name "cpmct", cases[] and clauses[])`,
    );
  }
  if (!compatibleVersions(run.tool.version, toolVersion)) {
    throw new ReportInputError(
      `${file}: written by cpmct ${run.tool.version}; this is cpmct ${toolVersion}, which reads reports of ${toolVersion.replace(/^(0\.\d+|\d+)\..*$/u, '$1')}.x (run the cases again with this version)`,
    );
  }
  const html = join(dirname(file), HTML_FILE);
  return { source, file, ...(existsSync(html) ? { html } : {}), run: run as RunResult };
}
