import type { RunResult } from '../engine/result.ts';

/** Writes one report format for `run` into `dir`; resolves to the files written. */
export type ReportWriter = (run: RunResult, dir: string) => Promise<string[]>;
