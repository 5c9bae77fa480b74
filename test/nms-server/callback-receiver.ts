/**
 * A loopback notifyURL for the tests: collects every nmsEventList posted to it; and the
 * subscription fixture (front end, receiver, subscribe) of the events and subscription tests.
 */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { message, startHarness, type Harness } from './helpers.ts';

export interface EventList {
  nmsEvent: Array<Record<string, Record<string, unknown>>>;
  callbackData?: string;
  index: number;
  restartToken: string;
  link: Array<{ rel: string; href: string }>;
}

export class CallbackReceiver {
  readonly lists: EventList[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(status = 204): Promise<CallbackReceiver> {
    const holder: { receiver?: CallbackReceiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { nmsEventList: EventList };
        holder.receiver?.lists.push(body.nmsEventList);
        res.writeHead(status).end();
        for (const wake of holder.receiver?.waiters.splice(0) ?? []) wake();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    holder.receiver = new CallbackReceiver(server, `http://127.0.0.1:${address.port}/notify`);
    return holder.receiver;
  }

  /** Resolves once `count` lists arrived; fails after `ms`. */
  async waitFor(count: number, ms = 3000): Promise<EventList[]> {
    const deadline = Date.now() + ms;
    while (this.lists.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.lists.length} event lists, expected ${count}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.lists;
  }

  /** Waits `ms` and returns what arrived (to show that nothing more comes). */
  async settle(ms = 150): Promise<EventList[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.lists;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** `[kind, payload]` of each event of a list. */
export function eventsOf(list: EventList | undefined): Array<[string, Record<string, unknown>]> {
  return (list?.nmsEvent ?? []).map((e) => {
    const [kind, body] = Object.entries(e)[0]!;
    return [kind, body];
  });
}

/** A subscription as the front end answers it. */
export interface Subscription {
  resourceURL: string;
  index: number;
  restartToken: string;
  duration: number;
  callbackReference: { notifyURL: string; callbackData?: string };
}

export interface SubscriptionFixture {
  /** The running front end (k1 already in alice's INBOX) and a receiver, fresh per test. */
  readonly h: Harness;
  readonly receiver: CallbackReceiver;
  /** alice subscribes the receiver (callbackData cb-1, 600 s): 201 with a matching Location. */
  subscribe(extra?: Record<string, unknown>): Promise<Subscription>;
}

/** Starts the front end and a receiver before each test of the suite, stops both after. */
export function useSubscriptions(): SubscriptionFixture {
  let h: Harness | undefined;
  let receiver: CallbackReceiver | undefined;
  beforeEach(async () => {
    h = await startHarness();
    receiver = await CallbackReceiver.start();
    h.store.append('INBOX', message('k1'));
  });
  afterEach(async () => {
    await h?.server.stop();
    await receiver?.stop();
    h = undefined;
    receiver = undefined;
  });
  const fixture: SubscriptionFixture = {
    get h() {
      return h!;
    },
    get receiver() {
      return receiver!;
    },
    async subscribe(extra = {}) {
      const res = await fixture.h.alice.request('POST', 'subscriptions', {
        json: {
          nmsSubscription: {
            callbackReference: { notifyURL: fixture.receiver.url, callbackData: 'cb-1' },
            duration: 600,
            ...extra,
          },
        },
      });
      expect(res.status).to.equal(201);
      const sub = (res.json as { nmsSubscription: Subscription }).nmsSubscription;
      expect(res.headers.get('location')).to.equal(sub.resourceURL);
      return sub;
    },
  };
  return fixture;
}
