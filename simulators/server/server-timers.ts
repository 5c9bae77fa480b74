/**
 * The clock and timers the server's limits run on (auto-logout, IDLE keepalives, the delay
 * of a failed login). Injectable, so tests drive them with a virtual clock instead of waiting.
 */
export interface ServerTimers {
  /** Milliseconds, monotonic enough for measuring idle time. */
  now(): number;
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: ServerTimers = {
  now: () => performance.now(),
  setTimeout: (fire, ms) => {
    const timer = setTimeout(fire, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function sleepOn(timers: ServerTimers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}
