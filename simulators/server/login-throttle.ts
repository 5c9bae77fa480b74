/**
 * Slows down password guessing as Dovecot's auth penalty does: the answer to a failed login
 * is delayed, by `loginFailureDelayMs` for the first failure from an address, doubling with
 * each further failure from it up to `maxLoginFailureDelayMs`. A successful login from the
 * address, or a quiet spell, forgets its failures. Memory is bounded: the oldest addresses
 * are dropped first.
 */
import type { ServerLimits } from '../../src/bindings/imap/server/limits.ts';
import type { ServerTimers } from './server-timers.ts';

/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Addresses remembered at most. */
const MAX_ADDRESSES = 10_000;

interface Penalty {
  failures: number;
  lastAt: number;
}

export class LoginThrottle {
  private readonly penalties = new Map<string, Penalty>();

  constructor(
    private readonly limits: ServerLimits,
    private readonly timers: ServerTimers,
  ) {}

  /** Record a failed login from an address; the delay its answer must wait, in ms. */
  failure(address: string): number {
    const now = this.timers.now();
    const known = this.penalties.get(address);
    const failures = known && now - known.lastAt < FORGET_AFTER_MS ? known.failures + 1 : 1;
    this.penalties.delete(address);
    this.penalties.set(address, { failures, lastAt: now });
    if (this.penalties.size > MAX_ADDRESSES) {
      const oldest = this.penalties.keys().next().value;
      if (oldest !== undefined) this.penalties.delete(oldest);
    }
    const { loginFailureDelayMs: first, maxLoginFailureDelayMs: most } = this.limits;
    return Math.min(first * 2 ** Math.min(failures - 1, 30), most);
  }

  success(address: string): void {
    this.penalties.delete(address);
  }
}
