/**
 * One kill-matrix run as data, so that it can run in a worker thread: the suites of a role
 * against an embedded profile with one mutant (and one sync variant), reduced to the case
 * outcomes the matrix needs (the results' evidence is dropped where it is produced).
 */
import { startTarget } from '../../src/targets/start-target.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { profile, settings, suites } from '../e2e/helpers.ts';
import { outcomeOf, type CaseOutcome } from './precision.ts';

export interface MutantJob {
  /** Server role: the store is the mutant; client role: the reference client is. */
  role: 'server' | 'client';
  /** A profile under profiles/, without .yaml. */
  profile: string;
  mutant: string;
  /** IMAP store mutants: the sync variant the devices use. */
  variant?: string;
  /** Only these case ids (default: every case of the role and binding). */
  cases?: string[];
}

export async function runMutantJob(job: MutantJob): Promise<CaseOutcome[]> {
  const p = profile(job.profile);
  const running = await startTarget(p, {
    settings: settings(),
    ...(job.role === 'server' ? { mutant: job.mutant } : { clientMutant: job.mutant }),
  });
  try {
    const target =
      job.variant !== undefined ? { ...running.target, variants: [job.variant] } : running.target;
    const only = job.cases ? new Set(job.cases) : undefined;
    const cases = casesFor(suites.cases, target, job.role).filter(
      (c) => !only || only.has(c.definition.id),
    );
    const results = await executeCases(cases, target);
    return results.map((r) => outcomeOf(r, job.variant));
  } finally {
    await running.stop();
  }
}
