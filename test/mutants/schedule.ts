/**
 * One schedule for every kill matrix of a mocha run: each matrix registers its jobs when it
 * is defined, and the first matrix to run starts its own jobs and then every other one
 * (heaviest first) on one shared pool, so the three matrices overlap instead of each
 * waiting for its slowest mutant. A run filtered with --grep/--fgrep starts only the
 * matrices that run. The pool is closed once every started job has settled and no matrix
 * is still running.
 */
import type { MutantJob } from './mutant-job.ts';
import { jobRunner, type JobRunner, type Settled } from './pool.ts';
import type { CaseOutcome } from './precision.ts';

interface Entry {
  /** The matrix (its report file) the job belongs to. */
  matrix: string;
  job: MutantJob;
  /** Relative cost: heavier jobs start first. */
  weight: number;
  settle(result: Settled<CaseOutcome[]>): void;
  started: boolean;
}

const registered: Entry[] = [];
const started: Promise<Settled<CaseOutcome[]>>[] = [];
let runner: JobRunner | undefined;
let running = 0;

/** A job to run once the matrices start; resolves (never rejects) with its outcomes. */
export function register(
  matrix: string,
  job: MutantJob,
  weight = 1,
): Promise<Settled<CaseOutcome[]>> {
  return new Promise((settle) => registered.push({ matrix, job, weight, settle, started: false }));
}

/** Whether mocha runs only some tests (then only the matrices that run start their jobs). */
const filtered = process.argv.some((a) => /^(-g|-f|--grep|--fgrep)(=|$)/.test(a));

/** A matrix begins: start its jobs, then (unfiltered run) every other registered one. */
export function matrixStarts(matrix: string): void {
  running++;
  const waiting = registered
    .filter((e) => !e.started && (e.matrix === matrix || !filtered))
    .sort(
      (a, b) => Number(b.matrix === matrix) - Number(a.matrix === matrix) || b.weight - a.weight,
    );
  if (waiting.length === 0) return;
  for (const e of waiting) e.started = true;
  runner ??= jobRunner();
  const results = runner.runAll(waiting.map((e) => e.job));
  waiting.forEach((e, i) => {
    const result = results[i]!;
    started.push(result);
    void result.then(e.settle);
  });
}

/** A matrix is done: close the pool when nothing is left to run. */
export async function matrixEnds(): Promise<void> {
  running--;
  const all = [...started];
  await Promise.all(all);
  if (running === 0 && started.length === all.length && runner) {
    const done = runner;
    runner = undefined;
    await done.close();
  }
}
