/**
 * Bounded concurrency for the kill matrices: each mutant runs against its own embedded
 * store, and the work is mostly idle I/O (loopback sockets, timers), so several runs side
 * by side finish sooner than one after another, even on two cores.
 * `CPMCT_MUTANT_CONCURRENCY` overrides the default (1 runs them one after another).
 */

export const DEFAULT_MUTANT_CONCURRENCY = 4;

export function mutantConcurrency(): number {
  const configured = Number(process.env.CPMCT_MUTANT_CONCURRENCY);
  return Number.isInteger(configured) && configured >= 1 ? configured : DEFAULT_MUTANT_CONCURRENCY;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Starts every job at once but lets at most `limit` run at a time, in the order given.
 * Returns one promise per job that never rejects (a failure is a settled `{ ok: false }`).
 */
export function runBounded<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<Settled<T>>[] {
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
