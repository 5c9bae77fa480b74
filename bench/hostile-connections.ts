/**
 * Hostile-client scenarios for the connection limits, each against the reference store in
 * its own process (store-process.ts) so that its peak RSS is the store's own:
 * - connect-flood: 2,000 clients connect at once; how many are greeted, told BYE, reset or
 *   left stalled (handshake done, never accepted); with Node's default backlog (511), with
 *   the store's (4096), and with the default limit of 1,000 connections per address;
 * - idle-connections: 2,000 connections log in and then say nothing; all must be logged
 *   out at the auto-logout (shortened here to 2 s) and the store's memory measured;
 * - login-flood: 200 connections guess passwords for 5 s; how many guesses get answered
 *   under the growing delay and the BYE after 3 failures.
 */
import { connect, type Socket } from 'node:net';
import type { ServerLimits } from '../src/bindings/imap/server/limits.ts';
import { peakRss } from './proc-stats.ts';
import { startStoreProcess } from './store-process.ts';

const USER = { name: 'alice', password: 'alice-pw' };
/** A connection with no greeting after this long counts as stalled. */
const STALL_MS = 10_000;

export interface HostileFigures {
  scenario: string;
  peakRss: number;
  [figure: string]: number | string;
}

interface Outcome {
  greeted: boolean;
  bye: string | undefined;
  error: string | undefined;
}

/** Connect, read the greeting, then run `script` (or close at once). */
function client(
  port: number,
  script?: (socket: Socket, lines: (fn: (line: string) => void) => void) => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { greeted: false, bye: undefined, error: undefined };
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = '';
    let listener: ((line: string) => void) | undefined;
    socket.on('data', (data: Buffer) => {
      buffer += data.toString('latin1');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (line.startsWith('* BYE')) outcome.bye = line.slice(6);
        if (!outcome.greeted && line.startsWith('* OK')) {
          outcome.greeted = true;
          if (script) script(socket, (fn) => (listener = fn));
          else socket.end();
        } else listener?.(line);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (outcome.error = error.code ?? 'error'));
    // A handshake the kernel completed but the store never accepted stays silent forever.
    socket.setTimeout(STALL_MS, () => {
      if (outcome.greeted) return;
      outcome.error = 'stalled';
      socket.destroy();
    });
    socket.on('close', () => resolve(outcome));
  });
}

async function withStore<T extends Record<string, number | string>>(
  scenario: string,
  limits: Partial<ServerLimits>,
  run: (port: number) => Promise<T>,
): Promise<HostileFigures> {
  const store = await startStoreProcess({ users: [USER], limits });
  try {
    const figures = await run(store.port);
    return { scenario, ...figures, peakRss: peakRss(store.pid) };
  } finally {
    await store.stop();
  }
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const count = (test: (o: Outcome) => boolean) => outcomes.filter(test).length;
  return {
    greeted: count((o) => o.greeted),
    bye: count((o) => !o.greeted && o.bye !== undefined),
    resets: count((o) => o.error === 'ECONNRESET'),
    stalled: count((o) => o.error === 'stalled'),
    otherErrors: count((o) => !['ECONNRESET', 'stalled', undefined].includes(o.error)),
  };
}

/** `backlog` and the per-address limit: the store's defaults when left out. */
export async function connectFlood(
  clients = 2000,
  options: { backlog?: number; perAddress?: number } = {},
): Promise<HostileFigures> {
  const limits = {
    ...(options.perAddress ? { maxConnectionsPerAddress: options.perAddress } : {}),
    ...(options.backlog ? { listenBacklog: options.backlog } : {}),
  };
  const name = `connect-flood ${clients} (backlog ${options.backlog ?? 'default 4096'}, per-address limit ${options.perAddress ?? 'default 1000'})`;
  return withStore(name, limits, async (port) => {
    // Every greeted client holds its connection until all have been answered.
    const started = performance.now();
    const held: Socket[] = [];
    let closed = 0;
    const pending = Array.from({ length: clients }, () =>
      client(port, (socket) => held.push(socket)).finally(() => closed++),
    );
    while (held.length + closed < clients && performance.now() - started < STALL_MS + 2000)
      await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    for (const socket of held) socket.end();
    return { ...tally(await Promise.all(pending)), seconds };
  });
}

export async function idleConnections(clients = 2000, timeoutMs = 2000): Promise<HostileFigures> {
  const limits = {
    maxConnectionsPerAddress: clients + 10,
    maxConnectionsPerUserAddress: clients + 10,
    idleTimeoutMs: timeoutMs,
  };
  return withStore(
    `idle-connections ${clients} (auto-logout ${timeoutMs} ms)`,
    limits,
    async (port) => {
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: clients }, () =>
          client(port, (socket) => socket.write(`a LOGIN ${USER.name} ${USER.password}\r\n`)),
        ),
      );
      const loggedOut = outcomes.filter((o) => o.bye === 'Disconnected for inactivity.').length;
      return {
        loggedOut,
        ...tally(outcomes),
        lastClosedAfterS: (performance.now() - started) / 1000,
      };
    },
  );
}

export async function loginFlood(clients = 200, seconds = 5): Promise<HostileFigures> {
  return withStore(`login-flood ${clients} connections x ${seconds} s`, {}, async (port) => {
    const deadline = performance.now() + seconds * 1000;
    let answered = 0;
    let byes = 0;
    const guesser = async () => {
      while (performance.now() < deadline) {
        const outcome = await client(port, (socket, lines) => {
          let n = 0;
          const guess = () => socket.write(`g${n++} LOGIN ${USER.name} wrong-${n}\r\n`);
          lines((line) => {
            if (!/^g\d+ NO/.test(line)) return;
            answered++;
            if (performance.now() >= deadline) socket.destroy();
            else guess();
          });
          guess();
          setTimeout(() => socket.destroy(), Math.max(0, deadline - performance.now())).unref();
        });
        if (outcome.bye) byes++;
      }
    };
    await Promise.all(Array.from({ length: clients }, guesser));
    return { guessesAnswered: answered, guessesPerSecond: answered / seconds, byes };
  });
}

export const HOSTILE_CONNECTION_SCENARIOS: Record<string, () => Promise<HostileFigures>> = {
  'connect-flood-511': () => connectFlood(2000, { backlog: 511, perAddress: 2010 }),
  'connect-flood': () => connectFlood(2000, { perAddress: 2010 }),
  'connect-flood-one-address': () => connectFlood(2000),
  'idle-connections': () => idleConnections(2000, 2000),
  'login-flood': () => loginFlood(200, 5),
};
