/**
 * The stress scenario of `npm run bench` (`-- --only stress`): for each client count, N
 * concurrent clients on ONE mailbox of one user (stress-load.ts) for a fixed time, first
 * against the reference store in a child process (its peak RSS is VmHWM, its own), then
 * against Dovecot on the same machine (the RSS and PSS of its `imap` processes, summed and
 * sampled). Both start from the same seeded corpus, loaded with pipelined APPENDs.
 * The load clients share the machine: where they use a whole core, commands/s is theirs
 * as much as the server's, so each side's CPU per command is reported too.
 */
import { loadavg } from 'node:os';
import { dovecotInstalled, startDovecot, stopDovecot } from '../src/profiles/dovecot.ts';
import { appendPipelined } from './load-imap.ts';
import {
  cpuSeconds,
  currentPss,
  currentRss,
  peakRss,
  processTree,
  treeCpuSeconds,
} from './proc-stats.ts';
import { startStoreProcess } from './store-process.ts';
import { runLoad, type LoadResult } from './stress-load.ts';

export interface StressOptions {
  clients: number[];
  seconds: number;
  /** The corpus: the first `preload` are in the mailbox at the start, all are APPENDed. */
  corpus: Buffer[];
  preload: number;
  seed: number;
}

export interface StressRow extends LoadResult {
  server: 'reference' | 'Dovecot';
  /** Peak RSS, bytes: the store process's VmHWM; for Dovecot its imap processes, summed. */
  peakRss: number;
  /** Dovecot only: the peak of the imap processes' summed PSS (shared pages divided). */
  peakPss?: number;
  /** RSS after the preload, before the clients came (reference store). */
  idleRss?: number;
  serverCpuSeconds: number;
  /** The machine's 1-minute load average when the run began (others' work shows here). */
  loadBefore: number;
}

const USER = { name: 'alice', password: 'alicepass' };
const MAILBOX = 'Stress';
const SAMPLE_MS = 500;
const MB = 1024 * 1024;

function load(host: string, port: number, clients: number, options: StressOptions) {
  return runLoad({
    host,
    port,
    user: USER.name,
    password: USER.password,
    mailbox: MAILBOX,
    clients,
    seconds: options.seconds,
    messages: options.corpus,
    seed: options.seed,
  });
}

async function againstReference(clients: number, options: StressOptions): Promise<StressRow> {
  // Connection limits (limits.ts) well above N: the benchmark measures load, not refusals.
  const connections = clients + 10;
  const store = await startStoreProcess({
    users: [USER],
    limits: { maxConnectionsPerUserAddress: connections, maxConnectionsPerAddress: connections },
  });
  try {
    const { host, port, pid } = store;
    await appendPipelined(host, port, USER.name, USER.password, MAILBOX, preloaded(options));
    const idleRss = currentRss(pid);
    const loadBefore = loadavg()[0]!;
    const cpuBefore = cpuSeconds(pid);
    const result = await load(host, port, clients, options);
    const serverCpuSeconds = cpuSeconds(pid) - cpuBefore;
    const peak = peakRss(pid);
    return { server: 'reference', ...result, peakRss: peak, idleRss, serverCpuSeconds, loadBefore };
  } finally {
    await store.stop();
  }
}

async function againstDovecot(clients: number, options: StressOptions): Promise<StressRow> {
  // Dovecot's per user+address limit (mail_max_userip_connections), as the store's above
  const dovecot = await startDovecot({ users: [USER], maxUserConnections: clients + 10 });
  let peak = { rss: 0, pss: 0 };
  const sample = () => {
    const imap = processTree(dovecot.pid).filter((p) => p.comm === 'imap');
    const rss = imap.reduce((n, p) => n + currentRss(p.pid), 0);
    const pss = imap.reduce((n, p) => n + currentPss(p.pid), 0);
    peak = { rss: Math.max(peak.rss, rss), pss: Math.max(peak.pss, pss) };
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = dovecot.port;
    await appendPipelined('127.0.0.1', port, USER.name, USER.password, MAILBOX, preloaded(options));
    const loadBefore = loadavg()[0]!;
    const cpuBefore = treeCpuSeconds(dovecot.pid);
    timer = setInterval(sample, SAMPLE_MS);
    const result = await load('127.0.0.1', port, clients, options);
    sample();
    const serverCpuSeconds = treeCpuSeconds(dovecot.pid) - cpuBefore;
    const memory = { peakRss: peak.rss, peakPss: peak.pss };
    return { server: 'Dovecot', ...result, ...memory, serverCpuSeconds, loadBefore };
  } finally {
    clearInterval(timer);
    await stopDovecot(dovecot);
  }
}

const preloaded = (options: StressOptions) => options.corpus.slice(0, options.preload);

export async function stressRows(options: StressOptions): Promise<StressRow[]> {
  const rows: StressRow[] = [];
  const haveDovecot = dovecotInstalled();
  for (const clients of options.clients) {
    rows.push(await againstReference(clients, options));
    console.log(stressLine(rows.at(-1)!));
    if (!haveDovecot) continue;
    rows.push(await againstDovecot(clients, options));
    console.log(stressLine(rows.at(-1)!));
  }
  if (!haveDovecot)
    console.log(
      'Dovecot not installed (apt-get install -y dovecot-imapd): no side-by-side figures',
    );
  return rows;
}

const errorText = (r: LoadResult) => {
  const total = Object.values(r.errors).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(r.errors)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`);
  if (r.connectFailures) kinds.push(`${r.connectFailures} clients never logged in`);
  if (r.reconnects) kinds.push(`${r.reconnects} reconnects`);
  return kinds.length ? `${total} (${kinds.join(', ')})` : '0';
};

const memoryText = (r: StressRow) =>
  r.peakPss !== undefined
    ? `${(r.peakRss / MB).toFixed(0)} MB RSS, ${(r.peakPss / MB).toFixed(0)} MB PSS (imap processes)`
    : `${(r.peakRss / MB).toFixed(0)} MB (${((r.idleRss ?? 0) / MB).toFixed(0)} MB before the clients)`;

/** CPU seconds and CPU per completed command: the figure least moved by others' load. */
const cpuText = (seconds: number, r: LoadResult) =>
  `${seconds.toFixed(1)} s (${r.commands ? ((seconds / r.commands) * 1e6).toFixed(0) : '-'} µs/command)`;

function stressLine(r: StressRow): string {
  return `stress, ${r.server}, ${r.clients} clients, ${r.seconds} s (load average ${r.loadBefore.toFixed(1)} before): ${(r.commands / r.seconds).toFixed(0)} commands/s, errors ${errorText(r)}, latency p50 ${r.p50Ms.toFixed(1)} ms p99 ${r.p99Ms.toFixed(1)} ms, peak ${memoryText(r)}, server CPU ${cpuText(r.serverCpuSeconds, r)}, load CPU ${cpuText(r.loadCpuSeconds, r)}${r.samples.length ? `; first errors: ${r.samples.join(' | ')}` : ''}`;
}

/** The rows as a markdown table (for the README). */
export function stressTable(rows: StressRow[]): string {
  const lines = [
    '| server | clients | commands/s | errors | p50 / p99 latency | peak memory | server CPU | load-client CPU |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.server} | ${r.clients} | ${(r.commands / r.seconds).toFixed(0)} | ${errorText(r)} | ${r.p50Ms.toFixed(1)} / ${r.p99Ms.toFixed(1)} ms | ${memoryText(r)} | ${cpuText(r.serverCpuSeconds, r)} | ${cpuText(r.loadCpuSeconds, r)} |`,
    );
  return lines.join('\n');
}
