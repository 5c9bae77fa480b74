/**
 * The implementation report (W3C style) built from several runs: one column per
 * implementation under test (a run split by the profile, role and binding of its cases),
 * one row per clause with each column's verdict, the number of independent implementations
 * that pass it (an IUT name counts once however many runs it has), and the clauses that need
 * an editor's attention first: where implementations disagree, then where fewer than two
 * pass. Runs judged under another reading of the registry (`clauseSet`) are not mixed into
 * the matrix: for an IUT run under several readings, the verdicts that change are listed.
 * Pure: the renderers (implementation-report-html.ts, -markdown.ts) write it.
 */
import { relative, sep } from 'node:path';
import type { CaseResult, ClauseResult, Level, RunResult, Verdict } from '../engine/result.ts';
import { worst } from '../engine/verdict.ts';
import { anchor } from './html.ts';
import type { RunReport } from './read-run-report.ts';
import { countVerdicts } from './text.ts';

export type CellVerdict = Verdict | 'not-covered';

export interface ClauseInfo {
  id: string;
  level: Level;
  side: 'client' | 'server' | 'both';
  title: string;
  status?: 'normative' | 'superseded';
}

export interface Reading {
  name: string;
  description: string;
  /** Clause id -> its level in this reading, where it differs from the registry. */
  levels: ReadonlyMap<string, Level>;
}

export interface ImplementationColumn {
  /** Independent implementations are told apart by this name alone. */
  iut: string;
  version?: string;
  /** Unique among the columns: "Dovecot 2.3 (server, imap)". */
  label: string;
  profile: string;
  role: string;
  binding: string;
  clauseSet: string;
  /** The report.json the column comes from, relative to the output directory. */
  source: string;
  /** Its report.html (relative), when the run wrote one. */
  html?: string;
  toolVersion: string;
  seed: number;
  summary: Record<Verdict, number>;
  cells: Map<string, Cell>;
}

export interface Cell {
  verdict: CellVerdict;
  cases: string[];
  /** Where to read why: the run's report.html at the case (not pass) or the clause (pass). */
  href?: string;
}

export interface ClauseRow {
  clause: ClauseInfo;
  /** One per column of the matrix, in column order. */
  cells: Cell[];
  /** IUT names whose verdict on the clause is pass (each once). */
  passing: string[];
  /** Verdict of each IUT (worst judged over its columns), by IUT name. */
  byIut: Map<string, CellVerdict>;
  disagree: boolean;
  fewerThanTwo: boolean;
}

export interface ReadingChange {
  clause: string;
  label: string;
  /** Verdict under each reading the IUT ran under, in reading order. */
  verdicts: Array<{ reading: string; verdict: CellVerdict; href?: string }>;
}

export interface ImplementationReport {
  toolVersion: string;
  /** The reading of the matrix: `latest` when any run used it. */
  reading: string;
  readings: Reading[];
  columns: ImplementationColumn[];
  /** Flagged rows first (disagreement, then fewer than two passes), then the rest. */
  rows: ClauseRow[];
  /** Columns run under another reading than the matrix's. */
  otherColumns: ImplementationColumn[];
  changes: ReadingChange[];
  /** Runs given, as given. */
  sources: string[];
}

export interface BuildOptions {
  clauses: readonly ClauseInfo[];
  readings: readonly Reading[];
  /** Per-clause verdicts of a set of cases (runner/clause-results.ts). */
  judge: (cases: CaseResult[]) => ClauseResult[];
  /** Where the report is written: every link is relative to it. */
  outDir: string;
  toolVersion: string;
}

const JUDGED: ReadonlySet<CellVerdict> = new Set(['pass', 'fail', 'warn', 'error']);

function rel(outDir: string, file: string): string {
  return relative(outDir, file).split(sep).join('/');
}

/** The IUT of each profile of a run, from `profiles` or, in older reports, `profile`. */
function profileIut(run: RunResult, profile: string): { name: string; version?: string } {
  const entry = run.profiles?.find((p) => p.name === profile);
  if (entry) return entry.iut;
  return { name: run.profile.iut };
}

function caseProfile(run: RunResult, c: CaseResult): string {
  if (c.profile) return c.profile;
  const same = (run.profiles ?? []).filter((p) => p.role === c.role && p.binding === c.binding);
  return same.length === 1 ? same[0]!.name : run.profile.name;
}

function columnsOf(report: RunReport, options: BuildOptions): ImplementationColumn[] {
  const run = report.run;
  const groups = new Map<string, CaseResult[]>();
  for (const c of run.cases) {
    const key = JSON.stringify([caseProfile(run, c), c.role, c.binding]);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups].map(([key, cases]) => {
    const [profile, role, binding] = JSON.parse(key) as [string, string, string];
    const iut = profileIut(run, profile);
    const htmlHref = report.html ? rel(options.outDir, report.html) : undefined;
    const cells = new Map<string, Cell>();
    for (const result of options.judge(cases)) {
      if (result.verdict === 'not-covered') continue;
      const bad = cases.find(
        (c) =>
          c.verdict === result.verdict &&
          (c.clauses.includes(result.id) || c.brokenClauses.includes(result.id)),
      );
      const fragment =
        result.verdict === 'pass' || !bad ? anchor('clause', result.id) : anchor('case', bad.id);
      cells.set(result.id, {
        verdict: result.verdict,
        cases: result.cases,
        ...(htmlHref ? { href: `${htmlHref}#${fragment}` } : {}),
      });
    }
    return {
      iut: iut.name,
      ...(iut.version ? { version: iut.version } : {}),
      label: baseLabel({ iut: iut.name, version: iut.version, role, binding }),
      profile,
      role,
      binding,
      clauseSet: run.clauseSet ?? 'latest',
      source: rel(options.outDir, report.file),
      ...(htmlHref ? { html: htmlHref } : {}),
      toolVersion: run.tool.version,
      seed: run.seed,
      summary: countVerdicts(cases),
      cells,
    };
  });
}

function baseLabel(c: {
  iut: string;
  version?: string | undefined;
  role: string;
  binding: string;
}) {
  return `${c.iut}${c.version ? ` ${c.version}` : ''} (${c.role}, ${c.binding})`;
}

/** Labels made unique: a repeated label names its profile, then a number if still repeated. */
function uniqueLabels(columns: ImplementationColumn[]): void {
  const count = (label: string) => columns.filter((c) => c.label === label).length;
  for (const column of columns.filter((c) => count(c.label) > 1)) {
    column.label = `${column.label} [${column.profile}]`;
  }
  const seen = new Map<string, number>();
  for (const column of columns) {
    const n = (seen.get(column.label) ?? 0) + 1;
    seen.set(column.label, n);
    if (n > 1) column.label = `${column.label} #${n}`;
  }
}

/** Worst judged verdict over the cells; else the worst of the rest; else not covered. */
function combineCells(verdicts: readonly CellVerdict[]): CellVerdict {
  const judged = verdicts.filter((v): v is Verdict => JUDGED.has(v));
  const rest = verdicts.filter((v): v is Verdict => v !== 'not-covered' && !JUDGED.has(v));
  const pool = judged.length ? judged : rest;
  return pool.length ? pool.reduce((a, b) => worst(a, b)) : 'not-covered';
}

const NOT_COVERED: Cell = { verdict: 'not-covered', cases: [] };

function rowOf(clause: ClauseInfo, columns: ImplementationColumn[]): ClauseRow {
  const cells = columns.map((c) => c.cells.get(clause.id) ?? NOT_COVERED);
  const byIut = new Map<string, CellVerdict>();
  for (const iut of new Set(columns.map((c) => c.iut))) {
    byIut.set(
      iut,
      combineCells(cells.filter((_, i) => columns[i]!.iut === iut).map((c) => c.verdict)),
    );
  }
  const passing = [...byIut].filter(([, v]) => v === 'pass').map(([iut]) => iut);
  const judged = new Set([...byIut.values()].filter((v) => JUDGED.has(v) && v !== 'error'));
  return {
    clause,
    cells,
    passing,
    byIut,
    disagree: judged.size > 1,
    fewerThanTwo: passing.length < 2,
  };
}

function rank(row: ClauseRow): number {
  if (row.disagree) return 0;
  return row.fewerThanTwo ? 1 : 2;
}

function readingChanges(columns: ImplementationColumn[], order: string[]): ReadingChange[] {
  const identities = new Map<string, ImplementationColumn[]>();
  for (const c of columns) {
    const key = JSON.stringify([c.iut, c.version ?? '', c.profile, c.role, c.binding]);
    identities.set(key, [...(identities.get(key) ?? []), c]);
  }
  const changes: ReadingChange[] = [];
  for (const group of identities.values()) {
    const readings = order.filter((r) => group.some((c) => c.clauseSet === r));
    if (readings.length < 2) continue;
    const clauseIds = [...new Set(group.flatMap((c) => [...c.cells.keys()]))];
    for (const clause of clauseIds) {
      const verdicts = readings.map((reading) => {
        const cols = group.filter((c) => c.clauseSet === reading);
        const cells = cols.map((c) => c.cells.get(clause) ?? NOT_COVERED);
        const href = cells.find((c) => c.href)?.href;
        return {
          reading,
          verdict: combineCells(cells.map((c) => c.verdict)),
          ...(href ? { href } : {}),
        };
      });
      if (new Set(verdicts.map((v) => v.verdict)).size > 1) {
        const first = group[0]!;
        changes.push({ clause, label: `${baseLabel(first)} [${first.profile}]`, verdicts });
      }
    }
  }
  return changes;
}

export function buildImplementationReport(
  reports: readonly RunReport[],
  options: BuildOptions,
): ImplementationReport {
  const all = reports.flatMap((r) => columnsOf(r, options));
  const order = [
    ...options.readings.map((r) => r.name),
    ...new Set(
      all.map((c) => c.clauseSet).filter((n) => !options.readings.some((r) => r.name === n)),
    ),
  ];
  const reading = all.some((c) => c.clauseSet === 'latest')
    ? 'latest'
    : (all[0]?.clauseSet ?? 'latest');
  const columns = all.filter((c) => c.clauseSet === reading);
  const otherColumns = all.filter((c) => c.clauseSet !== reading);
  uniqueLabels(columns);
  uniqueLabels(otherColumns);
  const rows = options.clauses
    .filter((c) => c.status !== 'superseded')
    .map((clause) => rowOf(clause, columns));
  const position = new Map(rows.map((r, i) => [r, i]));
  rows.sort((a, b) => rank(a) - rank(b) || position.get(a)! - position.get(b)!);
  return {
    toolVersion: options.toolVersion,
    reading,
    readings: [...options.readings],
    columns,
    rows,
    otherColumns,
    changes: readingChanges(all, order),
    sources: reports.map((r) => r.source),
  };
}

/** The level of a clause under a reading. */
export function levelIn(reading: Reading | undefined, clause: ClauseInfo): Level {
  return reading?.levels.get(clause.id) ?? clause.level;
}
