/**
 * Runs the kill matrices' jobs side by side. Each mutant runs against its own embedded
 * store, so runs are independent; they are mostly idle I/O (loopback sockets, timers) but
 * the harness's own work is single-threaded, so the jobs go to worker threads (one per
 * core by default), several at a time in each. Inside a parallel mocha run (`npm test`) the
 * test files already keep every core busy, so the jobs stay in the file's own process: a
 * worker thread would only load the harness's modules again (about 2.5 s of CPU each).
 * - `CPMCT_MUTANT_WORKERS`: worker threads (0 runs the jobs in the calling thread);
 * - `CPMCT_MUTANT_CONCURRENCY`: jobs at a time per worker (1 = one after another).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runMutantJob, type MutantJob } from './mutant-job.ts';
import type { CaseOutcome } from './precision.ts';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function setting(name: string, fallback: number, min: number): number {
  const configured = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isInteger(configured) && configured >= min
    ? configured
    : fallback;
}

/**
 * Starts every job at once but lets at most `limit` run at a time, in the order given.
 * Returns one promise per job that never rejects (a failure is a settled `{ ok: false }`).
 */
function runBounded<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<Settled<T>>[] {
  let next = 0;
  const resolvers: Array<(settled: Settled<T>) => void> = [];
  const results = jobs.map(
    (_, i) => new Promise<Settled<T>>((resolve) => (resolvers[i] = resolve)),
  );
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      try {
        resolvers[i]!({ ok: true, value: await jobs[i]!() });
      } catch (error) {
        resolvers[i]!({ ok: false, error });
      }
    }
  };
  for (let w = 0; w < Math.min(limit, jobs.length); w++) void worker();
  return results;
}

/** A worker thread that runs MutantJobs (mutant-worker.ts, loaded through tsx). */
class JobWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (settled: Settled<CaseOutcome[]>) => void>();
  private nextId = 0;

  constructor() {
    const entry = new URL('./mutant-worker.ts', import.meta.url).href;
    // A worker's entry is loaded before any --import hook of its own: register tsx first.
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
    this.worker = new Worker(boot, { eval: true });
    // An idle worker does not keep the process alive (the pool closes it when its work is done).
    this.worker.unref();
    this.worker.on('message', (m: { id: number } & Settled<CaseOutcome[]>) => {
      const resolve = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      resolve?.(m.ok ? m : { ok: false, error: new Error(String(m.error)) });
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`mutant worker exited (${code})`)));
  }

  get load(): number {
    return this.pending.size;
  }

  run(job: MutantJob): Promise<CaseOutcome[]> {
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, (s) => (s.ok ? resolve(s.value) : reject(s.error)));
      this.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: unknown): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error });
    this.pending.clear();
  }
}

export interface JobRunner {
  /** Runs every job (bounded); one never-rejecting promise per job, in order. */
  runAll(jobs: MutantJob[]): Promise<Settled<CaseOutcome[]>>[];
  close(): Promise<void>;
}

export function jobRunner(): JobRunner {
  const inParallelMocha = process.env.MOCHA_WORKER_ID !== undefined;
  const workers = setting('CPMCT_MUTANT_WORKERS', inParallelMocha ? 0 : availableParallelism(), 0);
  const perWorker = setting('CPMCT_MUTANT_CONCURRENCY', 3, 1);
  const threads: JobWorker[] = [];
  const dispatch = (job: MutantJob): Promise<CaseOutcome[]> => {
    if (workers === 0) return runMutantJob(job);
    if (threads.length < workers) threads.push(new JobWorker());
    const idlest = threads.reduce((a, b) => (b.load < a.load ? b : a));
    return idlest.run(job);
  };
  return {
    runAll: (jobs) =>
      runBounded(
        jobs.map((job) => () => dispatch(job)),
        Math.max(1, workers) * perWorker,
      ),
    close: async () => {
      await Promise.all(threads.map((t) => t.close()));
    },
  };
}
