/**
 * `implementation-report.html`: the implementation report as one self-contained page (the
 * stylesheet of report.html plus a few rules for the matrix; no scripts, no URLs but the
 * relative links to each run's report). Every string from the runs is escaped.
 */
import type {
  CellVerdict,
  Cell,
  ImplementationColumn,
  ImplementationReport,
} from './implementation-report.ts';
import { levelIn } from './implementation-report.ts';
import { rowStatus } from './implementation-report-markdown.ts';
import { HTML_STYLE } from './html-style.ts';
import { escapeHtml as h } from './text.ts';

export const IMPLEMENTATION_REPORT_HTML = 'implementation-report.html';

const MATRIX_STYLE = `
table.matrix td.cell { text-align: center; white-space: nowrap; }
table.matrix td.title { min-width: 11rem; }
table.matrix th.iut { font-size: 0.8rem; font-weight: 600; min-width: 6.5rem; }
table.matrix th.iut span { display: block; color: var(--muted); font-weight: 400; }
td.c-pass { background: color-mix(in srgb, var(--pass) 14%, transparent); }
td.c-fail { background: color-mix(in srgb, var(--fail) 16%, transparent); }
td.c-warn { background: color-mix(in srgb, var(--warn) 16%, transparent); }
td.c-inconclusive { background: color-mix(in srgb, var(--inconclusive) 14%, transparent); }
td.c-error { background: color-mix(in srgb, var(--error) 16%, transparent); }
tr.flag-disagree td.status { color: var(--fail); font-weight: 600; }
tr.flag-few td.status { color: var(--warn); font-weight: 600; }
tr.flag-disagree td:first-child { border-left: 4px solid var(--fail); }
tr.flag-few td:first-child { border-left: 4px solid var(--warn); }
td.a a { text-decoration: none; }
`;

function badge(verdict: CellVerdict, href?: string): string {
  const text = verdict === 'not-covered' ? '·' : h(verdict);
  const inner = `<span class="v v-${h(verdict)}">${text}</span>`;
  return href ? `<a href="${h(encodeURI(href))}">${inner}</a>` : inner;
}

function cellHtml(cell: Cell): string {
  const title = cell.cases.length ? ` title="${h(cell.cases.join(', '))}"` : '';
  return `<td class="cell c-${h(cell.verdict)}"${title}>${badge(cell.verdict, cell.href)}</td>`;
}

function implementations(columns: ImplementationColumn[], prefix: string): string {
  const rows = columns.map((c, i) => {
    const total = Object.values(c.summary).reduce((a, b) => a + b, 0);
    const report = c.html ?? c.source;
    return (
      `<tr><td class="id">${prefix}${i + 1}</td><td>${h(c.label)}</td><td>${h(c.profile)}</td>` +
      `<td><code>${h(c.clauseSet)}</code></td><td class="num">${total}</td>` +
      `<td class="num v-pass">${c.summary.pass}</td><td class="num v-fail">${c.summary.fail}</td>` +
      `<td class="num v-warn">${c.summary.warn}</td>` +
      `<td class="num v-inapplicable">${c.summary.inapplicable}</td>` +
      `<td class="num v-inconclusive">${c.summary.inconclusive}</td>` +
      `<td><a href="${h(encodeURI(report))}">${h(report)}</a></td></tr>`
    );
  });
  return (
    '<table>\n<thead><tr><th></th><th>Implementation</th><th>Profile</th><th>Reading</th>' +
    '<th class="num">Cases</th><th class="num">pass</th><th class="num">fail</th>' +
    '<th class="num">warn</th><th class="num">inapplicable</th><th class="num">inconclusive</th>' +
    `<th>Run report</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`
  );
}

function matrix(report: ImplementationReport): string {
  const reading = report.readings.find((r) => r.name === report.reading);
  const head = report.columns
    .map((c, i) => `<th class="iut">I${i + 1}<span>${h(c.label)}</span></th>`)
    .join('');
  const rows = report.rows.map((row) => {
    const flag = row.disagree
      ? ' class="flag-disagree"'
      : row.fewerThanTwo
        ? ' class="flag-few"'
        : '';
    return (
      `<tr${flag}><td class="id">${h(row.clause.id)}</td>` +
      `<td>${h(levelIn(reading, row.clause))}</td><td>${h(row.clause.side)}</td>` +
      `<td class="title">${h(row.clause.title)}</td><td class="num">${row.passing.length}</td>` +
      `<td class="status">${h(rowStatus(row))}</td>${row.cells.map(cellHtml).join('')}</tr>`
    );
  });
  return (
    '<table class="matrix">\n<thead><tr><th>Clause</th><th>Level</th><th>Side</th><th>Title</th>' +
    `<th class="num">Passes</th><th>Attention</th>${head}</tr></thead>\n<tbody>\n` +
    `${rows.join('\n')}\n</tbody>\n</table>`
  );
}

function readings(report: ImplementationReport): string {
  const items = report.readings
    .map(
      (r) =>
        `<li><code>${h(r.name)}</code>${r.name === report.reading ? ' (this matrix)' : ''}: ${h(r.description)}</li>`,
    )
    .join('\n');
  const parts = [
    `<section id="readings">\n<h2>Readings of the clause registry</h2>\n<ul>${items}</ul>`,
  ];
  if (report.otherColumns.length) {
    parts.push('<h3>Runs under another reading</h3>', implementations(report.otherColumns, 'R'));
  }
  if (report.changes.length === 0) {
    parts.push(
      report.otherColumns.length
        ? '<p>No verdict changes between the readings for the implementations run under several.</p>'
        : `<p class="muted">Every run used <code>${h(report.reading)}</code>: run an implementation again with <code>--clause-set NAME</code> to see which verdicts a reading changes.</p>`,
    );
  } else {
    const rows = report.changes.map(
      (c) =>
        `<tr><td class="id">${h(c.clause)}</td><td>${h(c.label)}</td><td>` +
        c.verdicts
          .map((v) => `<code>${h(v.reading)}</code> ${badge(v.verdict, v.href)}`)
          .join(' → ') +
        '</td></tr>',
    );
    parts.push(
      `<h3>Verdicts that change between readings (${report.changes.length})</h3>`,
      '<table>\n<thead><tr><th>Clause</th><th>Implementation</th><th>Verdicts</th></tr></thead>\n' +
        `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderImplementationHtml(report: ImplementationReport): string {
  const iuts = new Set(report.columns.map((c) => c.iut)).size;
  const disagree = report.rows.filter((r) => r.disagree).length;
  const few = report.rows.filter((r) => !r.disagree && r.fewerThanTwo).length;
  return [
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>cpmct implementation report</title>',
    `<style>${HTML_STYLE}${MATRIX_STYLE}</style>\n</head>\n<body>\n<header>`,
    `<h1>Implementation report: ${report.rows.length} clauses, ${iuts} independent implementations</h1>`,
    '<dl class="meta">',
    `<dt>Tool</dt><dd>cpmct ${h(report.toolVersion)}</dd>`,
    `<dt>Reading</dt><dd><code>${h(report.reading)}</code></dd>`,
    `<dt>Runs</dt><dd><details><summary>${report.sources.length} runs: ${report.columns.length} implementation columns under <code>${h(report.reading)}</code>, ${report.otherColumns.length} under other readings</summary>${report.sources.map(h).join('<br>')}</details></dd>`,
    `<dt>Attention</dt><dd><b class="v-fail">${disagree}</b> clauses where implementations disagree · ` +
      `<b class="v-warn">${few}</b> with fewer than two passing implementations (listed first)</dd>`,
    '</dl>\n</header>\n<main>',
    '<section id="clauses">\n<h2>Clauses</h2>',
    '<p class="muted">Flagged first: clauses where implementations disagree, then those with fewer ' +
      'than two passing implementations. Each verdict links to its evidence.</p>',
    matrix(report),
    '</section>',
    '<section id="implementations">\n<h2>Implementations</h2>',
    implementations(report.columns, 'I'),
    '<p class="muted">An implementation (IUT name) counts once in "Passes" however many runs it has; ' +
      'its verdict on a clause is the worst judged verdict over its runs.</p>\n</section>',
    readings(report),
    "</main>\n<footer>Written by cpmct from the runs' report.json files. Self-contained: no scripts, no network access; each verdict links to its evidence in that run's report.html.</footer>",
    '</body>\n</html>\n',
  ].join('\n');
}
