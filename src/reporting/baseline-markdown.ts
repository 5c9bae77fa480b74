/**
 * The `--baseline` section of summary.md: cases worse than in the baseline (the gate), the
 * known failures that were fixed, and those that remain. Nothing when the run had no baseline.
 */
import type { BaselineEntry, RunResult } from '../engine/result.ts';
import { escapeMarkdownCell as md } from './text.ts';

/** At most this many rows per table; the rest are counted. */
const MAX_ROWS = 100;

function table(title: string, entries: BaselineEntry[]): string[] {
  if (entries.length === 0) return [`**${title}:** none`, ''];
  const rows = entries.slice(0, MAX_ROWS).map((e) => {
    const waived = e.waived ? ' (waived)' : '';
    return `| ${md(e.case)} | ${e.baseline ?? 'not run'} | ${e.verdict}${waived} |`;
  });
  const more = entries.length > MAX_ROWS ? [`… and ${entries.length - MAX_ROWS} more`] : [];
  return [
    `**${title} (${entries.length}):**`,
    '',
    '| Case | Baseline | Now |',
    '| --- | --- | --- |',
    ...rows,
    ...more,
    '',
  ];
}

export function baselineMarkdown(run: RunResult): string[] {
  const b = run.baseline;
  if (!b) return [];
  const gate = b.regressions.some((r) => !r.waived)
    ? '❌ worse than the baseline'
    : '✅ nothing worse than the baseline';
  return [
    `### Against the baseline ${md(b.file)}: ${gate}`,
    '',
    ...table('Worse than the baseline', b.regressions),
    ...table('Known failures fixed', b.fixed),
    ...table('Known failures that remain', b.remaining),
  ];
}
