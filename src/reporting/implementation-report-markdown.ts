/**
 * `implementation-report.md`: the implementation report as Markdown. The implementations
 * are listed once (I1, I2, ...) and the matrix names them by those short ids; every verdict
 * links to its evidence in that run's report.html. Everything from the runs is escaped.
 */
import type { Verdict } from '../engine/result.ts';
import type {
  CellVerdict,
  ClauseRow,
  ImplementationColumn,
  ImplementationReport,
} from './implementation-report.ts';
import { levelIn } from './implementation-report.ts';
import { VERDICT_ICONS } from './markdown.ts';
import { escapeMarkdownCell as md } from './text.ts';

export const IMPLEMENTATION_REPORT_MD = 'implementation-report.md';

const CELL_ICONS: Record<CellVerdict, string> = { ...VERDICT_ICONS, 'not-covered': '·' };

const SHOWN: readonly Verdict[] = ['pass', 'fail', 'warn', 'inapplicable', 'inconclusive'];

export function rowStatus(row: ClauseRow): string {
  if (row.disagree) return 'implementations disagree';
  if (row.cells.every((c) => c.verdict === 'not-covered')) return 'not judged by any run';
  if (row.passing.length === 0) return 'no implementation passes';
  if (row.fewerThanTwo) return 'one implementation passes';
  return '';
}

function link(text: string, href: string | undefined): string {
  return href ? `[${text}](${encodeURI(href)})` : text;
}

function cell(verdict: CellVerdict, href: string | undefined): string {
  if (verdict === 'not-covered') return CELL_ICONS[verdict];
  return link(`${CELL_ICONS[verdict]} ${verdict}`, href);
}

function implementations(columns: ImplementationColumn[], prefix: string): string[] {
  const lines = [
    `| | implementation | profile | reading | cases | ${SHOWN.join(' | ')} | report |`,
    `|---|---|---|---|---:|${SHOWN.map(() => '---:').join('|')}|---|`,
  ];
  columns.forEach((c, i) => {
    const cases = Object.values(c.summary).reduce((a, b) => a + b, 0);
    lines.push(
      `| ${prefix}${i + 1} | ${md(c.label)} | ${md(c.profile)} | ${md(c.clauseSet)} | ${cases} | ` +
        `${SHOWN.map((v) => String(c.summary[v])).join(' | ')} | ${link(md(c.source), c.html ?? c.source)} |`,
    );
  });
  return lines;
}

function matrix(report: ImplementationReport): string[] {
  const reading = report.readings.find((r) => r.name === report.reading);
  const head = report.columns.map((_, i) => `I${i + 1}`);
  const lines = [
    `| clause | level | side | title | passes | attention | ${head.join(' | ')} |`,
    `|---|---|---|---|---:|---|${head.map(() => '---').join('|')}|`,
  ];
  for (const row of report.rows) {
    const status = rowStatus(row);
    lines.push(
      `| \`${md(row.clause.id)}\` | ${levelIn(reading, row.clause)} | ${row.clause.side} | ` +
        `${md(row.clause.title)} | ${row.passing.length} | ${status ? `**${status}**` : ''} | ` +
        `${row.cells.map((c) => cell(c.verdict, c.href)).join(' | ')} |`,
    );
  }
  return lines;
}

function readingSection(report: ImplementationReport): string[] {
  const lines = ['## Readings of the clause registry', ''];
  for (const r of report.readings) {
    lines.push(
      `- \`${md(r.name)}\`${r.name === report.reading ? ' (this matrix)' : ''}: ${md(r.description)}`,
    );
  }
  lines.push('');
  if (report.otherColumns.length) {
    lines.push('Runs under another reading:', '', ...implementations(report.otherColumns, 'R'), '');
  }
  if (report.changes.length === 0) {
    lines.push(
      report.otherColumns.length
        ? 'No verdict changes between the readings for the implementations run under several.'
        : `Every run used \`${md(report.reading)}\`: run an implementation again with \`--clause-set NAME\` to see which verdicts a reading changes.`,
    );
    return lines;
  }
  lines.push('### Verdicts that change between readings', '');
  lines.push('| clause | implementation | verdicts |', '|---|---|---|');
  for (const change of report.changes) {
    const verdicts = change.verdicts
      .map((v) => `\`${md(v.reading)}\`: ${cell(v.verdict, v.href)}`)
      .join(' → ');
    lines.push(`| \`${md(change.clause)}\` | ${md(change.label)} | ${verdicts} |`);
  }
  return lines;
}

export function renderImplementationMarkdown(report: ImplementationReport): string {
  const iuts = new Set(report.columns.map((c) => c.iut)).size;
  const disagree = report.rows.filter((r) => r.disagree).length;
  const few = report.rows.filter((r) => !r.disagree && r.fewerThanTwo).length;
  const lines = [
    `# Implementation report: ${report.rows.length} clauses, ${iuts} independent implementations`,
    '',
    `cpmct ${md(report.toolVersion)} · reading \`${md(report.reading)}\` · ${report.sources.length} runs. ` +
      "Each verdict links to its evidence in that run's report; an implementation (IUT name) " +
      'counts once in "passes" however many runs it has.',
    '',
    `**Needs attention:** ${disagree} clauses where implementations disagree, ${few} with fewer than two passing implementations (listed first).`,
    '',
    '## Implementations',
    '',
    ...implementations(report.columns, 'I'),
    '',
    '## Clauses',
    '',
    ...matrix(report),
    '',
    ...readingSection(report),
    '',
  ];
  return lines.join('\n');
}
