/**
 * What every binding check (IMAP and NMS) shares: how it stops early, how it runs its
 * cleanups, and the guard that turns whatever its body throws into an outcome (a check
 * never throws). Each binding's run.ts adds its own connections and evidence.
 */

/** Stops a check early with "could not be judged". */
export class Inapplicable extends Error {}

/**
 * A check stops early with the engine's StoreFault when the store broke an operation the
 * check relies on (an APPEND or a POST that stores nothing, a STORE that changes nothing):
 * one finding on that operation's clause. One class, so a fault raised anywhere is judged.
 */
import { StoreFault } from '../engine/trouble.ts';

export { StoreFault };

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Run cleanups last registered first; a failing one becomes a note, never an error. */
export async function runCleanups(
  cleanups: Array<() => Promise<unknown> | unknown>,
  note: (line: string) => void,
): Promise<void> {
  for (const step of [...cleanups].reverse()) {
    try {
      await step();
    } catch (error) {
      note(`cleanup: ${messageOf(error)}`);
    }
  }
}

/** A check's run as the guard needs it. */
export interface CheckFrame<Outcome> {
  find(line: string): void;
  /** The store broke an operation the check relies on. */
  faulted(fault: StoreFault): void;
  finish(inapplicable?: string): Promise<Outcome>;
}

/** Runs a check's body in its frame and always returns its outcome. */
export async function guarded<Outcome>(
  run: CheckFrame<Outcome>,
  body: () => Promise<void>,
): Promise<Outcome> {
  try {
    await body();
    return await run.finish();
  } catch (error) {
    if (error instanceof Inapplicable) return run.finish(error.message);
    if (error instanceof StoreFault) run.faulted(error);
    else run.find(`could not complete: ${messageOf(error)}`);
    return run.finish();
  }
}
