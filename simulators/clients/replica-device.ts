/**
 * What every reference device shares, whatever its binding: the local replica and the
 * partial-sync preferences, local changes made offline, one operation at a time with each
 * failure turned into one line naming the device, and refusing work once closed; and periodic
 * sync on the harness's virtual clock (advanceClock).
 */
import type { LocalChange, SyncPreferences, SyncReport } from '../../src/engine/ports.ts';
import type { StoreView } from '../../src/model/view.ts';
import { checkPreferences } from './filters.ts';
import { Replica, type ObjectId } from './replica.ts';

export abstract class ReplicaDevice<Id extends ObjectId> {
  protected readonly replica = new Replica<Id>();
  protected prefs: SyncPreferences = {};
  protected closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The virtual clock as last told (advanceClock), and its reading at the last sync. */
  private clock: number | undefined;
  private lastSyncClock: number | undefined;

  /** `periodicSync` false: the no-periodic mutant, which never syncs by itself. */
  constructor(
    readonly name: string,
    private readonly periodicSync = true,
  ) {}

  abstract open(): Promise<void>;
  abstract close(): Promise<void>;
  abstract sync(): Promise<SyncReport>;

  /**
   * The virtual clock now reads `nowMs`; the first reading counts as the last sync. Once the
   * preferred period has passed since the last sync, the device syncs by itself (RD-STOR-x1).
   */
  async advanceClock(nowMs: number): Promise<SyncReport | undefined> {
    this.ensureOpen('advanceClock');
    this.clock = nowMs;
    this.lastSyncClock ??= nowMs;
    const period = this.prefs.periodMs;
    if (!this.periodicSync || !period || nowMs - this.lastSyncClock < period) return undefined;
    return this.sync();
  }

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
        const result = await work();
        if (what === 'sync' && this.clock !== undefined) this.lastSyncClock = this.clock;
        return result;
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
