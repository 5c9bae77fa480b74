/**
 * Per-clause verdicts from case results: the coverage matrix of a run. A clause fails only
 * where a finding proves it broken (a case's `brokenClauses`), never because some other
 * clause of a case that cites it failed; a case whose finding names a clause it does not
 * cite still counts for that clause.
 */
import type { ClauseRegistry } from '../clauses/registry.ts';
import type { CaseResult, ClauseResult, Verdict } from '../engine/result.ts';
import { worst } from '../engine/verdict.ts';

export function clauseResults(registry: ClauseRegistry, cases: CaseResult[]): ClauseResult[] {
  return registry.clauses
    .filter((c) => c.status !== 'superseded')
    .map((clause) => {
      const citing = cases.filter(
        (c) => c.clauses.includes(clause.id) || c.brokenClauses.includes(clause.id),
      );
      return {
        id: clause.id,
        level: clause.level,
        side: clause.side,
        title: clause.title,
        cases: [...new Set(citing.map((c) => c.id))],
        verdict: citing.length === 0 ? 'not-covered' : clauseVerdict(clause.id, citing),
      };
    });
}

function clauseVerdict(id: string, citing: CaseResult[]): Verdict {
  let verdict: Verdict | undefined;
  for (const c of citing) {
    let v: Verdict;
    if (c.verdict === 'fail' || c.verdict === 'warn')
      v = c.brokenClauses.includes(id) ? c.verdict : 'pass';
    else v = c.verdict;
    verdict = verdict === undefined ? v : combine(verdict, v);
  }
  return verdict ?? 'inapplicable';
}

/** Inapplicable only when every citing case is; otherwise the worst judged verdict. */
function combine(a: Verdict, b: Verdict): Verdict {
  if (a === 'inapplicable') return b;
  if (b === 'inapplicable') return a;
  return worst(a, b);
}
