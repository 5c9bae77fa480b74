/**
 * The subscriptions of one box: ids `s{n}`, per-subscription index and position in the
 * change log, replay from a restartToken, and one coalesced event list per subscription
 * per tick, handed to the delivery in index order.
 */
import type {
  SubscriptionInput,
  SubscriptionRecord,
} from '../../../src/bindings/nms/server/backend.ts';
import { matchesCriteria } from '../../../src/bindings/nms/server/criteria-match.ts';
import type { NmsBox } from './box.ts';
import { coalesce, type LoggedEvent } from './change-log.ts';
import type { EventDelivery } from './event-delivery.ts';

/** Seconds a subscription lives when the client names no duration. */
export const DEFAULT_DURATION = 86_400;

interface Subscription extends Omit<SubscriptionRecord, 'duration' | 'restartToken'> {
  position: number;
  expiresAt: number;
}

export class SubscriptionRegistry {
  private readonly all = new Map<string, Subscription>();
  private next = 1;
  private pending: ReturnType<typeof setImmediate> | undefined;
  private stopped = false;

  constructor(
    private readonly box: NmsBox,
    private readonly delivery: EventDelivery,
  ) {}

  private now(): number {
    return this.box.options.clock().getTime();
  }

  private live(): Subscription[] {
    for (const [id, s] of this.all) if (s.expiresAt <= this.now()) this.all.delete(id);
    return [...this.all.values()];
  }

  private record(s: Subscription): SubscriptionRecord {
    const { position: _p, expiresAt, ...rest } = s;
    const duration = Math.max(0, Math.round((expiresAt - this.now()) / 1000));
    return { ...rest, duration, restartToken: this.box.log.restartToken };
  }

  create(input: SubscriptionInput): SubscriptionRecord {
    const { restartToken, duration, ...rest } = input;
    const position =
      restartToken !== undefined ? this.box.log.positionOf(restartToken) : this.box.log.position;
    const s: Subscription = {
      ...rest,
      id: `s${this.next++}`,
      index: 1,
      position,
      expiresAt: this.now() + (duration || DEFAULT_DURATION) * 1000,
    };
    this.all.set(s.id, s);
    if (position < this.box.log.position) this.schedule();
    return this.record(s);
  }

  list(): SubscriptionRecord[] {
    return this.live().map((s) => this.record(s));
  }

  get(id: string): SubscriptionRecord | undefined {
    const s = this.live().find((x) => x.id === id);
    return s ? this.record(s) : undefined;
  }

  update(id: string, update: { restartToken?: string; duration?: number }) {
    const s = this.live().find((x) => x.id === id);
    if (!s) return undefined;
    if (update.restartToken !== undefined) {
      s.position = this.box.log.positionOf(update.restartToken);
      this.schedule();
    }
    if (update.duration !== undefined)
      s.expiresAt = this.now() + (update.duration || DEFAULT_DURATION) * 1000;
    return this.record(s);
  }

  delete(id: string): boolean {
    return this.live().some((s) => s.id === id) && this.all.delete(id);
  }

  /** Send what is new once the current burst of changes is over. */
  schedule(): void {
    if (this.pending || this.stopped || this.all.size === 0) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      this.flush();
    });
  }

  private passes(s: Subscription, e: LoggedEvent): boolean {
    if (!s.filter || e.objectId === undefined) return true;
    const record = this.box.objectById(e.objectId);
    return !record || matchesCriteria(record, s.filter);
  }

  flush(): void {
    const end = this.box.log.position;
    for (const s of this.live()) {
      if (s.position >= end) continue;
      const events = coalesce(this.box.log.since(s.position)).filter((e) => this.passes(s, e));
      s.position = end;
      if (events.length === 0) continue;
      const list = {
        nmsEventList: {
          nmsEvent: events.map((e) => e.event),
          ...(s.callbackData !== undefined ? { callbackData: s.callbackData } : {}),
          index: s.index++,
          restartToken: this.box.log.tokenAt(end),
          link: [{ rel: 'NmsSubscription', href: this.box.shapes.subscriptionUrl(s.id) }],
        },
      };
      this.delivery.send(`${this.box.options.user}/${s.id}`, s.notifyURL, list, s.format);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
  }
}
