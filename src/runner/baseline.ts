/**
 * `cpmct run --baseline FILE`: gate CI on known failures, as WPT's expectation files do. The
 * baseline is an earlier run's report.json (or its `--out` directory). The run passes (exit 0)
 * unless a case is worse than in the baseline, in the engine's verdict order (pass <
 * inapplicable < warn < inconclusive < fail < error); a case the baseline did not run is
 * expected to pass. A waived case never fails the gate. The outcome names the known failures
 * (baseline verdict worse than inapplicable) that remain and those that were fixed.
 */
import type { BaselineEntry, BaselineOutcome, RunResult, Verdict } from '../engine/result.ts';
import { toolVersion } from '../config/tool-version.ts';
import { readRunReport } from '../reporting/read-run-report.ts';
import { isWorse, keyedCases } from '../reporting/run-diff.ts';

const EXIT_OK = 0;
const EXIT_FAILURES = 1;

/** Verdicts the baseline accepts as they are: not a known failure. */
const CLEAN: readonly Verdict[] = ['pass', 'inapplicable'];

export function compareWithBaseline(
  run: RunResult,
  baseline: RunResult,
  file: string,
): BaselineOutcome {
  const known = keyedCases(baseline);
  const outcome: BaselineOutcome = { file, regressions: [], fixed: [], remaining: [] };
  for (const [name, c] of keyedCases(run)) {
    const before = known.get(name)?.verdict;
    const entry: BaselineEntry = {
      case: name,
      ...(before !== undefined ? { baseline: before } : {}),
      verdict: c.verdict,
      ...(c.waived ? { waived: true } : {}),
    };
    if (isWorse(c.verdict, before ?? 'pass')) outcome.regressions.push(entry);
    else if (before === undefined || CLEAN.includes(before)) continue;
    else if (isWorse(before, c.verdict)) outcome.fixed.push(entry);
    else outcome.remaining.push(entry);
  }
  return outcome;
}

/** 1 when a case not waived is worse than in the baseline, else 0. */
export function baselineExitCode(outcome: BaselineOutcome): number {
  return outcome.regressions.some((r) => !r.waived) ? EXIT_FAILURES : EXIT_OK;
}

function entryText(e: BaselineEntry): string {
  return `${e.case}: ${e.baseline ?? 'not run'} → ${e.verdict}${e.waived ? ' (waived)' : ''}`;
}

/** The console lines of the outcome (every line prefixed `cpmct: baseline:`). */
export function baselineConsoleLines(outcome: BaselineOutcome): string[] {
  const head =
    `cpmct: baseline ${outcome.file}: ${outcome.regressions.length} worse than the baseline, ` +
    `${outcome.fixed.length} known failures fixed, ${outcome.remaining.length} known failures remain`;
  const list = (label: string, entries: BaselineEntry[]): string[] =>
    entries.map((e) => `cpmct: baseline: ${label} ${entryText(e)}`);
  return [
    head,
    ...list('worse', outcome.regressions),
    ...list('fixed', outcome.fixed),
    ...list('remains', outcome.remaining),
  ];
}

/** The baseline run of `--baseline FILE`; a bad file is a ReportInputError (one line). */
export function loadBaseline(source: string): { file: string; run: RunResult } {
  const report = readRunReport(source, toolVersion());
  return { file: report.file, run: report.run };
}
