/**
 * Re-judging offline: a run against an NMS store (a non-embedded profile) is recorded,
 * the store is stopped, and the recording is replayed. Every case that does not need the
 * store's own notifications gets the same verdict again; the rest are inconclusive, never
 * passed; a tampered recording is judged on what it says.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/engine/result.ts';
import type { NmsRecording } from '../../src/recording/recording-file.ts';
import { startNmsServer, type RunningNmsServer } from '../../simulators/server/nms/nms-server.ts';
// The CLI in a child process; asynchronous, since the store under test runs in this one.
import { cpmctChild as cpmct } from './helpers.ts';

const USERS = [
  { name: 'alice', password: 'alicepass' },
  { name: 'bob', password: 'bobpass' },
];

function verdicts(dir: string): Map<string, { verdict: string; reason: string }> {
  const run = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunResult;
  return new Map(run.cases.map((c) => [c.id, { verdict: c.verdict, reason: c.reason }]));
}

describe('e2e: recording an NMS store and re-judging offline', function () {
  this.timeout(240_000);
  let dir: string;
  let profile: string;
  let server: RunningNmsServer | undefined;
  const recording = () => join(dir, 'store.rec.json');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpmct-rec-'));
    server = await startNmsServer({ users: USERS });
    profile = join(dir, 'product.yaml');
    writeFileSync(
      profile,
      [
        'name: product',
        'role: server',
        'binding: nms',
        'iut: { name: an NMS product }',
        `endpoint: { host: 127.0.0.1, port: ${server.port} }`,
        'users:',
        '  - { name: alice, passwordEnv: PRODUCT_ALICE, passwordDefault: alicepass }',
        '  - { name: bob, passwordEnv: PRODUCT_BOB, passwordDefault: bobpass }',
        'features: { notifications: true, metadata-only: true, copy-linkage: true, filters: true }',
        // A notification arrives within milliseconds over loopback or, replayed, never: 1 s
        // is enough to judge it absent (the embedded profiles wait the same).
        'timing: { notificationTimeoutMs: 1000 }',
      ].join('\n'),
    );
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a live run, without credentials', async () => {
    const run = await cpmct(
      'run',
      '--profile',
      profile,
      '--record-http',
      recording(),
      '--out',
      join(dir, 'live'),
      '--reporter',
      'dot',
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/recorded \d+ HTTP exchanges/);
    const text = readFileSync(recording(), 'utf8');
    expect(text).not.to.include('alicepass');
    expect(text).not.to.include(Buffer.from('alice:alicepass').toString('base64'));
  });

  it('replays it with the store gone: the same verdicts, inconclusive only where notifications were needed', async () => {
    await server?.stop();
    server = undefined;
    const run = await cpmct(
      'run',
      '--profile',
      profile,
      '--replay-http',
      recording(),
      '--out',
      join(dir, 'replay'),
      '--reporter',
      'dot',
    );
    expect(run.status, run.stderr).to.equal(3);
    const live = verdicts(join(dir, 'live'));
    const replay = verdicts(join(dir, 'replay'));
    let same = 0;
    for (const [id, first] of live) {
      const again = replay.get(id)!;
      if (again.verdict === first.verdict) same += 1;
      else {
        expect(again.verdict, id).to.equal('inconclusive');
        expect(again.reason, id).to.match(/notifications/);
      }
    }
    expect(same).to.be.greaterThanOrEqual(30);
  });

  it('judges what the recording says: a tampered answer fails its case', async () => {
    const rec = JSON.parse(readFileSync(recording(), 'utf8')) as NmsRecording;
    const exchanges = rec.cases['SRV-FLAG-001'] ?? [];
    expect(exchanges.length).to.be.greaterThan(0);
    for (const e of exchanges) if (e.body) e.body = e.body.replaceAll('\\\\Seen', '\\\\Draft');
    const tampered = join(dir, 'tampered.rec.json');
    writeFileSync(tampered, JSON.stringify(rec));
    const run = await cpmct(
      'run',
      '--profile',
      profile,
      '--replay-http',
      tampered,
      '--only',
      'SRV-FLAG-001',
      '--out',
      join(dir, 'tampered'),
      '--reporter',
      'dot',
    );
    expect(run.status, run.stderr).to.equal(1);
    expect(verdicts(join(dir, 'tampered')).get('SRV-FLAG-001')?.verdict).to.equal('fail');
  });

  it('refuses the embedded simulator and a file that is not a recording, in one line', async () => {
    const embedded = await cpmct(
      'run',
      '--profile',
      'profiles/reference-nms.yaml',
      '--record-http',
      join(dir, 'x.json'),
    );
    expect(embedded.status).to.equal(2);
    expect(embedded.stderr.trim().split('\n')).to.have.length(1);
    expect(embedded.stderr).to.include('embedded simulator');
    const bogus = join(dir, 'bogus.json');
    writeFileSync(bogus, '{"hello": 1}');
    const replay = await cpmct('run', '--profile', profile, '--replay-http', bogus);
    expect(replay.status).to.equal(2);
    expect(replay.stderr).to.include('not a cpmct recording');
  });
});
