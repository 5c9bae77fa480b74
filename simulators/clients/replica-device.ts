/**
 * What every reference device shares, whatever its binding: the local replica and the
 * partial-sync preferences, local changes made offline, one operation at a time with each
 * failure turned into one line naming the device, and refusing work once closed.
 */
import type { LocalChange, SyncPreferences } from '../../src/engine/ports.ts';
import type { StoreView } from '../../src/model/view.ts';
import { checkPreferences } from './filters.ts';
import { Replica, type ObjectId } from './replica.ts';

export abstract class ReplicaDevice<Id extends ObjectId> {
  protected readonly replica = new Replica<Id>();
  protected prefs: SyncPreferences = {};
  protected closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly name: string) {}

  abstract open(): Promise<void>;
  abstract close(): Promise<void>;

  setPreferences(prefs: SyncPreferences): void {
    checkPreferences(prefs);
    this.prefs = { ...prefs };
  }

  async applyLocalChange(change: LocalChange): Promise<void> {
    this.ensureOpen('applyLocalChange');
    try {
      this.replica.apply(change);
    } catch (err) {
      throw new Error(`${this.name}: ${oneLine(err)}`, { cause: err });
    }
  }

  localView(): StoreView {
    return this.replica.view();
  }

  protected ensureOpen(what: string): void {
    if (this.closed) throw new Error(`${this.name}: ${what}: the device is closed`);
  }

  /** One operation at a time; every failure becomes one line naming the device. */
  protected serial<T>(what: string, work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.ensureOpen(what);
      try {
        return await work();
      } catch (err) {
        throw new Error(`${this.name}: ${what}: ${oneLine(err)}`, { cause: err });
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Resolves when the operation in progress (if any) has ended. */
  protected settled(): Promise<unknown> {
    return this.queue.catch(() => undefined);
  }
}

/** Open a new device; close it and reject if that fails (nothing is left running). */
export async function opened<D extends { open(): Promise<void>; close(): Promise<void> }>(
  device: D,
): Promise<D> {
  try {
    await device.open();
  } catch (err) {
    await device.close();
    throw err;
  }
  return device;
}

export function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}
