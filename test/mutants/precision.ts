/**
 * What one mutant's run proves: whether it was killed (a case judged its clause broken) and
 * how precise the judging was. A mutant is precise when every clause failed anywhere in its
 * run (the union of `brokenClauses` of the fail and warn cases) is the clause it breaks or
 * one of its documented knock-on clauses.
 */
import type { CaseResult } from '../../src/engine/result.ts';

/** The kill-matrix view of a mutant's info (server, NMS and client mutant files). */
export interface MutantExpectation {
  /** The clause the deviation breaks. */
  clause: string;
  /**
   * Other clauses the deviation genuinely breaks as a consequence, each with a one-line
   * reason. A clause failed outside `clause` and these is an imprecise judgement.
   */
  knockOn?: Readonly<Record<string, string>>;
  /** Sync variants whose path the deviation lives on (default: the target's own path only). */
  variants?: readonly string[];
  /**
   * Cases the deviation must make inconclusive instead of pass, where what it breaks cannot
   * be observed on the wire: the mutant counts as detected when each of them is.
   */
  inconclusiveOn?: readonly string[];
  /**
   * In a matrix that runs each mutant on the cases that can kill it (`onlyCasesCiting`): the
   * cases its deviation shows in, where its clause is cited by many more (default: every case
   * citing its clause).
   */
  cases?: readonly string[];
}

/** The little of a CaseResult the matrix keeps (results with evidence are dropped at once). */
export interface CaseOutcome {
  id: string;
  /** The sync variant the case ran under, when the matrix runs variants. */
  variant?: string;
  verdict: CaseResult['verdict'];
  brokenClauses: string[];
  reason: string;
}

export interface UnexpectedClause {
  clause: string;
  /** The cases (`ID` or `ID [variant]`) whose findings judged it broken. */
  cases: string[];
}

export interface KillRow {
  mutant: string;
  clause: string;
  knockOn: string[];
  variants: string[];
  /** A case judged its clause broken, or (inconclusiveOn) each named case was inconclusive. */
  killed: boolean;
  /** Cases judging the mutant's clause broken. */
  killers: string[];
  /** Union of brokenClauses over the fail and warn cases, sorted. */
  clausesFailed: string[];
  unexpected: UnexpectedClause[];
  /** Cases with verdict fail or warn (killers included). */
  failedCases: string[];
  /** Cases neither pass nor fail/warn (inconclusive, inapplicable, error): `ID: verdict`. */
  otherNonPass: string[];
  /** Harness errors: `ID: reason`. */
  errors: string[];
}

export function outcomeOf(result: CaseResult, variant?: string): CaseOutcome {
  return {
    id: result.id,
    ...(variant !== undefined ? { variant } : {}),
    verdict: result.verdict,
    brokenClauses: [...result.brokenClauses],
    reason: result.reason,
  };
}

const failed = (o: CaseOutcome) => o.verdict === 'fail' || o.verdict === 'warn';
const label = (o: CaseOutcome) => (o.variant ? `${o.id} [${o.variant}]` : o.id);
const unique = (xs: string[]) => [...new Set(xs)];

export function killRow(
  mutant: string,
  expectation: MutantExpectation,
  variants: string[],
  outcomes: CaseOutcome[],
): KillRow {
  const knockOn = Object.keys(expectation.knockOn ?? {});
  const allowed = new Set([expectation.clause, ...knockOn]);
  const failing = outcomes.filter(failed);
  const byClause = new Map<string, string[]>();
  for (const o of failing)
    for (const clause of o.brokenClauses)
      byClause.set(clause, [...(byClause.get(clause) ?? []), label(o)]);
  const inconclusive = new Set(
    outcomes.filter((o) => o.verdict === 'inconclusive').map((o) => o.id),
  );
  const detected =
    (expectation.inconclusiveOn?.length ?? 0) > 0 &&
    expectation.inconclusiveOn!.every((id) => inconclusive.has(id));
  return {
    mutant,
    clause: expectation.clause,
    knockOn,
    variants,
    killed: byClause.has(expectation.clause) || detected,
    killers: unique(byClause.get(expectation.clause) ?? []),
    clausesFailed: [...byClause.keys()].sort(),
    unexpected: [...byClause.entries()]
      .filter(([clause]) => !allowed.has(clause))
      .map(([clause, cases]) => ({ clause, cases: unique(cases) }))
      .sort((a, b) => a.clause.localeCompare(b.clause)),
    failedCases: unique(failing.map(label)),
    otherNonPass: outcomes
      .filter((o) => !failed(o) && o.verdict !== 'pass')
      .map((o) => `${label(o)}: ${o.verdict}`),
    errors: outcomes.filter((o) => o.verdict === 'error').map((o) => `${label(o)}: ${o.reason}`),
  };
}

/** Case ids that some mutant made fail or warn. */
export function failedAnywhere(rows: KillRow[]): Set<string> {
  return new Set(rows.flatMap((r) => r.failedCases.map((c) => c.replace(/ \[.*\]$/, ''))));
}

export interface MatrixSummary {
  mutants: number;
  killed: number;
  precise: number;
}

export function summarise(rows: KillRow[]): MatrixSummary {
  return {
    mutants: rows.length,
    killed: rows.filter((r) => r.killed).length,
    precise: rows.filter((r) => r.unexpected.length === 0).length,
  };
}
