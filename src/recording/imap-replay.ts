/**
 * Replaying an IMAP store from a recording: a loopback server that answers each connection of
 * a case with the store's recorded bytes, each run of them as soon as the device has sent
 * everything that came before it. The device is seeded, so it sends the same bytes; the first
 * byte that differs (or a connection the recording does not hold) is the case's problem, and
 * the connection is cut. Connections are matched in the order they open; one whose bytes fit
 * another unused recorded connection of the case better is moved to it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { escapeControls } from '../bindings/imap/client/transcript.ts';
import { ClientLoginRedaction } from './imap-login-redaction.ts';
import {
  caseKey,
  decodeBytes,
  type ImapRecording,
  type RecordedConnection,
} from './recording-file.ts';

export interface ImapReplay {
  host: string;
  port: number;
  beginCase(caseId: string, variant?: string): void;
  /** What the current case asked that the recording does not hold, if anything. */
  problem(): string | undefined;
  /** Recorded connections no replayed case opened. */
  unused(): number;
  stop(): Promise<void>;
}

interface Scripted {
  events: Array<{ from: 'client' | 'store'; bytes: Buffer }>;
  closedBy: RecordedConnection['closedBy'];
}

interface CaseState {
  key: string;
  available: Scripted[];
  opened: number;
  problem?: string;
}

/** Where a connection stands in its script, and the store bytes that point implies. */
interface Position {
  event: number;
  offset: number;
  storeBytes: number;
}

export async function startImapReplay(recording: ImapRecording): Promise<ImapReplay> {
  const scripts = new Map<string, Scripted[]>();
  for (const [key, connections] of Object.entries(recording.cases))
    scripts.set(
      key,
      connections.map((c) => ({
        events: c.exchange.map((e) => ({ from: e.from, bytes: decodeBytes(e) })),
        closedBy: c.closedBy,
      })),
    );
  const used = new Set<Scripted>();
  const open = new Set<Socket>();
  const stateFor = (key: string): CaseState => ({
    key,
    available: [...(scripts.get(key) ?? [])],
    opened: 0,
  });
  let state = stateFor('');
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    new ConnectionReplay(socket, state, used).start();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('replay server: no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    beginCase: (caseId, variant) => void (state = stateFor(caseKey(caseId, variant))),
    problem: () => state.problem,
    unused: () => [...scripts.values()].flat().filter((s) => !used.has(s)).length,
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class ConnectionReplay {
  private script: Scripted | undefined;
  private position: Position = { event: 0, offset: 0, storeBytes: 0 };
  private readonly redaction = new ClientLoginRedaction();
  private received: Buffer[] = [];
  private readonly index: number;

  constructor(
    private readonly socket: Socket,
    private readonly state: CaseState,
    private readonly used: Set<Scripted>,
  ) {
    this.index = ++state.opened;
  }

  start(): void {
    this.script = this.state.available.shift();
    if (!this.script) {
      this.fail(`the recording holds no connection ${this.index} for this case`);
      return;
    }
    this.used.add(this.script);
    this.sendStore();
    this.socket.on('data', (chunk: Buffer) => this.onClient(this.redaction.push(chunk)));
    this.socket.on('end', () => this.socket.end());
  }

  private onClient(bytes: Buffer): void {
    if (bytes.length === 0 || this.socket.destroyed) return;
    this.received.push(bytes);
    const mismatch = this.consume(bytes);
    if (mismatch === undefined) return;
    if (this.moveToFittingScript()) return;
    this.fail(mismatch);
  }

  /** Matches the device's bytes against the script; the reason when they differ. */
  private consume(bytes: Buffer): string | undefined {
    const events = this.script!.events;
    let pos = 0;
    while (pos < bytes.length) {
      const event = events[this.position.event];
      if (!event)
        return `the device sent "${firstLine(bytes.subarray(pos))}" after the recorded connection ended`;
      const expected = event.bytes.subarray(this.position.offset);
      const n = Math.min(expected.length, bytes.length - pos);
      if (!expected.subarray(0, n).equals(bytes.subarray(pos, pos + n)))
        return `the device sent "${firstLine(bytes.subarray(pos))}" where the recording holds "${firstLine(expected)}"`;
      pos += n;
      this.position.offset += n;
      if (this.position.offset === event.bytes.length) {
        this.position.event += 1;
        this.position.offset = 0;
        this.sendStore();
      }
    }
    return undefined;
  }

  /** Sends the store's recorded bytes that come next; ends the connection where the store did. */
  private sendStore(): void {
    const { events, closedBy } = this.script!;
    while (events[this.position.event]?.from === 'store') {
      const bytes = events[this.position.event]!.bytes;
      this.position.storeBytes += bytes.length;
      this.socket.write(bytes);
      this.position.event += 1;
    }
    if (this.position.event === events.length && closedBy === 'store') this.socket.end();
  }

  /** Another unused recorded connection of the case that fits everything so far. */
  private moveToFittingScript(): boolean {
    const received = Buffer.concat(this.received);
    for (const [i, candidate] of this.state.available.entries()) {
      const fit = replayed(candidate, received);
      if (!fit || fit.storeBytes < this.position.storeBytes) continue;
      const sentNow = storePrefix(this.script!, this.position.storeBytes);
      if (!storePrefix(candidate, this.position.storeBytes).equals(sentNow)) continue;
      this.state.available.splice(i, 1, this.script!);
      this.used.delete(this.script!);
      this.used.add(candidate);
      const extra = storePrefix(candidate, fit.storeBytes).subarray(this.position.storeBytes);
      this.script = candidate;
      this.position = fit;
      if (extra.length) this.socket.write(extra);
      if (fit.event === candidate.events.length && candidate.closedBy === 'store')
        this.socket.end();
      return true;
    }
    return false;
  }

  private fail(reason: string): void {
    this.state.problem ??= `replay: connection ${this.index} of ${this.state.key || 'the probe'}: ${reason}`;
    this.socket.destroy();
  }
}

/** Where a script stands after the device sent `received`; undefined when it does not fit. */
function replayed(script: Scripted, received: Buffer): Position | undefined {
  let event = 0;
  let offset = 0;
  let storeBytes = 0;
  const skipStore = () => {
    while (script.events[event]?.from === 'store')
      storeBytes += script.events[event++]!.bytes.length;
  };
  skipStore();
  let pos = 0;
  while (pos < received.length) {
    const current = script.events[event];
    if (!current) return undefined;
    const expected = current.bytes.subarray(offset);
    const n = Math.min(expected.length, received.length - pos);
    if (!expected.subarray(0, n).equals(received.subarray(pos, pos + n))) return undefined;
    pos += n;
    offset += n;
    if (offset === current.bytes.length) {
      event += 1;
      offset = 0;
      skipStore();
    }
  }
  return { event, offset, storeBytes };
}

/** The first `length` bytes the store sends in a script. */
function storePrefix(script: Scripted, length: number): Buffer {
  const all = Buffer.concat(script.events.filter((e) => e.from === 'store').map((e) => e.bytes));
  return all.subarray(0, length);
}

function firstLine(bytes: Buffer): string {
  const line = bytes.subarray(0, 200).toString('utf8').split(/\r?\n/)[0] ?? '';
  return escapeControls(line.length > 80 ? `${line.slice(0, 80)}...` : line);
}
