/**
 * Benchmarks (numbers go to the README, never into timed tests):
 *  1. the full server suite against the simulator and against Dovecot, in the same run;
 *  2. one device's initial sync of 10,000 messages (metadata first, then all content),
 *     the simulator side by side with Dovecot on the same machine; COMPRESS off for both;
 *  3. the same over NMS REST: the server suite on the simulator's NMS front end, and an NMS
 *     device's initial sync of the same corpus at two page sizes;
 *  4. stress: N concurrent clients on one mailbox for a fixed time, the reference store
 *     side by side with Dovecot (stress.ts).
 * Usage: npm run bench [-- --messages N --rounds R] [--only suite,sync,nms,stress]
 *        [--stress-clients 50,200 --stress-seconds 10 --stress-messages 1000]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createImapDevice } from '../simulators/clients/imap-device.ts';
import { startImapServer } from '../simulators/server/imap-server.ts';
import { ObjectFactory } from '../src/fixtures/generate.ts';
import { startTarget } from '../src/targets/start-target.ts';
import { casesFor, executeCases } from '../src/runner/execute.ts';
import { dovecotInstalled, startDovecot, stopDovecot } from '../src/profiles/dovecot.ts';
import { profile, settings, suites } from '../test/e2e/helpers.ts';
import { appendPipelined } from './load-imap.ts';
import { nmsInitialSync } from './sync-nms.ts';
import { stressRows, stressTable } from './stress.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string', multiple: true },
    'stress-clients': { type: 'string' },
    'stress-seconds': { type: 'string' },
    'stress-messages': { type: 'string' },
  },
});
const MESSAGES = Number(values.messages ?? 10_000);
const ROUNDS = Number(values.rounds ?? 3);
const SCENARIOS = ['suite', 'sync', 'nms', 'stress'];
const only = values.only?.flatMap((v) => v.split(',')) ?? SCENARIOS;
const unknown = only.filter((name) => !SCENARIOS.includes(name));
if (unknown.length) {
  console.error(`bench: unknown --only ${unknown.join(', ')}; valid: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
const runs = (scenario: string) => only.includes(scenario);
const USERS = [{ name: 'alice', password: 'alicepass' }];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function suiteTime(name: string): Promise<number[]> {
  const times: number[] = [];
  const running = await startTarget(profile(name), { settings: settings() });
  try {
    const cases = casesFor(suites.cases, running.target, 'server');
    for (let round = 0; round < ROUNDS; round++) {
      const start = process.hrtime.bigint();
      const results = await executeCases(cases, running.target);
      times.push(ms(start));
      const bad = results.filter((r) => r.verdict === 'error' || r.verdict === 'fail');
      if (bad.length) throw new Error(`${name}: ${bad.length} cases failed during the benchmark`);
    }
  } finally {
    await running.stop();
  }
  return times;
}

function corpus(count: number): Buffer[] {
  const factory = new ObjectFactory(42);
  const base = Date.parse('2026-01-15T12:00:00Z');
  return Array.from(
    { length: count },
    (_, i) => factory.create({ type: 'message', date: new Date(base - i * 60_000) }).raw,
  );
}

async function initialSync(
  host: string,
  port: number,
): Promise<{ metadataMs: number; contentMs: number }> {
  const endpoint = { binding: 'imap' as const, host, port, users: USERS };
  const metaDevice = await createImapDevice({
    name: 'bench',
    endpoint,
    user: 'alice',
    password: 'alicepass',
    record: false,
    commandTimeoutMs: 120_000,
  });
  let start = process.hrtime.bigint();
  const report = await metaDevice.sync();
  const metadataMs = ms(start);
  await metaDevice.close();
  if (report.downloadedMetadata < MESSAGES)
    throw new Error(`only ${report.downloadedMetadata} of ${MESSAGES} synced`);
  const fullDevice = await createImapDevice({
    name: 'bench-eager',
    endpoint,
    user: 'alice',
    password: 'alicepass',
    record: false,
    commandTimeoutMs: 120_000,
  });
  fullDevice.setPreferences({ content: 'eager' });
  start = process.hrtime.bigint();
  const full = await fullDevice.sync();
  const contentMs = ms(start);
  await fullDevice.close();
  if (full.downloadedContent < MESSAGES)
    throw new Error(`only ${full.downloadedContent} contents downloaded`);
  return { metadataMs, contentMs };
}

async function serverSuites(haveDovecot: boolean): Promise<void> {
  const sim = await suiteTime('reference-imap');
  console.log(
    `full server suite, simulator: median ${median(sim).toFixed(0)} ms (${sim.map((t) => t.toFixed(0)).join(', ')})`,
  );
  if (haveDovecot) {
    const dv = await suiteTime('dovecot');
    console.log(
      `full server suite, Dovecot:   median ${median(dv).toFixed(0)} ms (${dv.map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
}

async function imapInitialSync(haveDovecot: boolean, messages: Buffer[]): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const server = await startImapServer({ host: '127.0.0.1', port: 0, users: USERS });
  try {
    await appendPipelined(
      server.host,
      server.port,
      'alice',
      'alicepass',
      'Default/bench',
      messages,
    );
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await initialSync(server.host, server.port));
    const rss = (process.memoryUsage().rss - rssBefore) / 1e6;
    console.log(
      `initial sync, simulator: metadata median ${median(rounds.map((r) => r.metadataMs)).toFixed(0)} ms, content median ${median(rounds.map((r) => r.contentMs)).toFixed(0)} ms; process RSS grew ${rss.toFixed(0)} MB (store + devices)`,
    );
  } finally {
    await server.stop();
  }
  if (haveDovecot) {
    const dovecot = await startDovecot({ users: [{ name: 'alice', password: 'alicepass' }] });
    try {
      await appendPipelined(
        '127.0.0.1',
        dovecot.port,
        'alice',
        'alicepass',
        'Default/bench',
        messages,
      );
      const rounds = [];
      for (let i = 0; i < ROUNDS; i++) rounds.push(await initialSync('127.0.0.1', dovecot.port));
      console.log(
        `initial sync, Dovecot:   metadata median ${median(rounds.map((r) => r.metadataMs)).toFixed(0)} ms, content median ${median(rounds.map((r) => r.contentMs)).toFixed(0)} ms`,
      );
    } finally {
      await stopDovecot(dovecot);
    }
  } else {
    console.log(
      'Dovecot not installed (apt-get install -y dovecot-imapd): no side-by-side figures',
    );
  }
}

async function nms(messages: Buffer[]): Promise<void> {
  const simNms = await suiteTime('reference-nms');
  console.log(
    `full server suite over NMS, simulator: median ${median(simNms).toFixed(0)} ms (${simNms.map((t) => t.toFixed(0)).join(', ')})`,
  );
  for (const t of await nmsInitialSync(messages, [100, 500]))
    console.log(
      `initial sync over NMS, simulator, ${t.pageSize} per page: metadata ${t.metadataMs.toFixed(0)} ms, content ${t.contentMs.toFixed(0)} ms`,
    );
}

async function stress(): Promise<void> {
  const preload = Number(values['stress-messages'] ?? 1000);
  const rows = await stressRows({
    clients: (values['stress-clients'] ?? '50,200').split(',').map(Number),
    seconds: Number(values['stress-seconds'] ?? 10),
    corpus: corpus(preload * 2),
    preload,
    seed: 42,
  });
  const machine = `${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`;
  console.log(
    `\nstress, ${preload} messages in the mailbox at the start (${machine}):\n${stressTable(rows)}`,
  );
}

async function main(): Promise<void> {
  const haveDovecot = dovecotInstalled();
  console.log(
    `cpmct bench: node ${process.version}, ${MESSAGES} messages, ${ROUNDS} rounds, COMPRESS off, scenarios ${only.join(', ')}`,
  );
  if (runs('suite')) await serverSuites(haveDovecot);
  const messages = runs('sync') || runs('nms') ? corpus(MESSAGES) : [];
  if (messages.length) {
    const megabytes = messages.reduce((n, m) => n + m.length, 0) / 1e6;
    console.log(
      `initial sync corpus: ${MESSAGES} messages, ${megabytes.toFixed(1)} MB, one folder`,
    );
  }
  if (runs('sync')) await imapInitialSync(haveDovecot, messages);
  // After the memory reading of the IMAP sync: the NMS suite's garbage would blur it.
  if (runs('nms')) await nms(messages);
  if (runs('stress')) await stress();
}

await main();
