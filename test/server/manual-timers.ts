/**
 * A virtual clock for the server's limits (ServerTimers): nothing fires until the test
 * advances the clock, so a 30-minute auto-logout takes no real time.
 */
import type { ServerTimers } from '../../simulators/server/server-timers.ts';

interface Pending {
  at: number;
  ms: number;
  fire: () => void;
}

export class ManualTimers implements ServerTimers {
  private time = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly watchers = new Set<() => void>();

  now(): number {
    return this.time;
  }

  setTimeout(fire: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, ms, fire });
    for (const watcher of [...this.watchers]) watcher();
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Move the clock on by `ms`, firing each timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let dueId: number | undefined;
      let due: Pending | undefined;
      for (const [id, timer] of this.pending)
        if (timer.at <= end && (!due || timer.at < due.at)) [dueId, due] = [id, timer];
      if (!due || dueId === undefined) break;
      this.pending.delete(dueId);
      this.time = due.at;
      due.fire();
    }
    this.time = end;
  }

  /** The durations of the timers waiting, as they were set. */
  waiting(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Resolves once a timer of `ms` is waiting (a failed login's delay, say). */
  async timerOf(ms: number, timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.waiting().includes(ms)) {
      if (Date.now() > deadline) throw new Error(`no ${ms} ms timer; waiting: ${this.waiting()}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.watchers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, deadline - Date.now());
        this.watchers.add(done);
      });
    }
  }
}
