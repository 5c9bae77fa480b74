/** Small in-memory runs of made-up implementations for the implementation report tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseResult, RunResult, Verdict } from '../../src/engine/result.ts';
import { VERDICTS } from '../../src/engine/result.ts';

export interface CaseSpec {
  id: string;
  clauses: string[];
  verdict: Verdict;
  /** Defaults to every clause for fail/warn. */
  broken?: string[];
  role?: 'server' | 'client';
  binding?: string;
}

export function caseOf(spec: CaseSpec): CaseResult {
  const judged = spec.verdict === 'fail' || spec.verdict === 'warn';
  return {
    id: spec.id,
    title: `case ${spec.id}`,
    clauses: spec.clauses,
    level: 'SHALL',
    binding: spec.binding ?? 'imap',
    role: spec.role ?? 'server',
    profile: 'p',
    verdict: spec.verdict,
    reason: judged ? 'something was wrong' : '',
    brokenClauses: judged ? (spec.broken ?? spec.clauses) : [],
    durationMs: 1,
    steps: [],
    evidence: [],
  };
}

export function runOf(
  iut: { name: string; version?: string },
  cases: CaseSpec[],
  options: { clauseSet?: string; toolVersion?: string; role?: 'server' | 'client' } = {},
): RunResult {
  const results = cases.map(caseOf);
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const c of results) summary[c.verdict] += 1;
  const role = options.role ?? 'server';
  return {
    tool: { name: 'cpmct', version: options.toolVersion ?? '0.1.0' },
    profile: { name: 'p', role, binding: 'imap', iut: iut.name },
    profiles: [{ name: 'p', role, binding: 'imap', iut }],
    seed: 1,
    strict: false,
    ...(options.clauseSet ? { clauseSet: options.clauseSet } : {}),
    startedAt: '2026-01-15T12:00:00.000Z',
    finishedAt: '2026-01-15T12:00:01.000Z',
    summary,
    cases: results,
    clauses: [],
  };
}

/** Writes the run as `dir/report.json` (and a stand-in report.html) and returns the dir. */
export async function writeRun(dir: string, run: RunResult, html = true): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'report.json'), JSON.stringify(run));
  if (html) await writeFile(join(dir, 'report.html'), '<!DOCTYPE html><title>run</title>');
  return dir;
}
