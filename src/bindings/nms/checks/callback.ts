/**
 * A notification sink for the checks' subscriptions (NMS spec: the server POSTs an
 * nmsEventList to the client's notifyURL, which acknowledges with 204): the client's
 * CallbackListener, keeping every list that arrived as a flat list of events, letting a
 * check wait for one that matches, and giving the traffic as evidence.
 */
import { CallbackListener, type ReceivedEventList } from '../client/callback-listener.ts';
import { ExchangeLog } from '../http-exchange.ts';
import type { Evidence } from '../../../engine/result.ts';

export interface NmsEventItem {
  /** changedObject, deletedObject, expiredObject, resetBox, … */
  kind: string;
  resourceURL?: string;
  lastModSeq?: unknown;
}

export interface ReceivedList {
  at: number;
  index: unknown;
  restartToken: unknown;
  events: NmsEventItem[];
  /** The list came as XML (a subscription created in XML), not JSON. */
  format: 'json' | 'xml';
}

export class CallbackSink {
  private readonly received: ReceivedList[] = [];

  private constructor(
    private readonly listener: CallbackListener,
    private readonly log: ExchangeLog,
  ) {}

  static async open(): Promise<CallbackSink> {
    const log = new ExchangeLog('notifications received');
    return new CallbackSink(await CallbackListener.start({ log }), log);
  }

  get url(): string {
    return this.listener.url('notify');
  }

  /** Every list received so far, oldest first. */
  get lists(): ReceivedList[] {
    this.received.push(...this.listener.take().map(receivedList));
    return this.received;
  }

  /** The first recorded list (from `from` on) that matches, waiting up to `timeoutMs`. */
  async waitFor(
    match: (list: ReceivedList) => boolean,
    timeoutMs: number,
    from = 0,
  ): Promise<ReceivedList | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lists.slice(from).find(match);
      const left = deadline - Date.now();
      if (found || left <= 0) return found;
      await this.listener.waitForAny(left);
    }
  }

  evidence(label = 'notifications received'): Evidence {
    return { ...this.log.evidence(), label };
  }

  close(): Promise<void> {
    return this.listener.close();
  }
}

function receivedList({ at, list, format }: ReceivedEventList): ReceivedList {
  const raw = Array.isArray(list.nmsEvent) ? (list.nmsEvent as unknown[]) : [];
  const events = raw.flatMap((event): NmsEventItem[] => {
    if (!event || typeof event !== 'object') return [];
    return Object.entries(event as Record<string, unknown>).map(([kind, body]) => {
      const fields = (body ?? {}) as { resourceURL?: unknown; lastModSeq?: unknown };
      return {
        kind,
        ...(typeof fields.resourceURL === 'string' ? { resourceURL: fields.resourceURL } : {}),
        ...(fields.lastModSeq !== undefined ? { lastModSeq: fields.lastModSeq } : {}),
      };
    });
  });
  return { at, index: list.index, restartToken: list.restartToken, events, format };
}
