/**
 * Attributing the store's recorded traffic to the parties of a case: a connection belongs
 * to the device whose step first used it (else to the store actor), and each device's
 * syncs keep their own slice of the trace for trace assertions.
 */
import type { WireEntry } from './ports.ts';

export const STORE_ACTOR = '#store';

export class TraceBook {
  private readonly owner = new Map<WireEntry['connection'], string>();
  private readonly entries = new Map<string, WireEntry[]>();
  private readonly syncs = new Map<string, WireEntry[][]>();
  /** Entries before this index are settled (or belong to earlier cases). */
  private settled: number;

  constructor(private readonly log: WireEntry[] | undefined) {
    this.settled = log?.length ?? 0;
  }

  get enabled(): boolean {
    return this.log !== undefined;
  }

  /**
   * Attribute everything recorded since the last settle: a connection seen for the first
   * time goes to `party`; returns `party`'s share of the new entries.
   */
  settle(party: string): WireEntry[] {
    if (!this.log) return [];
    const mine: WireEntry[] = [];
    const fresh = this.log.slice(this.settled);
    this.settled = this.log.length;
    for (const entry of fresh) {
      let who = this.owner.get(entry.connection);
      if (who === undefined) {
        who = party;
        this.owner.set(entry.connection, who);
      }
      let list = this.entries.get(who);
      if (!list) this.entries.set(who, (list = []));
      list.push(entry);
      if (who === party) mine.push(entry);
    }
    return mine;
  }

  recordSync(device: string, entries: WireEntry[]): void {
    this.syncs.set(device, [...(this.syncs.get(device) ?? []), entries]);
  }

  /** Every entry of a party so far. */
  of(party: string): WireEntry[] {
    return this.entries.get(party) ?? [];
  }

  /** The traffic of each sync of a device, in order. */
  syncsOf(device: string): WireEntry[][] {
    return this.syncs.get(device) ?? [];
  }
}
