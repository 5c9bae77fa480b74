/**
 * Server notifications for one folder: a second connection that EXAMINEs the folder (read-only:
 * listening must not change anything) and then either IDLEs (RFC 2177, the default: enough for
 * one folder, in far more servers, and imapflow runs it with a NOOP fallback when the server
 * lacks IDLE) or, with the `notify` mechanism, first asks for the selected folder's events with
 * `NOTIFY SET (selected (MessageNew MessageExpunge FlagChange))` (RFC 5465) and then IDLEs where
 * IDLE is offered (some stores, Dovecot 2.3 among them, push NOTIFY events only in IDLE), else
 * waits without any command. `notify` falls back to plain IDLE, noted in the transcript, when the
 * store does not advertise NOTIFY. Untagged EXISTS, EXPUNGE/VANISHED and FETCH (flags) count as
 * a notification.
 *
 * waitForNotification() consumes: it resolves true at once if notifications arrived since
 * listen() or since the previous wait that returned true, else at the next one, else false when
 * the timeout expires. Its timer is always cleared.
 */
import type { ImapClient } from '../../src/bindings/imap/client/index.ts';

export type ListenMechanism = 'idle' | 'notify';

/** The selected folder's events a NOTIFY listener asks for (RFC 5465 5.1). */
const SELECTED_EVENTS = ['selected', ['MessageNew', 'MessageExpunge', 'FlagChange']];

export class FolderListener {
  private count = 0;
  private waiter: ((value: boolean) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  private closed = false;

  private constructor(
    readonly client: ImapClient,
    readonly folder: string,
    /** The mechanism in use (a `notify` request on a store without NOTIFY runs IDLE). */
    readonly mechanism: ListenMechanism,
  ) {}

  static async start(
    client: ImapClient,
    folder: string,
    wanted: ListenMechanism = 'idle',
  ): Promise<FolderListener> {
    const mechanism = wanted === 'notify' && !client.has('NOTIFY') ? 'idle' : wanted;
    if (mechanism !== wanted) client.transcript.note('NOTIFY not advertised: listening with IDLE');
    const listener = new FolderListener(client, folder, mechanism);
    const hit = () => listener.notify();
    try {
      await client.select(folder, { readOnly: true });
      listener.unsubscribe.push(
        client.on('exists', hit),
        client.on('expunge', hit),
        client.on('flags', hit),
      );
      if (mechanism === 'notify') await client.notifySet([SELECTED_EVENTS]);
    } catch (err) {
      for (const off of listener.unsubscribe.splice(0)) off();
      await client.logout();
      throw err;
    }
    if (mechanism === 'idle' || client.has('IDLE')) client.startIdle();
    return listener;
  }

  get notifications(): number {
    return this.count;
  }

  wait(timeoutMs: number): Promise<boolean> {
    if (this.count > 0) {
      this.count = 0;
      return Promise.resolve(true);
    }
    if (this.closed || !this.client.usable) return Promise.resolve(false);
    this.settle(false);
    return new Promise<boolean>((resolve) => {
      this.waiter = resolve;
      this.timer = setTimeout(() => this.settle(false), Math.max(0, timeoutMs));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.settle(false);
    for (const off of this.unsubscribe.splice(0)) off();
    await this.client.logout();
  }

  private notify(): void {
    if (this.closed) return;
    if (this.waiter) this.settle(true);
    else this.count++;
  }

  private settle(value: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      if (value) this.count = 0;
      waiter(value);
    }
  }
}
