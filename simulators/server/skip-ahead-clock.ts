/**
 * A clock that runs with real time and can be moved ahead: `sleep(ms)` moves it `ms` forward
 * at once instead of waiting. The reference store with behaviours that measure time (a DELETE
 * refused within a second of a re-creation) runs on it, and the harness's set-up waits on it,
 * so a retry after a refusal costs no real time.
 */
export class SkipAheadClock {
  private offsetMs = 0;

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  readonly sleep = async (ms: number): Promise<void> => {
    this.offsetMs += ms;
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
}
