/** A run's RunResult from its case results: waivers applied, verdicts counted, clauses judged. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClauseRegistry } from '../clauses/registry.ts';
import { PROJECT_ROOT } from '../config/paths.ts';
import type { CaseResult, RunResult, Verdict } from '../engine/result.ts';
import { VERDICTS } from '../engine/result.ts';
import { activeWaiver, type Profile } from '../profiles/profile.ts';
import { clauseResults } from './clause-results.ts';

/** Marks a failed or warned case that the profile waives today (the verdict stays). */
export function applyWaivers(results: CaseResult[], profile: Profile): CaseResult[] {
  const today = new Date();
  for (const result of results) {
    const waiver = activeWaiver(profile, result.id, today);
    if (waiver && (result.verdict === 'fail' || result.verdict === 'warn')) {
      result.waived = { reason: waiver.reason, expires: waiver.expires };
    }
  }
  return results;
}

export function runResult(
  profiles: Profile[],
  seed: number,
  strict: boolean,
  startedAt: Date,
  cases: CaseResult[],
  registry: ClauseRegistry,
): RunResult {
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const c of cases) summary[c.verdict] += 1;
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    tool: { name: 'cpmct', version: pkg.version },
    profile: {
      name: profiles.map((p) => p.name).join('+'),
      role: [...new Set(profiles.map((p) => p.role))].join('+'),
      binding: [...new Set(profiles.map((p) => p.binding))].join('+'),
      iut: profiles
        .map((p) => `${p.iut.name}${p.iut.version ? ' ' + p.iut.version : ''}`)
        .join(', '),
    },
    profiles: profiles.map((p) => ({
      name: p.name,
      role: p.role,
      binding: p.binding,
      iut: { name: p.iut.name, ...(p.iut.version ? { version: p.iut.version } : {}) },
    })),
    seed,
    strict,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    summary,
    cases,
    clauses: clauseResults(registry, cases),
  };
}
