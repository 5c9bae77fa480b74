/**
 * Escaping, truncation and formatting shared by the report writers. Pure functions of
 * their arguments: no clock, no locale, so every report is reproducible from its data.
 */
import type { CaseResult, RunResult, Verdict } from '../engine/result.ts';

/** A case as named in reports: its id, then its sync variant if any (`SRV-DELS-001 [plain]`). */
export function caseName(c: Pick<CaseResult, 'id' | 'variant'>): string {
  return c.variant === undefined ? c.id : `${c.id} [${c.variant}]`;
}

/** Any single evidence text longer than this (UTF-8 bytes) is truncated in HTML and JUnit. */
export const EVIDENCE_LIMIT_BYTES = 200 * 1024;

/** Characters outside the XML 1.0 `Char` production (C0 controls, lone surrogates, FFFE/FFFF). */
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes every character XML 1.0 cannot carry, even as a character reference. */
export function stripInvalidXml(s: string): string {
  return s.replace(INVALID_XML, '');
}

const XML_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const XML_ATTR: Record<string, string> = {
  ...XML_TEXT,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export function escapeXmlText(s: string): string {
  return stripInvalidXml(s).replace(/[&<>]/g, (c) => XML_TEXT[c] ?? c);
}

/** Escapes for a double- or single-quoted attribute; tabs and newlines survive normalisation. */
export function escapeXmlAttr(s: string): string {
  return stripInvalidXml(s).replace(/[&<>"'\t\n\r]/g, (c) => XML_ATTR[c] ?? c);
}

/** A CDATA section holding `s` exactly (minus invalid characters), `]]>` split safely. */
export function cdata(s: string): string {
  return `<![CDATA[${stripInvalidXml(s).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** A visible stand-in for a control character: U+2400 control pictures, else U+FFFD. */
function controlPicture(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\uFFFD';
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Anything not printable in HTML text (controls, C1, lone surrogates, non-characters). */
const HTML_SPECIAL = /[&<>"']|[^\t\n\r\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes for HTML text and quoted attributes; control characters become visible pictures. */
export function escapeHtml(s: string): string {
  return s.replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c] ?? controlPicture(c));
}

/** Markdown table cell: one line, HTML- and Markdown-inert, pipes escaped. */
export function escapeMarkdownCell(s: string, maxChars = 300): string {
  let one = s.replace(/\s+/g, ' ').trim();
  if (one.length > maxChars) one = `${one.slice(0, maxChars - 1)}…`;
  return one
    .replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c] ?? controlPicture(c))
    .replace(/[\\|*_`[\]~]/g, (c) => `\\${c}`);
}

export interface Truncated {
  text: string;
  truncated: boolean;
  /** Size of the original text in UTF-8 bytes. */
  bytes: number;
}

/** Cuts `text` to at most `limit` UTF-8 bytes, on a character boundary. */
export function truncateUtf8(text: string, limit = EVIDENCE_LIMIT_BYTES): Truncated {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limit) return { text, truncated: false, bytes };
  const buf = Buffer.from(text, 'utf8');
  let end = limit;
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString('utf8'), truncated: true, bytes };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The line appended to a truncated evidence text. */
export function truncationNote(t: Truncated, limit = EVIDENCE_LIMIT_BYTES): string {
  return `[truncated: showing the first ${formatBytes(limit)} of ${formatBytes(t.bytes)}; the full text is in report.json]`;
}

function finiteMs(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** JUnit `time`: seconds with millisecond precision. */
export function formatSeconds(ms: number): string {
  return (finiteMs(ms) / 1000).toFixed(3);
}

/** Human duration: "850 ms", "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  const v = finiteMs(ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  const s = Math.round(v / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Wall-clock length of the run, or undefined if the timestamps do not parse. */
export function runDurationMs(run: RunResult): number | undefined {
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Counts per verdict computed from the cases themselves. */
export function countVerdicts(cases: readonly CaseResult[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    pass: 0,
    fail: 0,
    warn: 0,
    inapplicable: 0,
    inconclusive: 0,
    error: 0,
  };
  for (const c of cases) counts[c.verdict] += 1;
  return counts;
}

export interface ClauseCoverage {
  total: number;
  /** Clauses some case cites (static coverage). */
  covered: number;
  /** Clauses some case actually judged: at least one pass, warn or fail. */
  judged: number;
  /** Clause ids whose verdict is fail, in registry order. */
  failed: string[];
  /** Clause ids whose verdict is warn. */
  warned: string[];
}

/** Clause coverage as reported in run.clauses (not-covered clauses count as uncovered). */
export function clauseCoverage(run: RunResult): ClauseCoverage {
  const cov: ClauseCoverage = {
    total: run.clauses.length,
    covered: 0,
    judged: 0,
    failed: [],
    warned: [],
  };
  for (const c of run.clauses) {
    if (c.verdict !== 'not-covered') cov.covered += 1;
    if (c.verdict === 'pass' || c.verdict === 'fail' || c.verdict === 'warn') cov.judged += 1;
    if (c.verdict === 'fail') cov.failed.push(c.id);
    if (c.verdict === 'warn') cov.warned.push(c.id);
  }
  return cov;
}

/** One line on coverage: cited and judged, and a loud warning when nothing was judged. */
export function coverageLine(cov: ClauseCoverage): string {
  if (cov.judged === 0)
    return `NOTHING WAS JUDGED: no clause got a pass or a fail (${cov.covered}/${cov.total} clauses cited by the cases run)`;
  const failed = cov.failed.length > 0 ? `failed: ${cov.failed.join(', ')}` : 'none failed';
  const warned = cov.warned.length > 0 ? ` · warn: ${cov.warned.join(', ')}` : '';
  return `${cov.judged}/${cov.total} clauses judged (a pass or a fail) · ${cov.covered}/${cov.total} cited by a case · ${failed}${warned}`;
}
