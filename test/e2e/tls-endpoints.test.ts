/**
 * Real endpoints over TLS: Dovecot with STARTTLS and with implicit TLS, and the NMS front end
 * behind node:https, each with a self-signed certificate made by openssl in a temp dir. The
 * profiles take their ports from the environment (`${VAR}`), as CI jobs would. A handful of
 * cases only: the full suites over TLS would add minutes for no new path.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/bindings/imap/client/connect.ts';
import { probeTransport } from '../../src/bindings/transport-probe.ts';
import type { RunResult } from '../../src/engine/result.ts';
import { classify } from '../../src/engine/trouble.ts';
import {
  DOVECOT_MISSING,
  dovecotInstalled,
  freePort,
  startDovecot,
  stopDovecot,
  type DovecotHandle,
} from '../../src/profiles/dovecot.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { startNmsServer } from '../../simulators/server/nms/nms-server.ts';
import { nonPass, runAll } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const OPENSSL_MISSING = 'openssl not installed: apt-get install -y openssl';

function opensslInstalled(): boolean {
  return spawnSync('openssl', ['version']).status === 0;
}

/** A self-signed certificate for localhost; its SHA-256 fingerprint as openssl prints it. */
function makeCertificate(dir: string): { cert: string; key: string; fingerprint: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost',
  ], { stdio: 'ignore' }); // prettier-ignore
  const printed = execFileSync(
    'openssl',
    ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'],
    {
      encoding: 'utf8',
    },
  );
  return { cert, key, fingerprint: printed.trim().split('=')[1] ?? '' };
}

function writeProfile(dir: string, name: string, lines: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      'role: server',
      ...lines,
      'users:',
      '  - { name: alice, passwordEnv: CPMCT_TLS_ALICE, passwordDefault: alicepass }',
      '  - { name: bob, passwordEnv: CPMCT_TLS_BOB, passwordDefault: bobpass }',
      // What profiles/dovecot.yaml declares: everything but OBJECTID and copy linkage.
      'features: { notifications: true, qresync: true, condstore: true, metadata: true, metadata-only: true, filters: true }',
      'timing: { notificationTimeoutMs: 2000, commandTimeoutMs: 5000, connectTimeoutMs: 3000 }',
      '',
    ].join('\n'),
  );
  return file;
}

const ONE_CASE = (id: string) => id === 'SRV-NEW-001';

describe('e2e: TLS endpoints (STARTTLS, IMAPS, HTTPS)', function () {
  this.timeout(60_000);
  let dir: string;
  let certificate: ReturnType<typeof makeCertificate>;

  before(function () {
    if (!opensslInstalled()) {
      console.log(`      skipped: ${OPENSSL_MISSING}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'cpmct-tls-'));
    certificate = makeCertificate(dir);
  });

  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  describe('Dovecot', () => {
    let dovecot: DovecotHandle | undefined;
    let imapsPort = 0;

    before(async function () {
      if (!dovecotInstalled()) {
        console.log(`      skipped: ${DOVECOT_MISSING}`);
        this.skip();
      }
      imapsPort = await freePort();
      dovecot = await startDovecot({
        tls: { certFile: certificate.cert, keyFile: certificate.key, imapsPort },
      });
      process.env.CPMCT_TEST_IMAP_PORT = String(dovecot.port);
      process.env.CPMCT_TEST_IMAPS_PORT = String(imapsPort);
    });

    after(async () => {
      delete process.env.CPMCT_TEST_IMAP_PORT;
      delete process.env.CPMCT_TEST_IMAPS_PORT;
      if (dovecot) await stopDovecot(dovecot);
    });

    it('passes the server suite over STARTTLS, the certificate verified against caFile', async () => {
      const file = writeProfile(dir, 'dovecot-starttls', [
        'binding: imap',
        'iut: { name: Dovecot }',
        'endpoint:',
        '  port: ${CPMCT_TEST_IMAP_PORT}',
        '  tls: starttls',
        '  tlsVerify: true',
        '  caFile: cert.pem',
        '  servername: localhost',
      ]);
      const profile = loadProfile(file);
      expect(profile.endpoint.port).to.equal(dovecot!.port);
      const results = await runAll(profile, {});
      expect(results.length).to.be.greaterThan(30);
      // Dovecot's one known non-pass: no OBJECTID, so linkage is not declared.
      // Dovecot's one known non-pass: no OBJECTID, so linkage is not declared.
      expect(nonPass(results).map((line) => line.split(':')[0])).to.deep.equal(['SRV-COPY-001']);
      const transcript = results.flatMap((r) => r.evidence.map((e) => e.text ?? '')).join('\n');
      expect(transcript).to.match(/TLS starttls, certificate verified/);
      const probed = await probeTransport(
        { binding: 'imap', host: '127.0.0.1', port: dovecot!.port, tls: profile.endpoint.tls! },
        3000,
      );
      expect(probed.verified).to.equal(true);
      expect(probed.fingerprint256).to.equal(certificate.fingerprint);
      expect(probed.subject).to.include('CN=localhost');
    });

    it('refuses an unverifiable certificate in one line, judged inconclusive', async () => {
      const error = await connect(
        { host: '127.0.0.1', port: imapsPort, tls: { mode: 'implicit', verify: true } },
        'alice',
        'alicepass',
        { connectTimeoutMs: 3000 },
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/TLS failed: .*self-signed/);
      expect(error?.message).not.to.include('\n');
      expect(error?.message).not.to.match(/\s+at /);
      expect(classify(error).kind).to.equal('inconclusive');
    });

    it('a certificate for another name says to set servername', async () => {
      const ca = readFileSync(certificate.cert, 'utf8');
      const error = await probeTransport(
        {
          binding: 'imap',
          host: '127.0.0.1',
          port: imapsPort,
          tls: { mode: 'implicit', verify: true, ca },
        },
        3000,
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/TLS failed: .*another host name.*endpoint\.servername/);
      expect(classify(error).kind).to.equal('inconclusive');
    });

    it('cpmct run over implicit TLS: the server suite passes, the report header records the transport', () => {
      const file = writeProfile(dir, 'dovecot-imaps', [
        'binding: imap',
        'iut: { name: Dovecot }',
        'endpoint:',
        '  port: ${CPMCT_TEST_IMAPS_PORT}',
        '  tls: implicit',
        '  caFile: ${CPMCT_TEST_CA_FILE:-cert.pem}',
        '  servername: localhost',
        '  tlsVerify: true',
      ]);
      const out = join(dir, 'out-imaps');
      const run = spawnSync(
        'node',
        [
          join(ROOT, 'bin/cpmct.js'),
          'run',
          '--profile',
          file,
          '--variants',
          'qresync',
          '--out',
          out,
          '--format',
          'json,md,html',
          '--reporter',
          'dot',
        ],
        { encoding: 'utf8', timeout: 50_000, cwd: ROOT },
      );
      expect(run.status, run.stderr + run.stdout).to.equal(0);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunResult;
      // Every server case under one variant; SRV-COPY-001 is inapplicable on Dovecot (no OBJECTID).
      expect(report.cases.length).to.be.greaterThan(30);
      expect(report.summary.pass).to.equal(report.cases.length - 1);
      expect(report.cases.filter((c) => c.verdict !== 'pass').map((c) => c.id)).to.deep.equal([
        'SRV-COPY-001',
      ]);
      const line = report.transport?.[0] ?? '';
      expect(line).to.match(
        /imap implicit 127\.0\.0\.1:\d+: TLSv1\.[23] \S+, certificate CN=localhost/,
      );
      expect(line).to.include(certificate.fingerprint);
      expect(line).to.include('certificate verified');
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).to.include('Transport: ');
      expect(readFileSync(join(out, 'report.html'), 'utf8')).to.include('<dt>Transport</dt>');
      expect(existsSync(join(out, 'report.json'))).to.equal(true);
    });
  });

  describe('NMS over HTTPS', () => {
    let stopAll: (() => Promise<void>) | undefined;
    let httpsPort = 0;

    before(async () => {
      const nms = await startNmsServer({
        host: '127.0.0.1',
        port: 0,
        users: [
          { name: 'alice', password: 'alicepass' },
          { name: 'bob', password: 'bobpass' },
        ],
      });
      // node:https in front of the NMS front end, with the self-signed certificate.
      const front: Server = createHttpsServer(
        { cert: readFileSync(certificate.cert), key: readFileSync(certificate.key) },
        (req, res) => {
          const upstream = httpRequest(
            {
              host: nms.host,
              port: nms.port,
              path: req.url,
              method: req.method,
              headers: req.headers,
            },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          upstream.on('error', () => res.destroy());
          req.pipe(upstream);
        },
      );
      await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
      const address = front.address();
      httpsPort = typeof address === 'object' && address ? address.port : 0;
      process.env.CPMCT_TEST_HTTPS_PORT = String(httpsPort);
      stopAll = async () => {
        front.closeAllConnections();
        await new Promise<void>((resolve) => front.close(() => resolve()));
        await nms.stop();
      };
    });

    after(async () => {
      delete process.env.CPMCT_TEST_HTTPS_PORT;
      await stopAll?.();
    });

    it('passes a case over https with the certificate verified, and records the transport', async () => {
      const file = writeProfile(dir, 'nms-https', [
        'binding: nms',
        'iut: { name: cpmct NMS front end behind node:https }',
        'endpoint:',
        '  port: ${CPMCT_TEST_HTTPS_PORT}',
        '  tls: https',
        '  caFile: cert.pem',
        '  servername: localhost',
        '  tlsVerify: true',
      ]);
      const profile = loadProfile(file);
      const results = await runAll(profile, {}, ONE_CASE);
      expect(results.length).to.equal(1);
      expect(nonPass(results)).to.deep.equal([]);
      const exchanges = results[0]!.evidence.map((e) => e.text ?? '').join('\n');
      expect(exchanges).to.include(`https://127.0.0.1:${httpsPort}/`);
      const probed = await probeTransport(
        { binding: 'nms', host: '127.0.0.1', port: httpsPort, tls: profile.endpoint.tls! },
        3000,
      );
      expect(probed.protocol).to.match(/^TLSv1\.[23]$/);
      expect(probed.fingerprint256).to.equal(certificate.fingerprint);
    });

    it('an unverifiable certificate over https is one line, judged inconclusive', async () => {
      const file = writeProfile(dir, 'nms-https-unverified', [
        'binding: nms',
        'iut: { name: cpmct NMS front end behind node:https }',
        'endpoint:',
        '  port: ${CPMCT_TEST_HTTPS_PORT}',
        '  tls: https',
        '  tlsVerify: true',
      ]);
      const results = await runAll(loadProfile(file), {}, ONE_CASE);
      expect(results.map((r) => r.verdict)).to.deep.equal(['inconclusive']);
      expect(results[0]!.reason).to.match(/TLS failed: .*self-signed/);
    });
  });
});
