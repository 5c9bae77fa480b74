/**
 * `report.html`: one self-contained page (inline CSS, no scripts, no URLs; a CSP meta tag
 * forbids any fetch). Header with run facts and verdict counts, a per-clause matrix, a case
 * table, then one section per case with its steps and evidence (each in <details>). Every
 * string from the run is escaped; an evidence text over 200 KB is truncated with a note.
 * Produced as a stream of chunks so a run with hundreds of cases never needs one huge
 * concatenation step.
 */
import { join } from 'node:path';
import {
  VERDICTS,
  type CaseResult,
  type ClauseResult,
  type Evidence,
  type RunResult,
  type StepResult,
} from '../engine/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { HTML_STYLE } from './html-style.ts';
import {
  caseName,
  clauseCoverage,
  escapeHtml as h,
  formatBytes,
  formatDuration,
  runDurationMs,
  truncateUtf8,
  truncationNote,
} from './text.ts';
import type { ReportWriter } from './types.ts';

export const HTML_FILE = 'report.html';

/** A fragment id for `id`: unsafe characters (and `_`) become `_hex_`, so it is injective. */
export function anchor(prefix: 'case' | 'clause', id: string): string {
  const safe = id.replace(/[^A-Za-z0-9.-]/gu, (c) => `_${(c.codePointAt(0) ?? 0).toString(16)}_`);
  return `${prefix}-${safe}`;
}

function badge(verdict: string): string {
  return `<span class="v v-${h(verdict)}">${h(verdict)}</span>`;
}

function time(iso: string): string {
  return `<time datetime="${h(iso)}">${h(iso)}</time>`;
}

function dur(ms: number): string {
  return `<span class="dur">${formatDuration(ms)}</span>`;
}

function link(prefix: 'case' | 'clause', id: string, known: ReadonlySet<string>): string {
  return known.has(id) ? `<a href="#${anchor(prefix, id)}">${h(id)}</a>` : h(id);
}

function links(prefix: 'case' | 'clause', ids: readonly string[], known: ReadonlySet<string>) {
  return ids.length > 0
    ? ids.map((id) => link(prefix, id, known)).join(', ')
    : '<span class="muted">none</span>';
}

interface Ctx {
  caseIds: ReadonlySet<string>;
  clauseIds: ReadonlySet<string>;
}

/** At most this many cases are linked from the "did not pass" list in the header. */
const MAX_ATTENTION = 50;

function attention(run: RunResult): string {
  const bad = run.cases.filter((c) => c.verdict !== 'pass');
  if (bad.length === 0) return '<p>All cases passed.</p>';
  const items = bad
    .slice(0, MAX_ATTENTION)
    .map(
      (c) =>
        `<li>${badge(c.verdict)} <a href="#${anchor('case', c.id)}">${h(caseName(c))}</a></li>`,
    );
  if (bad.length > MAX_ATTENTION) {
    items.push(`<li>… and ${bad.length - MAX_ATTENTION} more in the case table</li>`);
  }
  return (
    `<details open><summary>Cases that did not pass (${bad.length})</summary>\n` +
    `<ul class="attention">${items.join('')}</ul>\n</details>`
  );
}

function header(run: RunResult): string {
  const p = run.profile;
  const wall = runDurationMs(run);
  const cov = clauseCoverage(run);
  const counts = VERDICTS.map((v) => {
    const n = run.summary[v] ?? 0;
    return `<li class="v-${v}${n === 0 ? ' zero' : ''}"><b>${n}</b>${v}</li>`;
  }).join('');
  const failed = cov.failed.length > 0 ? `; failed: ${cov.failed.map(h).join(', ')}` : '';
  return [
    '<header>',
    `<h1>${h(run.tool.name)} ${h(run.tool.version)}: conformance report</h1>`,
    '<dl class="meta">',
    `<dt>Profile</dt><dd>${h(p.name)} (${h(p.role)}, ${h(p.binding)})</dd>`,
    `<dt>IUT</dt><dd>${h(p.iut)}</dd>`,
    ...(run.transport ?? []).map((t) => `<dt>Transport</dt><dd>${h(t)}</dd>`),
    `<dt>Seed</dt><dd>${h(String(run.seed))}</dd>`,
    `<dt>Strict</dt><dd>${run.strict ? 'yes (SHOULD failures are fail)' : 'no'}</dd>`,
    `<dt>Started</dt><dd>${time(run.startedAt)}</dd>`,
    `<dt>Finished</dt><dd>${time(run.finishedAt)}</dd>`,
    `<dt>Duration</dt><dd>${wall === undefined ? 'unknown' : dur(wall)}</dd>`,
    `<dt>Cases</dt><dd>${run.cases.length}</dd>`,
    ...(run.notes ?? []).map((n) => `<dt>Note</dt><dd>${h(n)}</dd>`),
    cov.judged === 0
      ? `<dt>Clauses</dt><dd class="v-inconclusive"><b>Nothing was judged</b>: no clause got a pass or a fail (${cov.covered}/${cov.total} cited by the cases run)</dd>`
      : `<dt>Clauses</dt><dd>${cov.judged}/${cov.total} judged (a pass or a fail) · ${cov.covered}/${cov.total} cited by a case${failed}</dd>`,
    '</dl>',
    `<ul class="summary">${counts}</ul>`,
    attention(run),
    '</header>',
    '<nav><a href="#clauses">Clauses</a> · <a href="#cases">Cases</a> · ' +
      '<a href="#details">Case details</a></nav>',
  ].join('\n');
}

function clauseRow(c: ClauseResult, ctx: Ctx): string {
  return (
    `<tr id="${anchor('clause', c.id)}"><td class="id">${h(c.id)}</td><td>${h(c.level)}</td>` +
    `<td>${h(c.side)}</td><td>${h(c.title)}</td><td>${badge(c.verdict)}</td>` +
    `<td>${links('case', c.cases, ctx.caseIds)}</td></tr>`
  );
}

function* clauseMatrix(run: RunResult, ctx: Ctx): Generator<string> {
  yield `<section id="clauses">\n<h2>Clauses (${run.clauses.length})</h2>\n`;
  if (run.clauses.length === 0) {
    yield '<p class="muted">No clauses in this run.</p>\n</section>\n';
    return;
  }
  yield '<table>\n<thead><tr><th>Clause</th><th>Level</th><th>Side</th><th>Title</th>';
  yield '<th>Verdict</th><th>Cases</th></tr></thead>\n<tbody>\n';
  for (const c of run.clauses) yield `${clauseRow(c, ctx)}\n`;
  yield '</tbody>\n</table>\n</section>\n';
}

function caseRow(c: CaseResult): string {
  return (
    `<tr><td class="id"><a href="#${anchor('case', c.id)}">${h(caseName(c))}</a></td>` +
    `<td>${h(c.title)}</td><td>${h(c.binding)}</td><td>${h(c.role)}</td><td>${h(c.level)}</td>` +
    `<td>${badge(c.verdict)}</td><td class="reason">${h(c.reason)}</td>` +
    `<td class="num">${dur(c.durationMs)}</td></tr>`
  );
}

function* caseTable(run: RunResult): Generator<string> {
  yield `<section id="cases">\n<h2>Cases (${run.cases.length})</h2>\n`;
  if (run.cases.length === 0) {
    yield '<p class="muted">No cases in this run.</p>\n</section>\n';
    return;
  }
  yield '<table>\n<thead><tr><th>Case</th><th>Title</th><th>Binding</th><th>Role</th>';
  yield '<th>Level</th><th>Verdict</th><th>Reason</th><th class="num">Duration</th></tr>';
  yield '</thead>\n<tbody>\n';
  for (const c of run.cases) yield `${caseRow(c)}\n`;
  yield '</tbody>\n</table>\n</section>\n';
}

function stepRow(s: StepResult): string {
  const msgs =
    s.messages.length > 0
      ? `<ul class="msgs">${s.messages.map((m) => `<li>${h(m)}</li>`).join('')}</ul>`
      : '';
  const judged =
    s.clauses && s.clauses.length > 0
      ? ` <span class="muted">[${s.clauses.map(h).join(', ')}]</span>`
      : '';
  return (
    `<tr><td class="num">${h(String(s.index))}</td><td>${h(s.label)}${judged}</td>` +
    `<td class="o-${h(s.outcome)}">${h(s.outcome)}</td><td class="num">${dur(s.durationMs)}</td>` +
    `<td>${msgs}</td></tr>`
  );
}

function evidenceBlock(e: Evidence, open: boolean): string {
  const t = truncateUtf8(e.text);
  const note = t.truncated ? `\n<p class="note">${h(truncationNote(t))}</p>` : '';
  return (
    `<details${open ? ' open' : ''}><summary>${h(e.kind)}: ${h(e.label)} ` +
    `<span class="size">(${formatBytes(t.bytes)})</span></summary>\n` +
    `<pre>${h(t.text)}</pre>${note}\n</details>`
  );
}

function* caseSection(c: CaseResult, ctx: Ctx): Generator<string> {
  const notPass = c.verdict !== 'pass';
  const facts = [
    `<dt>Verdict</dt><dd>${badge(c.verdict)}${c.reason ? ` ${h(c.reason)}` : ''}</dd>`,
    `<dt>Clauses</dt><dd>${links('clause', c.clauses, ctx.clauseIds)}</dd>`,
  ];
  if (c.brokenClauses.length > 0) {
    facts.push(`<dt>Broken</dt><dd>${links('clause', c.brokenClauses, ctx.clauseIds)}</dd>`);
  }
  if (c.errorCode) facts.push(`<dt>Error code</dt><dd><code>${h(c.errorCode)}</code></dd>`);
  if (c.waived) {
    const until = c.waived.expires ? ` (expires ${h(c.waived.expires)})` : '';
    facts.push(`<dt>Waived</dt><dd>${h(c.waived.reason)}${until}</dd>`);
  }
  facts.push(
    `<dt>Level</dt><dd>${h(c.level)}</dd>`,
    `<dt>Binding / role</dt><dd>${h(c.binding)} / ${h(c.role)}</dd>`,
    `<dt>Duration</dt><dd>${dur(c.durationMs)}</dd>`,
  );
  yield `<article id="${anchor('case', c.id)}" class="case c-${h(c.verdict)}">\n`;
  yield `<h3>${badge(c.verdict)} <span class="id">${h(caseName(c))}</span> ${h(c.title)}</h3>\n`;
  yield `<dl class="meta">\n${facts.join('\n')}\n</dl>\n`;
  if (c.steps.length === 0) {
    yield '<p class="muted">No steps ran.</p>\n';
  } else {
    yield `<details${notPass ? ' open' : ''}><summary>Steps (${c.steps.length})</summary>\n`;
    yield '<table class="steps">\n<thead><tr><th class="num">#</th><th>Step</th>';
    yield '<th>Outcome</th><th class="num">Duration</th><th>Messages</th></tr></thead>\n<tbody>\n';
    for (const s of c.steps) yield `${stepRow(s)}\n`;
    yield '</tbody>\n</table>\n</details>\n';
  }
  if (c.evidence.length > 0) {
    yield `<h4>Evidence (${c.evidence.length})</h4>\n`;
    for (const e of c.evidence) {
      yield `${evidenceBlock(e, notPass && e.kind === 'oracle-diff')}\n`;
    }
  }
  yield '<p><a href="#cases">↑ cases</a></p>\n</article>\n';
}

/** The page as a sequence of chunks. */
export function* renderHtmlChunks(run: RunResult): Generator<string> {
  const ctx: Ctx = {
    caseIds: new Set(run.cases.map((c) => c.id)),
    clauseIds: new Set(run.clauses.map((c) => c.id)),
  };
  yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n';
  yield (
    '<meta http-equiv="Content-Security-Policy" ' +
    `content="default-src 'none'; style-src 'unsafe-inline'">\n`
  );
  yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n';
  yield `<title>${h(run.tool.name)} report: ${h(run.profile.name)}</title>\n`;
  yield `<style>${HTML_STYLE}</style>\n</head>\n<body>\n`;
  yield `${header(run)}\n<main>\n`;
  yield* clauseMatrix(run, ctx);
  yield* caseTable(run);
  yield '<section id="details">\n<h2>Case details</h2>\n';
  for (const c of run.cases) yield* caseSection(c, ctx);
  yield '</section>\n</main>\n';
  yield `<footer>Written by ${h(run.tool.name)} ${h(run.tool.version)} from the data in `;
  yield 'report.json. Self-contained: no scripts, no network access.</footer>\n';
  yield '</body>\n</html>\n';
}

/** The whole page as one string. */
export function renderHtml(run: RunResult): string {
  return [...renderHtmlChunks(run)].join('');
}

export const writeHtml: ReportWriter = async (run, dir) => {
  const file = join(dir, HTML_FILE);
  await writeFileAtomic(file, renderHtmlChunks(run));
  return [file];
};
