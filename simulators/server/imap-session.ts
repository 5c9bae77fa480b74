/**
 * One client connection: reads commands, runs them one after another through the
 * dispatcher, batches output, and delivers updates made by other sessions (at once in
 * IDLE or under NOTIFY, otherwise at the end of the next command).
 */
import type { Socket } from 'node:net';
import type {
  ServerServices,
  Session,
  SessionState,
} from '../../src/bindings/imap/server/context.ts';
import { executeCommand } from '../../src/bindings/imap/server/dispatch.ts';
import {
  ConnectionClosed,
  InputReader,
  type RawCommand,
} from '../../src/bindings/imap/server/input-reader.ts';
import {
  notifySilenced,
  type NotifyWatcher,
} from '../../src/bindings/imap/server/notify-watcher.ts';
import type { SelectedMailbox } from '../../src/bindings/imap/server/selected-mailbox.ts';
import type { Chunk } from '../../src/bindings/imap/server/serializer.ts';
import { takeUpdates } from '../../src/bindings/imap/server/updates.ts';
import { TRACE_MASK, traceOfCommand, traceOfResponse, type TraceSink } from './trace.ts';

const FLUSH_AT = 64 * 1024;

export class ImapSession implements Session {
  state: SessionState = 'not-authenticated';
  user: string | undefined;
  selected: SelectedMailbox | undefined;
  readonly enabled = new Set<string>();
  notify: NotifyWatcher | undefined;
  idling = false;
  private busy = false;
  private closed = false;
  private deliveryScheduled = false;
  private redactNextLine = false;
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private readonly reader: InputReader;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly server: ServerServices,
    private readonly trace: TraceSink | undefined,
    private readonly onEnd: (session: ImapSession) => void,
  ) {
    this.reader = new InputReader(undefined, {
      continueLiteral: () => {
        this.write('+ ready for literal\r\n');
        this.flush();
      },
      literalPlusAllowed: () => server.capabilityOn('LITERAL+'),
    });
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.reader.push(data));
    socket.on('error', () => this.shutdown());
    socket.on('close', () => this.shutdown());
  }

  start(greeting: string): void {
    this.write(greeting);
    this.flush();
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (!this.closed && this.state !== 'logout') {
        const raw = await this.reader.readCommand();
        this.record('C', traceOfCommand(raw));
        await this.run(raw);
        if (this.selected?.gone) this.dropGoneMailbox();
      }
      this.flush();
      this.socket.end();
    } catch (error) {
      if (!(error instanceof ConnectionClosed)) this.socket.destroy();
    } finally {
      this.shutdown();
    }
  }

  private async run(raw: RawCommand): Promise<void> {
    this.busy = true;
    try {
      await executeCommand(raw, this, this.server);
    } finally {
      this.busy = false;
      this.flush();
    }
  }

  private record(direction: 'C' | 'S', line: string): void {
    if (!this.trace) return;
    const user = this.user ? { user: this.user } : {};
    try {
      this.trace({ at: Date.now(), connection: this.id, ...user, direction, line });
    } catch {
      // A failing trace sink must not take the session down.
    }
  }

  write(chunks: Chunk[] | string): void {
    if (this.closed) return;
    if (this.trace) for (const line of traceOfResponse(chunks)) this.record('S', line);
    for (const chunk of typeof chunks === 'string' ? [chunks] : chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      this.pending.push(bytes);
      this.pendingSize += bytes.length;
    }
    if (this.pendingSize >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pendingSize === 0 || this.closed) return;
    const data =
      this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingSize);
    this.pending = [];
    this.pendingSize = 0;
    this.socket.write(data);
  }

  async drain(): Promise<void> {
    this.flush();
    if (!this.socket.writableNeedDrain || this.closed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  async readLine(): Promise<string | undefined> {
    this.flush();
    const line = await this.reader.readLine();
    this.record('C', this.redactNextLine ? TRACE_MASK : (line ?? '<line too long>'));
    this.redactNextLine = false;
    return line;
  }

  redactNext(): void {
    this.redactNextLine = true;
  }

  updatesPending(): void {
    if (this.deliveryScheduled || this.closed) return;
    this.deliveryScheduled = true;
    setImmediate(() => {
      this.deliveryScheduled = false;
      try {
        this.deliverNow();
      } catch {
        this.close('internal error while sending updates');
      }
    });
  }

  /** Send updates without waiting for a command, where the protocol allows it. */
  private deliverNow(): void {
    if (this.closed || this.state === 'logout') return;
    if (this.idling) {
      // notify-silent: once NOTIFY is set, nothing is pushed, not even in IDLE.
      if (this.server.deviates('idle-silent') || (this.notify && notifySilenced(this.server)))
        return;
      if (this.selected?.gone) return this.dropGoneMailbox();
      this.write(takeUpdates(this, this.server, true));
    } else if (!this.busy && this.notify && !notifySilenced(this.server)) {
      const withSelected = this.notify.selectedImmediate;
      if (withSelected && this.selected?.gone) return this.dropGoneMailbox();
      this.write(withSelected ? takeUpdates(this, this.server, true) : this.notify.take());
    }
    this.flush();
  }

  /** The selected folder was deleted or rebuilt elsewhere: the session cannot go on. */
  private dropGoneMailbox(): void {
    const why = this.selected?.gone === 'reset' ? 'UIDVALIDITY changed' : 'mailbox deleted';
    this.write(`* BYE [UNAVAILABLE] selected mailbox gone: ${why}\r\n`);
    this.flush();
    this.socket.end();
    this.shutdown();
  }

  /** Say goodbye and close (server shutdown). */
  close(reason: string): void {
    if (this.closed) return;
    this.write(`* BYE ${reason}\r\n`);
    this.flush();
    this.socket.destroy();
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.close();
    this.selected?.close();
    this.notify?.stop();
    this.onEnd(this);
  }
}
