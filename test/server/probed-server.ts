/**
 * The reference store's IMAP front end on a loopback port with its sessions in reach, so a
 * test can read what each connection has held in memory (ImapSession.peakBuffered). Only
 * the session under test is built here: the listener's own connection limits are left out.
 */
import { createServer, type Socket } from 'node:net';
import type { ServerLimits } from '../../src/bindings/imap/server/limits.ts';
import { ImapSession } from '../../simulators/server/imap-session.ts';
import { ServerState } from '../../simulators/server/server-state.ts';
import type { MessageStore } from '../../src/model/store.ts';
import { ALICE, BOB, seed } from './helpers.ts';

export interface ProbedServer {
  host: string;
  port: number;
  store: MessageStore;
  /** Every session accepted so far, in order. */
  sessions: ImapSession[];
  /** Commands the sessions have read (from the trace). */
  commandsRead(): number;
  stop(): Promise<void>;
}

export async function startProbedServer(limits: Partial<ServerLimits>): Promise<ProbedServer> {
  const state = new ServerState({ users: [ALICE, BOB], limits });
  const store = state.storeOf(ALICE.name);
  seed(store);
  const sessions: ImapSession[] = [];
  const sockets = new Set<Socket>();
  let commands = 0;
  const greeting = `* OK [CAPABILITY ${state.capabilities(false).join(' ')}] probed\r\n`;
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const trace = (entry: { direction: 'C' | 'S' }) => {
      if (entry.direction === 'C') commands++;
    };
    const session = new ImapSession(sessions.length + 1, socket, state, trace, () => {});
    sessions.push(session);
    session.start(greeting);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    store,
    sessions,
    commandsRead: () => commands,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  };
}

/** Resolve when `condition` holds, checking after each turn of the event loop's timers. */
export async function until(condition: () => boolean, what: string, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
