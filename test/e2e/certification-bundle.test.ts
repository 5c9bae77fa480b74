/**
 * Certification bundles end to end: an IMAP and an NMS store (the simulator, run as if it were
 * a product) are recorded on a few cases, each run is bundled, verified, and re-judged offline
 * with the store gone. A tampered recorded answer, a tampered hash, a wrong key and a truncated
 * bundle are each caught.
 */
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/engine/result.ts';
import {
  manifestFor,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  type BundleManifest,
} from '../../src/recording/bundle-manifest.ts';
import { readBundle, verifyBundle } from '../../src/recording/bundle-read.ts';
import { packFiles, writeBundle } from '../../src/recording/bundle-write.ts';
import type { ImapRecording } from '../../src/recording/recording-file.ts';
import { startImapServer, type RunningImapServer } from '../../simulators/server/imap-server.ts';
import { startNmsServer, type RunningNmsServer } from '../../simulators/server/nms/nms-server.ts';
import { cpmctChild as cpmct } from './helpers.ts';

const USERS = [
  { name: 'alice', password: 'alicepass' },
  { name: 'bob', password: 'bobpass' },
];

function profileYaml(binding: 'imap' | 'nms', port: number): string {
  return [
    `name: product-${binding}`,
    'role: server',
    `binding: ${binding}`,
    `iut: { name: a product over ${binding} }`,
    `endpoint: { host: 127.0.0.1, port: ${port} }`,
    'users:',
    '  - { name: alice, passwordEnv: PRODUCT_ALICE, passwordDefault: alicepass }',
    '  - { name: bob, passwordEnv: PRODUCT_BOB, passwordDefault: bobpass }',
    'features: { notifications: true, qresync: true, condstore: true, metadata-only: true, filters: true }',
  ].join('\n');
}

function casesOf(runDir: string): RunResult['cases'] {
  return (JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as RunResult).cases;
}

/** The bundle with its manifest's hashes made to match its files again, unsigned. */
async function rehashed(files: Map<string, Buffer>, out: string): Promise<void> {
  const old = JSON.parse(files.get(MANIFEST_FILE)!.toString('utf8')) as BundleManifest;
  const content = new Map([...files].filter(([n]) => n !== MANIFEST_FILE && n !== SIGNATURE_FILE));
  const { format: _format, files: _hashes, ...header } = old;
  const manifest = manifestFor(content, header);
  content.set(MANIFEST_FILE, Buffer.from(JSON.stringify(manifest, null, 1) + '\n'));
  await packFiles(content, out);
}

function counts(stdout: string): { agree: number; disagree: number; notRejudged: number } {
  const m = /(\d+) verdicts agree, (\d+) disagree, (\d+) not re-judged/.exec(stdout);
  expect(m, stdout).to.not.equal(null);
  return { agree: Number(m![1]), disagree: Number(m![2]), notRejudged: Number(m![3]) };
}

describe('e2e: certification bundle: bundle, verify, rejudge (IMAP and NMS)', function () {
  this.timeout(180_000);
  let dir: string;
  let imap: RunningImapServer | undefined;
  let nms: RunningNmsServer | undefined;
  const path = (name: string) => join(dir, name);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpmct-bundle-'));
    imap = await startImapServer({ users: USERS });
    nms = await startNmsServer({ users: USERS });
    writeFileSync(path('imap.yaml'), profileYaml('imap', imap.port));
    writeFileSync(path('nms.yaml'), profileYaml('nms', nms.port));
    for (const name of ['signer', 'other']) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(path(`${name}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(path(`${name}.pub`), publicKey.export({ type: 'spki', format: 'pem' }));
    }
    const only = ['--only', 'SRV-NEW-001', '--only', 'SRV-FLAG-001', '--only', 'SRV-NOTIF-001'];
    const runs = await Promise.all(
      (['imap', 'nms'] as const).map((binding) =>
        cpmct(
          'run',
          '--profile',
          path(`${binding}.yaml`),
          '--record',
          path(`${binding}.rec.json`),
          ...only,
          '--variants',
          'qresync',
          '--out',
          path(`${binding}-run`),
          '--reporter',
          'dot',
        ),
      ),
    );
    for (const run of runs) expect(run.status, run.stderr + run.stdout).to.equal(0);
    // The stores are gone: everything below works from the bundles alone.
    await imap.stop();
    await nms.stop();
    imap = nms = undefined;
  });
  after(async () => {
    await imap?.stop();
    await nms?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bundles an IMAP run, signed: reports, inputs without secrets, recording, manifest', async () => {
    const made = await cpmct(
      'bundle',
      path('imap-run'),
      '--out',
      path('imap.tar.gz'),
      '--sign',
      path('signer.key'),
    );
    expect(made.status, made.stderr).to.equal(0);
    const files = await readBundle(path('imap.tar.gz'));
    for (const name of [MANIFEST_FILE, SIGNATURE_FILE, 'run/report.json', 'run/run-inputs.json'])
      expect(files.has(name), name).to.equal(true);
    expect(files.has('inputs/recording.json')).to.equal(true);
    expect(files.has('inputs/clauses.yaml')).to.equal(true);
    expect([...files.keys()].some((n) => n.startsWith('inputs/suites/'))).to.equal(true);
    for (const [name, bytes] of files)
      expect(bytes.toString('latin1'), name).not.to.include('alicepass');
    const verified = await cpmct('verify', path('imap.tar.gz'), '--key', path('signer.pub'));
    expect(verified.status, verified.stderr).to.equal(0);
    expect(verified.stdout).to.match(/every hash matches; signature valid/);
  });

  it('re-judges the IMAP bundle offline: every verdict agrees', async () => {
    const rejudged = await cpmct('rejudge', path('imap.tar.gz'));
    expect(rejudged.status, rejudged.stderr + rejudged.stdout).to.equal(0);
    const total = casesOf(path('imap-run')).length;
    expect(counts(rejudged.stdout)).to.deep.equal({ agree: total, disagree: 0, notRejudged: 0 });
  });

  it('re-judges an NMS bundle: agreement, notification cases listed as not re-judged', async () => {
    await writeBundle(path('nms-run'), path('nms.tar.gz'));
    const rejudged = await cpmct('rejudge', path('nms.tar.gz'));
    expect(rejudged.status, rejudged.stderr + rejudged.stdout).to.equal(0);
    const result = counts(rejudged.stdout);
    expect(result.disagree).to.equal(0);
    expect(result.agree).to.be.greaterThan(0);
    // SRV-NOTIF-001 listens for the store's own event list, which no recording replays.
    expect(result.notRejudged).to.be.greaterThan(0);
    expect(result.agree + result.notRejudged).to.equal(casesOf(path('nms-run')).length);
  });

  it('IMAP replay: what the recording does not hold makes the case inconclusive, with the reason', async () => {
    // Another seed makes the device append other objects than the recording holds.
    const replay = await cpmct(
      'run',
      '--profile',
      path('imap.yaml'),
      '--replay',
      path('imap.rec.json'),
      '--seed',
      '2',
      '--only',
      'SRV-NEW-001',
      '--variants',
      'qresync',
      '--out',
      path('imap-other-seed'),
      '--reporter',
      'dot',
    );
    expect(replay.status, replay.stderr + replay.stdout).to.equal(3);
    const [result] = casesOf(path('imap-other-seed'));
    expect(result?.verdict).to.equal('inconclusive');
    expect(result?.reason).to.match(
      /replay: connection \d+ of SRV-NEW-001 \[qresync\]: the device sent ".+" where the recording holds/,
    );
  });

  it('a tampered recorded answer: verify catches it by hash, and re-hashed, rejudge disagrees', async () => {
    const files = await readBundle(path('imap.tar.gz'));
    const recording = JSON.parse(
      files.get('inputs/recording.json')!.toString('utf8'),
    ) as ImapRecording;
    const key = Object.keys(recording.cases).find((k) => k.startsWith('SRV-NEW-001'))!;
    let tampered = 0;
    for (const connection of recording.cases[key]!)
      for (const part of connection.exchange)
        if (part.from === 'store' && part.text && /^\d+ OK \[APPENDUID/m.test(part.text)) {
          part.text = part.text.replace(/^(\d+) OK \[APPENDUID[^\r]*/m, '$1 NO [CANNOT] tampered');
          tampered += 1;
        }
    expect(tampered).to.be.greaterThan(0);
    files.set('inputs/recording.json', Buffer.from(JSON.stringify(recording)));
    await packFiles(files, path('tampered-answer.tar.gz'));
    let caught: unknown;
    await verifyBundle(path('tampered-answer.tar.gz')).catch((e: unknown) => (caught = e));
    expect(String(caught)).to.match(/inputs\/recording\.json: SHA-256 differs/);

    await rehashed(files, path('rehashed-answer.tar.gz'));
    const rejudged = await cpmct('rejudge', path('rehashed-answer.tar.gz'));
    expect(rejudged.status, rejudged.stderr + rejudged.stdout).to.equal(1);
    expect(counts(rejudged.stdout).disagree).to.be.greaterThan(0);
    expect(rejudged.stdout).to.match(/rejudge: SRV-NEW-001 \[qresync\]: bundle pass, replay fail/);
  });

  it('a bundle judged by a newer cpmct: rejudge refuses it in one line, exit 2', async () => {
    const files = await readBundle(path('imap.tar.gz'));
    const report = JSON.parse(files.get('run/report.json')!.toString('utf8')) as RunResult;
    report.tool = { ...report.tool, version: '99.0.0' };
    files.set('run/report.json', Buffer.from(JSON.stringify(report)));
    await rehashed(files, path('newer.tar.gz'));
    const rejudged = await cpmct('rejudge', path('newer.tar.gz'));
    expect(rejudged.status).to.equal(2);
    expect(rejudged.stderr.trim().split('\n')).to.have.length(1);
    expect(rejudged.stderr).to.match(/judged by cpmct 99\.0\.0, newer than this cpmct/);
  });

  it('a tampered hash: one line, exit 2 (and the signature no longer verifies)', async () => {
    const files = await readBundle(path('imap.tar.gz'));
    const manifest = JSON.parse(files.get(MANIFEST_FILE)!.toString('utf8')) as BundleManifest;
    manifest.files['run/report.json'] = '0'.repeat(64);
    files.set(MANIFEST_FILE, Buffer.from(JSON.stringify(manifest, null, 1) + '\n'));
    await packFiles(files, path('tampered-signed.tar.gz'));
    let caught: unknown;
    await verifyBundle(path('tampered-signed.tar.gz')).catch((e: unknown) => (caught = e));
    expect(String(caught)).to.match(/signature does not verify/);
    files.delete(SIGNATURE_FILE);
    await packFiles(files, path('tampered-hash.tar.gz'));
    const verified = await cpmct('verify', path('tampered-hash.tar.gz'));
    expect(verified.status).to.equal(2);
    expect(verified.stderr.trim().split('\n')).to.have.length(1);
    expect(verified.stderr).to.match(/run\/report\.json: SHA-256 differs/);
  });

  it('a wrong key and a truncated bundle: one line, exit 2', async () => {
    const wrongKey = await cpmct('verify', path('imap.tar.gz'), '--key', path('other.pub'));
    expect(wrongKey.status).to.equal(2);
    expect(wrongKey.stderr.trim().split('\n')).to.have.length(1);
    expect(wrongKey.stderr).to.match(/does not verify with .*other\.pub/);
    const bytes = readFileSync(path('imap.tar.gz'));
    writeFileSync(path('truncated.tar.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const truncated = await cpmct('verify', path('truncated.tar.gz'));
    expect(truncated.status).to.equal(2);
    expect(truncated.stderr.trim().split('\n')).to.have.length(1);
    expect(truncated.stderr).to.match(/truncated/);
  });
});
