/**
 * What changed between two runs (`cpmct diff OLD NEW`, and `--baseline` on run): case by case
 * and clause by clause, new failures, fixes, changed verdicts, new and removed cases.
 *
 * Verdicts are ordered as the engine orders them (engine/verdict.ts: pass < inapplicable <
 * warn < inconclusive < fail < error). A change up that order is worse, down it is better.
 * A case run is matched by its id, variant, binding and role (and profile, where one run
 * holds the same case twice for two profiles of one binding and role). A regression is a
 * case that got worse, or a new case that fails (fail or error).
 */
import type { CaseResult, ClauseResult, RunResult, Verdict } from '../engine/result.ts';
import { worst } from '../engine/verdict.ts';
import { caseName } from './text.ts';

/** `a` is worse than `b` in the engine's verdict order. */
export function isWorse(a: Verdict, b: Verdict): boolean {
  return a !== b && worst(a, b) === a;
}

/** Verdicts that make a run fail (exit 1) when not waived. */
const FAILING: readonly Verdict[] = ['fail', 'error'];

export type Direction = 'worse' | 'better';

export interface VerdictChange {
  /** A case as named in reports with its binding and role, or a clause id. */
  name: string;
  before?: Verdict;
  now?: Verdict;
  direction?: Direction;
  /** Why the verdict is what it is now (cases only). */
  reason?: string;
}

export interface ChangeSet {
  /** Failing now (fail or error) and not before, new entries included. */
  newFails: VerdictChange[];
  /** Better than before. */
  fixed: VerdictChange[];
  /** Every entry whose verdict changed, worse or better. */
  changed: VerdictChange[];
  /** Only in the new run (for clauses: covered now, not before). */
  added: VerdictChange[];
  /** Only in the old run (for clauses: covered before, not now). */
  removed: VerdictChange[];
  /** Same verdict in both. */
  unchanged: number;
}

export interface RunHeader {
  source: string;
  tool: string;
  profile: string;
  iut: string;
  seed: number;
  startedAt: string;
  cases: number;
  summary: Record<Verdict, number>;
}

export interface RunDiff {
  old: RunHeader;
  new: RunHeader;
  /** A case got worse, or a new case fails: `cpmct diff` exits 1. */
  regression: boolean;
  /** The cases that make it a regression. */
  regressions: VerdictChange[];
  cases: ChangeSet;
  clauses: ChangeSet;
}

interface Keyed {
  name: string;
  verdict: Verdict;
  reason?: string;
}

/** Each case run under the name it is matched by across runs. */
export function keyedCases(run: RunResult): Map<string, CaseResult> {
  const base = (c: CaseResult): string => `${caseName(c)} (${c.binding} ${c.role})`;
  const counts = new Map<string, number>();
  for (const c of run.cases) counts.set(base(c), (counts.get(base(c)) ?? 0) + 1);
  const out = new Map<string, CaseResult>();
  for (const c of run.cases) {
    let name = base(c);
    if ((counts.get(name) ?? 0) > 1)
      name = `${caseName(c)} (${c.profile ?? '?'}: ${c.binding} ${c.role})`;
    out.set(name, c);
  }
  return out;
}

function caseEntries(run: RunResult): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const [name, c] of keyedCases(run))
    out.set(name, { name, verdict: c.verdict, reason: c.reason });
  return out;
}

function clauseEntries(clauses: readonly ClauseResult[]): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const c of clauses) {
    if (c.verdict !== 'not-covered') out.set(c.id, { name: c.id, verdict: c.verdict });
  }
  return out;
}

function compare(before: Map<string, Keyed>, now: Map<string, Keyed>): ChangeSet {
  const set: ChangeSet = {
    newFails: [],
    fixed: [],
    changed: [],
    added: [],
    removed: [],
    unchanged: 0,
  };
  for (const [name, n] of now) {
    const b = before.get(name);
    const reason = n.reason ? { reason: n.reason } : {};
    if (!b) {
      const change = { name, now: n.verdict, ...reason };
      set.added.push(change);
      if (FAILING.includes(n.verdict)) set.newFails.push(change);
      continue;
    }
    if (b.verdict === n.verdict) {
      set.unchanged += 1;
      continue;
    }
    const direction: Direction = isWorse(n.verdict, b.verdict) ? 'worse' : 'better';
    const change = { name, before: b.verdict, now: n.verdict, direction, ...reason };
    set.changed.push(change);
    if (direction === 'better') set.fixed.push(change);
    if (FAILING.includes(n.verdict) && !FAILING.includes(b.verdict)) set.newFails.push(change);
  }
  for (const [name, b] of before) {
    if (!now.has(name)) set.removed.push({ name, before: b.verdict });
  }
  return set;
}

function header(run: RunResult, source: string): RunHeader {
  return {
    source,
    tool: `${run.tool.name} ${run.tool.version}`,
    profile: run.profile.name,
    iut: run.profile.iut,
    seed: run.seed,
    startedAt: run.startedAt,
    cases: run.cases.length,
    summary: run.summary,
  };
}

/** The changes from `before` to `now`, by case and by clause. */
export function diffRuns(
  before: { run: RunResult; source: string },
  now: { run: RunResult; source: string },
): RunDiff {
  const cases = compare(caseEntries(before.run), caseEntries(now.run));
  const clauses = compare(clauseEntries(before.run.clauses), clauseEntries(now.run.clauses));
  const regressions = [
    ...cases.changed.filter((c) => c.direction === 'worse'),
    ...cases.added.filter((c) => c.now !== undefined && FAILING.includes(c.now)),
  ];
  return {
    old: header(before.run, before.source),
    new: header(now.run, now.source),
    regression: regressions.length > 0,
    regressions,
    cases,
    clauses,
  };
}

/** The diff as JSON: the RunDiff as is, 2-space indent, trailing newline. */
export function renderDiffJson(diff: RunDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
