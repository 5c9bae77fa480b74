/**
 * `summary.md`: a short summary for CI job summaries (e.g. `$GITHUB_STEP_SUMMARY`): verdict
 * counts, a table of the cases that did not pass, and one clause coverage line. Everything
 * from the run is escaped so it renders as text; the table is capped to stay small.
 */
import { join } from 'node:path';
import { VERDICTS, type RunResult, type Verdict } from '../engine/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { baselineMarkdown } from './baseline-markdown.ts';
import {
  caseName,
  clauseCoverage,
  escapeMarkdownCell as md,
  formatDuration,
  runDurationMs,
} from './text.ts';
import type { ReportWriter } from './types.ts';

export const MARKDOWN_FILE = 'summary.md';

/** At most this many non-pass rows; the rest are counted and left to report.html. */
export const MAX_MARKDOWN_ROWS = 200;

/** The verdict icons of both Markdown reports (summary.md, implementation-report.md). */
export const VERDICT_ICONS: Record<Verdict, string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  inapplicable: '➖',
  inconclusive: '❔',
  error: '💥',
};

/** Most severe verdict first; this is the order of the non-pass table too. */
const SEVERITY: readonly Verdict[] = ['error', 'fail', 'inconclusive', 'warn', 'inapplicable'];

function idList(ids: readonly string[], max = 20): string {
  const shown = ids.slice(0, max).map((id) => `\`${id.replaceAll('`', "'")}\``);
  if (ids.length > max) shown.push(`and ${ids.length - max} more`);
  return shown.join(', ');
}

/** The Markdown summary text of a run. */
export function renderMarkdown(run: RunResult): string {
  const p = run.profile;
  const counts = VERDICTS.map((v) => `${VERDICT_ICONS[v]} ${run.summary[v] ?? 0} ${v}`).join(' · ');
  const wall = runDurationMs(run);
  const lines = [
    `## ${md(run.tool.name)} ${md(run.tool.version)}: ${md(p.name)} (${md(p.role)}, ${md(p.binding)})`,
    '',
    `**${run.cases.length} cases:** ${counts}`,
    '',
    `Seed ${md(String(run.seed))} · strict ${run.strict ? 'on' : 'off'} · ` +
      `started ${md(run.startedAt)} · took ${wall === undefined ? 'unknown' : formatDuration(wall)}`,
    '',
    ...(run.transport ?? []).flatMap((t) => [`Transport: ${md(t)}`, '']),
    ...(run.notes?.length ? ['**Notes:**', '', ...run.notes.map((n) => `- ${md(n)}`), ''] : []),
  ];

  const rank = (v: Verdict): number => SEVERITY.indexOf(v);
  const problems = run.cases
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.verdict !== 'pass')
    .sort((a, b) => rank(a.c.verdict) - rank(b.c.verdict) || a.i - b.i)
    .map(({ c }) => c);
  if (problems.length === 0) {
    lines.push('All cases passed.', '');
  } else {
    lines.push(
      `### Cases that did not pass (${problems.length})`,
      '',
      '| Case | Verdict | Clauses | Reason |',
      '| --- | --- | --- | --- |',
    );
    for (const c of problems.slice(0, MAX_MARKDOWN_ROWS)) {
      const code = c.errorCode ? ` (${md(c.errorCode)})` : '';
      const waived = c.waived ? ` (waived: ${md(c.waived.reason, 120)})` : '';
      const broken = c.brokenClauses.length > 0 ? c.brokenClauses : c.clauses;
      lines.push(
        `| ${md(caseName(c))} ${md(c.title, 80)} | ${VERDICT_ICONS[c.verdict] ?? ''} ${md(c.verdict)}${code} | ` +
          `${md(broken.join(', '), 120)} | ${md(c.reason)}${waived} |`,
      );
    }
    if (problems.length > MAX_MARKDOWN_ROWS) {
      lines.push('', `… and ${problems.length - MAX_MARKDOWN_ROWS} more: see report.html.`);
    }
    lines.push('');
  }

  lines.push(...baselineMarkdown(run));

  const cov = clauseCoverage(run);
  if (cov.judged === 0) {
    lines.push(
      `**⚠ Nothing was judged:** no clause got a pass or a fail; ${cov.covered}/${cov.total} clauses are cited by the cases run, none could be judged.`,
      '',
    );
    return lines.join('\n');
  }
  let coverage = `**Clause coverage:** ${cov.judged}/${cov.total} judged (a pass or a fail) · ${cov.covered}/${cov.total} cited by a case`;
  coverage += cov.failed.length > 0 ? ` · failed: ${idList(cov.failed)}` : ' · none failed';
  if (cov.warned.length > 0) coverage += ` · warn: ${idList(cov.warned)}`;
  lines.push(coverage, '');
  return lines.join('\n');
}

export const writeMarkdown: ReportWriter = async (run, dir) => {
  const file = join(dir, MARKDOWN_FILE);
  await writeFileAtomic(file, renderMarkdown(run));
  return [file];
};
