/** From findings to a verdict: SHALL broken → fail, SHOULD/MAY → warn unless strict. */
import type { Finding, EngineSettings } from './context.ts';
import type { Level, Verdict } from './result.ts';

const RANK: Record<Level, number> = { SHALL: 3, SHOULD: 2, MAY: 1 };

export function findingLevel(
  finding: Finding,
  settings: EngineSettings,
  featuresDeclared: boolean,
): Level {
  let level: Level = 'MAY';
  for (const clause of finding.clauses) {
    const l = settings.clauseLevel(clause) ?? 'SHALL';
    if (RANK[l] > RANK[level]) level = l;
  }
  if (finding.level && RANK[finding.level] < RANK[level]) return finding.level;
  // An optional feature the implementation declares (ICS) is judged as mandatory for it.
  if (level === 'MAY' && featuresDeclared) return 'SHALL';
  return level;
}

export function verdictOf(
  findings: Finding[],
  settings: EngineSettings,
  featuresDeclared: boolean,
): Verdict {
  if (findings.length === 0) return 'pass';
  const levels = findings.map((f) => findingLevel(f, settings, featuresDeclared));
  if (settings.strict || levels.includes('SHALL')) return 'fail';
  return 'warn';
}

const SEVERITY: Verdict[] = ['pass', 'inapplicable', 'warn', 'inconclusive', 'fail', 'error'];

export function worst(a: Verdict, b: Verdict): Verdict {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}
