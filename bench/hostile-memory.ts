/**
 * Hostile-client scenarios for the store's memory bounds (issue 11, section 1), each
 * against the reference store with its default limits in its own process
 * (store-process.ts), so that the peak RSS (VmHWM) is the store's alone:
 * - baseline: one client logs in and out (what the store costs with nothing to do);
 * - literal-flood: one NOOP before login carrying 16 literals of 60 MB (`{n+}`), and the
 *   same after login;
 * - fetch-flood: 40 pipelined `FETCH 1 BODY[]` of a 30 MB message, answers never read.
 */
import { connect, type Socket } from 'node:net';
import type { ServerLimits } from '../src/bindings/imap/server/limits.ts';
import { currentRss, peakRss } from './proc-stats.ts';
import { startStoreProcess } from './store-process.ts';

const MB = 1024 * 1024;
const USER = { name: 'alice', password: 'alice-pw' };

export interface MemoryFigures {
  scenario: string;
  peakRss: number;
  [figure: string]: number | string;
}

async function withStore(
  scenario: string,
  limits: Partial<ServerLimits>,
  run: (port: number, pid: number) => Promise<Record<string, number | string>>,
): Promise<MemoryFigures> {
  const store = await startStoreProcess({ users: [USER], limits });
  try {
    const figures = await run(store.port, store.pid);
    return { scenario, ...figures, peakRss: peakRss(store.pid) };
  } finally {
    await store.stop();
  }
}

/** A client socket with a line reader over what the server sends while it is read. */
class Client {
  private text = '';
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.text = (this.text + data.toString('latin1')).slice(-64 * 1024);
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(port: number): Promise<Client> {
    const client = new Client(connect({ host: '127.0.0.1', port }));
    await client.until(/^\* OK/m);
    return client;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Wait for a line matching `pattern` (or the close); the line, or undefined if closed. */
  async until(pattern: RegExp): Promise<string | undefined> {
    for (;;) {
      const match = pattern.exec(this.text);
      if (match) {
        this.text = this.text.slice(match.index + match[0].length);
        return match[0];
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Write, waiting for room; false once the connection is gone. */
  async send(data: string | Buffer): Promise<boolean> {
    if (this.closed) return false;
    if (this.socket.write(data)) return true;
    await new Promise<void>((resolve) => {
      this.socket.once('drain', resolve);
      this.waiters.push(resolve);
    });
    return !this.closed;
  }
}

/**
 * 16 literals of 60 MB in one NOOP, sent as fast as the store takes them: before login (the
 * issue's case), or after it, where each literal is within the per-literal cap and only
 * their total is over the per-command cap.
 */
export function literalFlood(
  literals = 16,
  size = 60 * MB,
  loggedIn = false,
): Promise<MemoryFigures> {
  return withStore(loggedIn ? 'literal-flood-after-login' : 'literal-flood', {}, async (port) => {
    const client = await Client.open(port);
    if (loggedIn) {
      await client.send(`l LOGIN ${USER.name} ${USER.password}\r\n`);
      await client.until(/^l OK[^\r]*/m);
    }
    const block = Buffer.alloc(MB, 0x61);
    let sent = 0;
    const answer = client.until(loggedIn ? /^a [A-Z]+[^\r]*/m : /^\* BYE[^\r]*/m);
    const writing = (async () => {
      await client.send('a NOOP');
      for (let literal = 0; literal < literals; literal++) {
        if (!(await client.send(` {${size}+}\r\n`))) return;
        for (let left = size; left > 0; left -= block.length) {
          if (!(await client.send(block))) return;
          sent += block.length;
        }
      }
      await client.send('\r\n');
    })();
    const bye = await answer;
    client.socket.destroy();
    await writing;
    return { answer: bye ?? '(closed without BYE)', bytesSent: sent };
  });
}

/** A message of about `size` bytes: headers and lines of 76 characters. */
function bigMessage(size: number): Buffer {
  const header =
    'From: <tel:+19585550100>\r\nSubject: big\r\nMessage-ID: <big@example.org>\r\n\r\n';
  const line = `${'x'.repeat(76)}\r\n`;
  return Buffer.from(header + line.repeat(Math.ceil(size / line.length)));
}

/** Wait until the process's RSS has not grown for `quietMs`. */
async function settled(pid: number, quietMs = 1000, maxMs = 15_000): Promise<void> {
  const started = Date.now();
  let last = currentRss(pid);
  let stableSince = Date.now();
  while (Date.now() - stableSince < quietMs && Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = currentRss(pid);
    if (now > last) stableSince = Date.now();
    last = now;
  }
}

/** 40 pipelined FETCH BODY[] of a 30 MB message by a client that never reads the answers. */
export function fetchFlood(fetches = 40, size = 30 * MB): Promise<MemoryFigures> {
  return withStore('fetch-flood', {}, async (port, pid) => {
    const client = await Client.open(port);
    await client.send(`a LOGIN ${USER.name} ${USER.password}\r\n`);
    await client.until(/^a OK[^\r]*/m);
    const message = bigMessage(size);
    await client.send(`b APPEND INBOX {${message.length}}\r\n`);
    await client.until(/^\+[^\r]*/m);
    await client.send(message);
    await client.send('\r\n');
    const appended = await client.until(/^b [A-Z]+[^\r]*/m);
    await client.send('c SELECT INBOX\r\n');
    await client.until(/^c OK[^\r]*/m);
    const beforeFetch = currentRss(pid);
    client.socket.pause();
    for (let i = 0; i < fetches; i++) await client.send(`f${i} FETCH 1 BODY[]\r\n`);
    await settled(pid);
    client.socket.destroy();
    return {
      append: appended ?? '(closed)',
      messageBytes: message.length,
      rssBeforeFetchMB: Math.round(beforeFetch / MB),
    };
  });
}

/** For comparison: the store's peak RSS after one client logged in and out. */
export function baseline(): Promise<MemoryFigures> {
  return withStore('baseline', {}, async (port) => {
    const client = await Client.open(port);
    await client.send(`a LOGIN ${USER.name} ${USER.password}\r\nb LOGOUT\r\n`);
    return { logout: (await client.until(/^b [A-Z]+[^\r]*/m)) ?? '(closed)' };
  });
}

export const MEMORY_SCENARIOS: Record<string, () => Promise<MemoryFigures>> = {
  baseline: () => baseline(),
  'literal-flood': () => literalFlood(),
  'literal-flood-after-login': () => literalFlood(16, 60 * MB, true),
  'fetch-flood': () => fetchFlood(),
};
