/**
 * One kill-matrix run as data, so that it can run in a worker thread: the suites of a role
 * against an embedded profile with one mutant (and one sync variant), reduced to the case
 * outcomes the matrix needs (the results' evidence is dropped where it is produced).
 */
import { startTarget } from '../../src/cli/targets.ts';
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
    const results = await executeCases(casesFor(suites.cases, target, job.role), target);
    return results.map((r) => outcomeOf(r, job.variant));
  } finally {
    await running.stop();
  }
}
