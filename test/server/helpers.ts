/** Helpers for the reference IMAP server tests: a server with a small fixture, clients. */
import { connect as tcpConnect, type Socket } from 'node:net';
import { ImapFlow } from 'imapflow';
import {
  startImapServer,
  type ImapServerOptions,
  type RunningImapServer,
} from '../../simulators/server/imap-server.ts';
import type { MessageStore } from '../../src/model/store.ts';

export const ALICE = { name: 'alice', password: 'alice-pw' };
export const BOB = { name: 'bob', password: 'bob-pw' };

export function message(
  key: string,
  extra: { subject?: string; date?: string; body?: string } = {},
): Buffer {
  const date = extra.date ?? 'Mon, 01 Jan 2024 10:00:00 +0000';
  return Buffer.from(
    [
      'From: Alice <tel:+19585550100>',
      'To: <sip:bob@example.org>',
      `Subject: ${extra.subject ?? key}`,
      `Date: ${date}`,
      `Message-ID: <${key}@example.org>`,
      `IMDN-Message-ID: ${key}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      extra.body ?? `body of ${key}`,
      '',
    ].join('\r\n'),
  );
}

/** Fill a store: INBOX with three messages (m1 seen), Default/conv-1 with one. */
export function seed(store: MessageStore): void {
  store.createFolder('Default/conv-1');
  store.append('INBOX', message('m1'), {
    flags: ['\\Seen'],
    internalDate: new Date('2024-01-01T10:00:00Z'),
  });
  store.append('INBOX', message('m2'), { internalDate: new Date('2024-02-01T10:00:00Z') });
  store.append('INBOX', message('m3'), { internalDate: new Date('2024-03-01T10:00:00Z') });
  store.append('Default/conv-1', message('c1'), { internalDate: new Date('2024-01-15T10:00:00Z') });
}

/** For tests not about the limits: a failed login is answered at once, not after 2 s. */
export const QUICK_LOGIN_FAILURES = { loginFailureDelayMs: 1, maxLoginFailureDelayMs: 1 };

export async function startSeeded(
  options: Partial<ImapServerOptions> = {},
): Promise<RunningImapServer> {
  const server = await startImapServer({
    users: [ALICE, BOB],
    ...options,
    limits: { ...QUICK_LOGIN_FAILURES, ...options.limits },
  });
  seed(server.stores.get('alice')!);
  return server;
}

export async function imapflow(
  server: RunningImapServer,
  user = ALICE,
  extra: Record<string, unknown> = {},
): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user: user.name, pass: user.password },
    logger: false,
    qresync: true,
    ...extra,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** A plain socket client for byte-exact protocol tests. */
export class RawClient {
  private buffer = '';
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.buffer += data.toString('latin1');
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  static async connect(server: Pick<RunningImapServer, 'host' | 'port'>): Promise<RawClient> {
    const socket = tcpConnect(server.port, server.host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawClient(socket);
    await client.readUntil((line) => line.startsWith('* OK'));
    return client;
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Lines (without CRLF) up to and including the first one matching `done`. */
  async readUntil(done: (line: string) => boolean, timeoutMs = 3000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.buffer.split('\r\n');
      const index = lines.slice(0, -1).findIndex(done);
      if (index >= 0) {
        const taken = lines.slice(0, index + 1);
        this.buffer = lines.slice(index + 1).join('\r\n');
        return taken;
      }
      if (this.closed) throw new Error(`connection closed; got: ${this.buffer.slice(0, 500)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout; got: ${this.buffer.slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Send one command and return every line up to its tagged response. */
  async command(tag: string, text: string): Promise<string[]> {
    this.send(`${tag} ${text}\r\n`);
    return this.readUntil((line) => line.startsWith(`${tag} `));
  }

  async login(user = ALICE): Promise<void> {
    const lines = await this.command('L1', `LOGIN ${user.name} ${user.password}`);
    if (!lines.at(-1)?.startsWith('L1 OK')) throw new Error(lines.join('\n'));
  }

  /** Whatever arrives within `ms` (for checking that nothing is sent). */
  async idleFor(ms: number): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const out = this.buffer;
    this.buffer = '';
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}

export function last(lines: string[]): string {
  return lines[lines.length - 1] ?? '';
}
