/**
 * `cpmct diff --format md`: the changes between two runs for a pull request comment or a CI
 * job summary. The verdict line first, then by case and by clause: new fails, fixed, changed
 * verdicts, new and removed. Everything from the runs is escaped to render as text.
 */
import { VERDICTS } from '../engine/result.ts';
import type { ChangeSet, RunDiff, RunHeader, VerdictChange } from './run-diff.ts';
import { escapeMarkdownCell as md } from './text.ts';

const ARROW = { worse: '⬇ worse', better: '⬆ better' } as const;

function runLine(label: string, h: RunHeader): string {
  const counts = VERDICTS.filter((v) => (h.summary[v] ?? 0) > 0)
    .map((v) => `${h.summary[v]} ${v}`)
    .join(', ');
  return (
    `- **${label}** ${md(h.source)}: ${md(h.profile)} (${md(h.iut)}), ${md(h.tool)}, ` +
    `seed ${h.seed}, started ${md(h.startedAt)}: ${h.cases} cases${counts ? ` (${counts})` : ''}`
  );
}

function table(title: string, rows: VerdictChange[], withReason: boolean): string[] {
  if (rows.length === 0) return [`#### ${title}: none`, ''];
  const head = withReason
    ? ['| | Before | Now | Change | Reason now |', '| --- | --- | --- | --- | --- |']
    : ['| | Before | Now | Change |', '| --- | --- | --- | --- |'];
  const lines = rows.map((r) => {
    const cells = [
      md(r.name),
      r.before ?? '—',
      r.now ?? '—',
      r.direction ? ARROW[r.direction] : r.before === undefined ? 'new' : 'removed',
    ];
    if (withReason) cells.push(md(r.reason ?? '', 160));
    return `| ${cells.join(' | ')} |`;
  });
  return [`#### ${title} (${rows.length})`, '', ...head, ...lines, ''];
}

function section(set: ChangeSet, what: 'cases' | 'clauses'): string[] {
  const withReason = what === 'cases';
  const [added, removed] =
    what === 'cases'
      ? ['New cases', 'Removed cases']
      : ['Covered now, not before', 'No longer covered'];
  return [
    `### By ${what.slice(0, -1)}`,
    '',
    table('New fails', set.newFails, withReason),
    table('Fixed', set.fixed, withReason),
    table('Changed verdicts', set.changed, withReason),
    table(added, set.added, withReason),
    table(removed, set.removed, false),
    `${set.unchanged} ${what} unchanged.`,
    '',
  ].flat();
}

/** The Markdown text of a diff. */
export function renderDiffMarkdown(diff: RunDiff): string {
  const c = diff.cases;
  const verdict = diff.regression
    ? `**❌ Regression:** ${diff.regressions.length} case${diff.regressions.length === 1 ? '' : 's'} worse than before or failing anew.`
    : '**✅ No regression.**';
  return [
    '## cpmct diff',
    '',
    runLine('Old', diff.old),
    runLine('New', diff.new),
    '',
    `${verdict} Cases: ${c.newFails.length} new fails, ${c.fixed.length} fixed, ` +
      `${c.changed.length} changed, ${c.added.length} new, ${c.removed.length} removed.`,
    '',
    ...section(diff.cases, 'cases'),
    ...section(diff.clauses, 'clauses'),
  ].join('\n');
}
