import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupMembers, pidAlive } from '../../src/profiles/process-group.ts';
import { LaunchError, launchIut, launchProfile } from '../../src/profiles/launch.ts';
import { DOVECOT_MISSING, dovecotInstalled, readGreeting } from '../../src/profiles/dovecot.ts';
import type { LaunchSpec } from '../../src/profiles/profile.ts';
import { loadProfile } from '../../src/profiles/profile.ts';

const PROFILES = join(import.meta.dirname, '../../profiles');
const node = process.execPath;

/** A node one-liner as a launch command. */
function js(code: string): string[] {
  return [node, '-e', code];
}

/** A tiny TCP server that prints (or writes) its port and then runs until killed. */
const SERVER = `
const net = require('node:net'); const fs = require('node:fs');
const s = net.createServer((c) => c.end()).listen(0, '127.0.0.1', () => {
  const port = s.address().port;
  if (process.env.PORT_FILE) fs.writeFileSync(process.env.PORT_FILE, String(port));
  else console.log('listening on PORT=' + port);
});`;

async function expectLaunchError(p: Promise<unknown>): Promise<LaunchError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(LaunchError);
    return err as LaunchError;
  }
  throw new Error('expected a LaunchError');
}

describe('profiles/launch', function () {
  this.timeout(30000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'cpmct-launch-test-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the port from stdout, waits for TCP, and stops the process group', async () => {
    const spec: LaunchSpec = { command: js(SERVER), port: { fromStdout: 'PORT=(\\d+)' } };
    const iut = await launchIut(spec, dir, { name: 'toy' });
    expect(iut.port).to.be.within(1, 65535);
    expect(readFileSync(iut.logFile, 'utf8')).to.include(`PORT=${iut.port}`);
    expect(pidAlive(iut.pid)).to.equal(true);
    await iut.stop();
    expect(groupMembers(iut.pid)).to.deep.equal([]);
    expect(existsSync(iut.logFile)).to.equal(false);
    await iut.stop(); // idempotent
  });

  it('reads the port from a file relative to cwd', async () => {
    const spec: LaunchSpec = {
      command: js(SERVER),
      env: { PORT_FILE: 'port.txt' },
      port: { fromFile: 'port.txt' },
    };
    const iut = await launchIut(spec, dir, { logDir: join(dir, 'logs') });
    try {
      expect(readFileSync(join(dir, 'port.txt'), 'utf8')).to.equal(String(iut.port));
      expect(iut.logFile.startsWith(join(dir, 'logs'))).to.equal(true);
    } finally {
      await iut.stop();
    }
    expect(groupMembers(iut.pid)).to.deep.equal([]);
    expect(existsSync(iut.logFile)).to.equal(true); // a caller's logDir is kept
  });

  it('fails within the timeout when no port is printed, and leaves nothing running', async () => {
    // The child forks a grandchild in the same group: both must be gone afterwards.
    const code = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {stdio: 'ignore'}); console.log('starting CHILD=' + c.pid); setInterval(() => {}, 1000);`;
    const spec: LaunchSpec = {
      command: js(code),
      port: { fromStdout: 'PORT=(\\d+)' },
      readyTimeoutMs: 1000,
    };
    const t0 = Date.now();
    const err = await expectLaunchError(
      launchIut(spec, dir, { name: 'sleeper', logDir: join(dir, 'logs') }),
    );
    expect(Date.now() - t0).to.be.below(6000);
    expect(err.message).to.equal(
      `launch: sleeper did not print a port within 1000 ms; see ${err.logFile}`,
    );
    const child = Number(/CHILD=(\d+)/.exec(readFileSync(err.logFile, 'utf8'))?.[1]);
    expect(child).to.be.greaterThan(0);
    expect(pidAlive(child)).to.equal(false);
  });

  it('fails within the timeout when no port file is written', async () => {
    const spec: LaunchSpec = {
      command: js('setInterval(() => {}, 1000)'),
      port: { fromFile: 'never' },
      readyTimeoutMs: 800,
    };
    const err = await expectLaunchError(
      launchIut(spec, dir, { name: 'silent', logDir: join(dir, 'logs') }),
    );
    expect(err.message).to.equal(
      `launch: silent did not write a port to ${join(dir, 'never')} within 800 ms; see ${err.logFile}`,
    );
  });

  it('fails when the port is printed but nothing accepts connections', async () => {
    const spec: LaunchSpec = {
      command: js('console.log("PORT=1"); setInterval(() => {}, 1000)'),
      port: { fromStdout: 'PORT=(\\d+)' },
      readyTimeoutMs: 800,
    };
    const err = await expectLaunchError(
      launchIut(spec, dir, { name: 'liar', logDir: join(dir, 'logs') }),
    );
    expect(err.message).to.match(
      /^launch: liar gave port 1 but 127\.0\.0\.1:1 refused connections for 800 ms; see /,
    );
  });

  it('reports a command that exits immediately', async () => {
    const spec: LaunchSpec = {
      command: js('console.error("boom"); process.exit(3)'),
      port: { fromStdout: 'PORT=(\\d+)' },
    };
    const t0 = Date.now();
    const err = await expectLaunchError(
      launchIut(spec, dir, { name: 'quitter', logDir: join(dir, 'logs') }),
    );
    expect(Date.now() - t0).to.be.below(3000);
    expect(err.message).to.equal(
      `launch: quitter exited with code 3 before printing a port (last output: boom); see ${err.logFile}`,
    );
    expect(readFileSync(err.logFile, 'utf8')).to.include('boom');
  });

  it('reports a command that cannot be started', async () => {
    const spec: LaunchSpec = { command: ['./no-such-program'], port: { fromStdout: '(\\d+)' } };
    const err = await expectLaunchError(launchIut(spec, dir, { logDir: join(dir, 'logs') }));
    expect(err.message).to.match(
      /^launch: cannot start no-such-program \(\.\/no-such-program in .*\): .*ENOENT/,
    );
  });

  it("starts Dovecot from profiles/dovecot.yaml's launch section and stops it", async function () {
    if (!dovecotInstalled()) {
      console.log(`      ${DOVECOT_MISSING}`);
      this.skip();
    }
    const profile = loadProfile(join(PROFILES, 'dovecot.yaml'));
    const iut = await launchProfile(profile);
    let dovecotPid: number | undefined;
    let dovecotDir: string | undefined;
    try {
      const greeting = await readGreeting(iut.host, iut.port);
      expect(greeting).to.match(/^\* OK /);
      const line = readFileSync(iut.logFile, 'utf8');
      const m = /CPMCT_PORT=(\d+) CPMCT_PID=(\d+) CPMCT_DIR=(\S+)/.exec(line);
      expect(m, line).to.not.equal(null);
      expect(Number(m![1])).to.equal(iut.port);
      dovecotPid = Number(m![2]);
      dovecotDir = m![3]!;
      expect(dovecotDir.length).to.be.below(40);
      expect(pidAlive(dovecotPid)).to.equal(true);
    } finally {
      await iut.stop();
    }
    expect(pidAlive(dovecotPid!)).to.equal(false);
    expect(groupMembers(iut.pid)).to.deep.equal([]);
    expect(existsSync(dovecotDir!)).to.equal(false);
  });
});
