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
import { executeCommand, fatalRefusal } from '../../src/bindings/imap/server/dispatch.ts';
import {
  ConnectionClosed,
  InputReader,
  type RawCommand,
} from '../../src/bindings/imap/server/input-reader.ts';
import { readerLimitsFor } from '../../src/bindings/imap/server/limits.ts';
import {
  notifySilenced,
  type NotifyWatcher,
} from '../../src/bindings/imap/server/notify-watcher.ts';
import type { SelectedMailbox } from '../../src/bindings/imap/server/selected-mailbox.ts';
import type { Chunk } from '../../src/bindings/imap/server/serializer.ts';
import { takeUpdates } from '../../src/bindings/imap/server/updates.ts';
import { TRACE_MASK, traceOfCommand, traceOfResponse, type TraceSink } from './trace.ts';
import type { SessionLimits } from './session-limits.ts';

const FLUSH_AT = 64 * 1024;

export class ImapSession implements Session {
  state: SessionState = 'not-authenticated';
  user: string | undefined;
  selected: SelectedMailbox | undefined;
  readonly enabled = new Set<string>();
  notify: NotifyWatcher | undefined;
  private idlingNow = false;
  private busy = false;
  private closed = false;
  private deliveryScheduled = false;
  private redactNextLine = false;
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private readonly reader: InputReader;
  /** Output above the high-water mark: no input is read until the client catches up. */
  private outputBlocked = false;
  private outputPeak = 0;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly server: ServerServices,
    private readonly trace: TraceSink | undefined,
    private readonly onEnd: (session: ImapSession) => void,
    /** Auto-logout, bad-command and login limits (session-limits.ts); none when absent. */
    private readonly guard?: SessionLimits,
  ) {
    this.reader = new InputReader(
      () => readerLimitsFor(server.limits, this.state !== 'not-authenticated'),
      {
        continueLiteral: () => {
          this.write('+ ready for literal\r\n');
          this.flush();
        },
        literalPlusAllowed: () => server.capabilityOn('LITERAL+'),
        needInput: () => this.updateFlow(),
      },
    );
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      this.guard?.input();
      this.reader.push(data);
      this.updateFlow();
    });
    socket.on('error', () => this.shutdown());
    socket.on('close', () => this.shutdown());
  }

  start(greeting: string): void {
    this.write(greeting);
    this.flush();
    this.guard?.attach(this);
    void this.loop();
  }

  get idling(): boolean {
    return this.idlingNow;
  }

  set idling(on: boolean) {
    this.idlingNow = on;
    this.guard?.idling(on);
  }

  admitLogin(user: string): string | undefined {
    return this.guard?.admitLogin(user);
  }

  private async loop(): Promise<void> {
    try {
      while (!this.closed && this.state !== 'logout') {
        await this.drain();
        const raw = await this.reader.readCommand();
        this.record('C', traceOfCommand(raw));
        const refusal = fatalRefusal(raw);
        if (refusal !== undefined) {
          this.sayGoodbye(refusal);
          break;
        }
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
    const before = this.state;
    let bye: string | undefined;
    try {
      const status = await executeCommand(raw, this, this.server);
      const outcome = this.guard?.afterCommand(before, status, this.state);
      if (outcome?.delayMs) await this.guard!.delay(outcome.delayMs);
      bye = outcome?.bye;
    } finally {
      this.busy = false;
      this.flush();
    }
    if (bye) this.sayGoodbye(bye);
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

  /** Small pieces go out joined; big ones (message contents) as they are, never copied. */
  private flush(): void {
    if (this.pendingSize === 0 || this.closed) return;
    const pieces = this.pending;
    this.pending = [];
    this.pendingSize = 0;
    this.socket.cork();
    let run: Buffer[] = [];
    let runSize = 0;
    const writeRun = () => {
      if (run.length === 0) return;
      this.socket.write(run.length === 1 ? run[0]! : Buffer.concat(run, runSize));
      run = [];
      runSize = 0;
    };
    for (const piece of pieces) {
      if (piece.length < FLUSH_AT) {
        run.push(piece);
        runSize += piece.length;
        continue;
      }
      writeRun();
      this.socket.write(piece);
    }
    writeRun();
    this.socket.uncork();
    this.outputPeak = Math.max(this.outputPeak, this.socket.writableLength);
  }

  outputBacklog(): number {
    return this.pendingSize + this.socket.writableLength;
  }

  /**
   * Wait while more than the high-water mark of output waits for the client; meanwhile
   * nothing is read from it either.
   */
  async drain(): Promise<void> {
    this.flush();
    if (this.closed || this.socket.writableLength < this.server.limits.outputHighWaterMark) return;
    this.outputBlocked = true;
    this.updateFlow();
    try {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.on('drain', done);
        this.socket.on('close', done);
      });
    } finally {
      this.outputBlocked = false;
      this.updateFlow();
    }
  }

  /**
   * Read the socket only when it helps: not while output is blocked, and not while more
   * than a line's worth of input waits unread (unless the reader needs more to go on).
   */
  private updateFlow(): void {
    if (this.closed) return;
    const backlog =
      !this.reader.waiting &&
      this.reader.buffered >
        readerLimitsFor(this.server.limits, this.state !== 'not-authenticated').maxLineLength;
    if (this.outputBlocked || backlog) {
      if (!this.socket.isPaused()) this.socket.pause();
    } else if (this.socket.isPaused()) {
      this.socket.resume();
    }
  }

  /** Whether the session waits for the client to read its output before reading on. */
  get waitingForClient(): boolean {
    return this.outputBlocked;
  }

  /** Memory this connection has held at its peak (for the hostile-client tests). */
  get peakBuffered(): { input: number; output: number } {
    return { input: this.reader.peakHeld, output: this.outputPeak };
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

  /** Say goodbye for a limit: `* BYE`, then close once it is out (the client may not read). */
  sayGoodbye(reason: string): void {
    if (this.closed) return;
    this.write(`* BYE ${reason}\r\n`);
    this.flush();
    this.socket.end();
    this.socket.pause(); // nothing more is read; the server destroys the socket soon
    this.shutdown();
  }

  sendKeepalive(line: string): boolean {
    if (this.closed) return false;
    const keptUp = this.socket.writableLength === 0 && this.pendingSize === 0;
    this.write(line);
    this.flush();
    return keptUp;
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
    this.guard?.end();
    this.onEnd(this);
  }
}
