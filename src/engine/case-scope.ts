/**
 * Nothing a case starts outlives it. Every device and store actor the case's factory creates
 * is tracked, so that when the case ends all of them are closed, whatever happened: also one
 * whose creation was still under way when a time limit gave up on it (it is closed as soon as
 * its creation resolves, and the case waits for that, bounded). Without this a set-up that
 * timed out left a device logging in after the report was written, holding the process open.
 */
import type { DriverFactory } from './ports.ts';

interface Closable {
  close(): Promise<void>;
}

/** How long the end of a case waits for one party to close (or a late creation to resolve). */
export const CLOSE_LIMIT_MS = 5_000;

export class CaseScope {
  private readonly open = new Set<Closable>();
  private readonly pending = new Set<Promise<unknown>>();
  private ended = false;

  /** The same factory, except that what it creates belongs to this case. */
  wrap(factory: DriverFactory): DriverFactory {
    const scoped = Object.create(factory) as DriverFactory;
    scoped.createDevice = (name, user, options) =>
      this.track(factory.createDevice(name, user, options));
    scoped.createActor = (user) => this.track(factory.createActor(user));
    return scoped;
  }

  private track<T extends Closable>(creation: Promise<T>): Promise<T> {
    const tracked = (async () => {
      const party = once(await creation);
      if (this.ended) {
        await bounded(party.close());
        throw new Error('the case ended while this connection was being opened; it was closed');
      }
      this.open.add(party);
      return party;
    })();
    this.pending.add(tracked);
    const settle = () => void this.pending.delete(tracked);
    tracked.then(settle, settle);
    return tracked;
  }

  /**
   * The case is over: close what is still open (a party the engine already closed is not
   * closed again) and wait, bounded, for creations still under way to be closed.
   */
  async end(): Promise<void> {
    this.ended = true;
    const parties = [...this.open];
    this.open.clear();
    await Promise.all([
      ...parties.map((p) => bounded(p.close())),
      ...[...this.pending].map((p) => bounded(p)),
    ]);
  }
}

/** A party whose close() runs once, however often it is called. */
function once<T extends Closable>(party: T): T {
  const close = party.close.bind(party);
  let closing: Promise<void> | undefined;
  party.close = () => (closing ??= close());
  return party;
}

/** Waits for `work` at most CLOSE_LIMIT_MS; never rejects, never leaves a timer behind. */
function bounded(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_LIMIT_MS)));
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    limit,
  ]).finally(() => clearTimeout(timer));
}
