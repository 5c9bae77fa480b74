/**
 * The stress load: N IMAP clients (the project's client, src/bindings/imap/client, traffic
 * not recorded) logged in as one user on ONE mailbox, each running a weighted mix of
 * commands back to back for a fixed time: SELECT, UID FETCH FLAGS of the newest messages,
 * UID FETCH BODY.PEEK[], UID STORE flags, UID SEARCH, APPEND, UID EXPUNGE of a message it
 * appended itself (so the mailbox keeps its size), NOOP. Counts the commands completed in
 * the window, their latency, and every error by kind; a client whose connection is lost
 * connects again and goes on.
 */
import { connect, type ImapClient, ImapClientError } from '../src/bindings/imap/client/index.ts';

export interface LoadOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  mailbox: string;
  clients: number;
  seconds: number;
  /** Messages to APPEND, cycled. */
  messages: Buffer[];
  seed: number;
}

export type ErrorKind = 'NO' | 'BAD' | 'BYE/closed' | 'reset' | 'timeout' | 'other';

export interface LoadResult {
  clients: number;
  seconds: number;
  /** IMAP commands completed inside the window. */
  commands: number;
  byOperation: Record<string, number>;
  errors: Record<ErrorKind, number>;
  /** Clients that could not connect and log in before the window. */
  connectFailures: number;
  reconnects: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds the load clients (this process) used in the window. */
  loadCpuSeconds: number;
  /** The first few error messages, for the report. */
  samples: string[];
}

type Operation = (c: ClientState) => Promise<number>;

interface ClientState {
  client: ImapClient;
  options: LoadOptions;
  random: () => number;
  /** Highest UID seen (SELECT's UIDNEXT - 1, APPENDUID). */
  highestUid: number;
  /** UIDs seen in the last flags fetch. */
  known: number[];
  /** UIDs this client appended, expunged later. */
  own: number[];
  appended: number;
  /** The loss of the current connection is already counted (the failed command's error). */
  lossNoted: boolean;
}

const COMMAND_TIMEOUT_MS = 30_000;
const FLAG_WINDOW = 50;

/** mulberry32: a small seeded generator, so every run does the same mix. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(s: ClientState, list: readonly T[]): T | undefined =>
  list[Math.floor(s.random() * list.length)];

async function select(s: ClientState): Promise<number> {
  const info = await s.client.select(s.options.mailbox);
  s.highestUid = Math.max(s.highestUid, info.uidNext - 1);
  return 1;
}

/** The mix, by weight: what a handful of syncing devices and a webmail do. */
const MIX: ReadonlyArray<[name: string, weight: number, run: Operation]> = [
  ['SELECT', 5, select],
  ['NOOP', 15, async (s) => (await s.client.noop(), 1)],
  [
    'FETCH FLAGS',
    20,
    async (s) => {
      const from = Math.max(1, s.highestUid - FLAG_WINDOW + 1);
      const { messages } = await s.client.fetch(`${from}:*`, { flags: true });
      // unsolicited FETCH FLAGS of other sessions' changes may come without a UID
      s.known = messages.map((m) => m.uid).filter((uid) => Number.isInteger(uid) && uid > 0);
      for (const uid of s.known) s.highestUid = Math.max(s.highestUid, uid);
      return 1;
    },
  ],
  [
    'FETCH BODY.PEEK[]',
    20,
    async (s) => {
      const uid = pick(s, s.known) ?? s.highestUid;
      await s.client.fetch(String(Math.max(1, uid)), { source: true });
      return 1;
    },
  ],
  [
    'STORE',
    15,
    async (s) => {
      const uid = pick(s, s.known) ?? s.highestUid;
      const flag = s.random() < 0.5 ? '\\Flagged' : '\\Answered';
      await s.client.store([Math.max(1, uid)], s.random() < 0.5 ? '+' : '-', [flag]);
      return 1;
    },
  ],
  [
    'SEARCH',
    10,
    async (s) => {
      await s.client.searchUids(
        s.random() < 0.5 ? ['FLAGGED'] : ['UNANSWERED', 'SINCE', '1-Jan-2026'],
      );
      return 1;
    },
  ],
  [
    'APPEND',
    7,
    async (s) => {
      const { messages } = s.options;
      const raw = messages[s.appended++ % messages.length]!;
      const { uid } = await s.client.append(s.options.mailbox, raw, ['\\Seen']);
      if (uid !== undefined) {
        s.own.push(uid);
        s.highestUid = Math.max(s.highestUid, uid);
      }
      return 1;
    },
  ],
  [
    'EXPUNGE',
    8,
    async (s) => {
      const uid = s.own.shift();
      if (uid === undefined) return (await s.client.noop(), 1);
      await s.client.store([uid], '+', ['\\Deleted']);
      await s.client.expunge([uid]);
      return 2;
    },
  ],
];
const TOTAL_WEIGHT = MIX.reduce((n, [, w]) => n + w, 0);

function chooseOperation(s: ClientState): [string, Operation] {
  let r = s.random() * TOTAL_WEIGHT;
  for (const [name, weight, run] of MIX) {
    if (r < weight) return [name, run];
    r -= weight;
  }
  const [name, , run] = MIX[0]!;
  return [name, run];
}

export function errorKind(error: unknown): ErrorKind {
  if (!(error instanceof ImapClientError)) return 'other';
  if (error.status === 'NO' || error.status === 'BAD') return error.status;
  if (error.code === 'ETIMEOUT') return 'timeout';
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return 'reset';
  if (error.code === 'NoConnection' || error.code === 'EConnectionClosed') return 'BYE/closed';
  if (/connection (lost|closed)/.test(error.message)) return 'BYE/closed';
  return 'other';
}

/** A connection found closed between commands: a BYE, or a reset the socket reported. */
function lossOf(client: ImapClient): ImapClientError {
  const cause = client.lastError as (Error & { code?: unknown }) | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : 'NoConnection';
  return new ImapClientError(`connection lost: ${cause?.message ?? 'closed by the server'}`, {
    code,
  });
}

async function open(options: LoadOptions): Promise<ImapClient> {
  return connect({ host: options.host, port: options.port }, options.user, options.password, {
    record: false,
    qresync: false,
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    connectTimeoutMs: 60_000,
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : 0;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const errors: Record<ErrorKind, number> = {
    NO: 0,
    BAD: 0,
    'BYE/closed': 0,
    reset: 0,
    timeout: 0,
    other: 0,
  };
  const samples: string[] = [];
  const note = (error: unknown) => {
    errors[errorKind(error)] += 1;
    if (samples.length < 5) samples.push(error instanceof Error ? error.message : String(error));
  };
  // Every client logs in and selects before the clock starts.
  let connectFailures = 0;
  const states = (
    await Promise.all(
      Array.from({ length: options.clients }, async (_, i) => {
        try {
          const client = await open(options);
          const state: ClientState = {
            client,
            options,
            random: seeded(options.seed * 1000 + i),
            highestUid: 0,
            known: [],
            own: [],
            appended: i * 7,
            lossNoted: false,
          };
          await select(state);
          return state;
        } catch (error) {
          connectFailures += 1;
          note(error);
          return undefined;
        }
      }),
    )
  ).filter((s): s is ClientState => s !== undefined);

  const byOperation: Record<string, number> = {};
  const latencies: number[] = [];
  let commands = 0;
  let reconnects = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const loop = async (s: ClientState) => {
    while (performance.now() < deadline) {
      if (!s.client.usable) {
        if (!s.lossNoted) note(lossOf(s.client));
        s.lossNoted = true;
        try {
          s.client.close();
          s.client = await open(options);
          s.lossNoted = false;
          reconnects += 1;
          await select(s);
        } catch (error) {
          note(error);
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
      }
      const [name, run] = chooseOperation(s);
      const begun = performance.now();
      try {
        const count = await run(s);
        const ended = performance.now();
        if (ended > deadline) break;
        commands += count;
        byOperation[name] = (byOperation[name] ?? 0) + count;
        latencies.push(ended - begun);
      } catch (error) {
        if (performance.now() <= deadline) note(error);
        s.lossNoted = !s.client.usable;
      }
    }
  };
  await Promise.all(states.map(loop));
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(states.map((s) => s.client.logout()));
  latencies.sort((a, b) => a - b);
  return {
    clients: options.clients,
    seconds: options.seconds,
    commands,
    byOperation,
    errors,
    connectFailures,
    reconnects,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    loadCpuSeconds: (cpu.user + cpu.system) / 1e6,
    samples,
  };
}
