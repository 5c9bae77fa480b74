import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import {
  DOVECOT_MISSING,
  dovecotConfig,
  dovecotInstalled,
  parseUsers,
  readGreeting,
  startDovecot,
  stopDovecot,
} from '../../src/profiles/dovecot.ts';
import { pidAlive } from '../../src/profiles/process-group.ts';

const ROOT = join(import.meta.dirname, '../..');

/** Sends tagged commands one by one over a plain socket; returns everything received. */
function rawImap(host: string, port: number, commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let buf = '';
    let next = 0;
    sock.setEncoding('utf8');
    sock.on('error', reject);
    sock.on('data', (chunk: string) => {
      buf += chunk;
      const waiting = next === 0 ? '* OK' : `${commands[next - 1]!.split(' ')[0]} `;
      if (!new RegExp(`(^|\r\n)${waiting.replace('*', '\\*')}[^\r\n]*\r\n$`).test(buf)) return;
      if (next === commands.length) {
        sock.end();
        resolve(buf);
      } else sock.write(`${commands[next++]}\r\n`);
    });
  });
}

describe('profiles/dovecot (config)', () => {
  it('parses --users', () => {
    expect(parseUsers('alice:alicepass,bob:b-c')).to.deep.equal([
      { name: 'alice', password: 'alicepass' },
      { name: 'bob', password: 'b-c' },
    ]);
    expect(() => parseUsers('bob:b:c')).to.throw(/expected name:password/);
    expect(() => parseUsers('nopassword')).to.throw(/expected name:password/);
  });

  it('writes a root config with mail_uid and a non-root one without chroot', () => {
    const base = { dir: '/tmp/cpmct-dX', port: 1430, mailUser: 'nobody', mailGroup: 'nogroup' };
    const asRoot = dovecotConfig({ ...base, root: true, selfUser: 'root', selfGroup: 'root' });
    expect(asRoot).to.match(/^mail_uid = nobody$/m);
    expect(asRoot).to.match(/^\s+port = 1430$/m);
    expect(asRoot).to.match(/^\s+imap_metadata = yes$/m);
    expect(asRoot).to.match(/^mail_attribute_dict = file:%h\/dovecot-attributes$/m);
    expect(asRoot).to.match(/^base_dir = \/tmp\/cpmct-dX\/r$/m);
    expect(asRoot).not.to.include('chroot');
    const asUser = dovecotConfig({ ...base, root: false, selfUser: 'me', selfGroup: 'us' });
    expect(asUser).not.to.include('mail_uid');
    expect(asUser).to.match(/^default_internal_user = me$/m);
    expect(asUser.match(/chroot =$/gm)).to.have.length(2);
  });

  it('raises the per user+address connection limit, and the imap processes with it', () => {
    const base = { dir: '/tmp/cpmct-dX', port: 1430, mailUser: 'nobody', mailGroup: 'nogroup' };
    const params = { ...base, root: true, selfUser: 'root', selfGroup: 'root' };
    const connections = /^\s+mail_max_userip_connections = (\d+)$/m;
    const processes = /^service imap \{\n\s+process_limit = (\d+)$/m;
    expect(connections.exec(dovecotConfig(params))?.[1]).to.equal('1000');
    expect(dovecotConfig(params)).not.to.match(processes);
    const many = dovecotConfig({ ...params, maxUserConnections: 2000 });
    expect(connections.exec(many)?.[1]).to.equal('2000');
    expect(processes.exec(many)?.[1]).to.equal('2000');
  });

  it('says how to install Dovecot when it is missing', async () => {
    try {
      await startDovecot({ bin: '/nonexistent/dovecot' });
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as Error).message).to.equal(DOVECOT_MISSING);
    }
  });
});

describe('profiles/dovecot (real server)', function () {
  this.timeout(30000);
  before(function () {
    if (!dovecotInstalled()) {
      console.log(`      ${DOVECOT_MISSING}`);
      this.skip();
    }
  });

  it('starts in-process with CONDSTORE, QRESYNC, NOTIFY, METADATA and stops by pid', async () => {
    const h = await startDovecot({ users: [{ name: 'carol', password: 'c4' }] });
    try {
      expect(h.dir.length).to.be.below(40);
      expect(await readGreeting(h.host, h.port)).to.match(/^\* OK /);
      const client = new ImapFlow({
        host: h.host,
        port: h.port,
        secure: false,
        auth: { user: 'carol', pass: 'c4' },
        logger: false,
      });
      await client.connect();
      const caps = [...client.capabilities.keys()];
      expect(caps).to.include.members(['CONDSTORE', 'QRESYNC', 'NOTIFY', 'METADATA', 'IDLE']);
      await client.mailboxCreate('sip:bob@example.com');
      await client.logout();
      const transcript = await rawImap(h.host, h.port, [
        'a LOGIN carol c4',
        'b SETMETADATA INBOX (/private/comment "hello")',
        'c GETMETADATA INBOX /private/comment',
      ]);
      expect(transcript).to.include('b OK');
      expect(transcript).to.match(
        /\* METADATA INBOX \(\/private\/comment (\{5\}\r\nhello|"hello")\)/,
      );
      expect(transcript).to.include('c OK');
    } finally {
      await stopDovecot(h);
    }
    expect(pidAlive(h.pid)).to.equal(false);
    expect(existsSync(h.dir)).to.equal(false);
  });

  it('keeps a given dir and uses a given port', async () => {
    const dir = mkdtempSync('/tmp/cpmct-t');
    try {
      const first = await startDovecot({ dir });
      const port = first.port;
      await stopDovecot(first);
      expect(existsSync(join(dir, 'dovecot.conf'))).to.equal(true);
      const h = await startDovecot({ dir, port });
      expect(h.port).to.equal(port);
      await stopDovecot(h);
      expect(pidAlive(h.pid)).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scripts/dovecot.ts prints one line, runs until SIGTERM, then cleans up', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cpmct-script-'));
    try {
      const stdout = join(out, 'stdout');
      const { openSync, closeSync } = await import('node:fs');
      const fd = openSync(stdout, 'w');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/dovecot.ts', 'start', '--users', 'alice:alicepass'],
        { cwd: ROOT, stdio: ['ignore', fd, 'ignore'] },
      );
      closeSync(fd);
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      let text = '';
      for (let i = 0; i < 300 && !text.includes('\n'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        text = readFileSync(stdout, 'utf8');
      }
      const m = /^CPMCT_PORT=(\d+) CPMCT_PID=(\d+) CPMCT_DIR=(\/tmp\/cpmct-d\S+)\n$/.exec(text);
      expect(m, text).to.not.equal(null);
      expect(await readGreeting('127.0.0.1', Number(m![1]))).to.match(/^\* OK /);
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
      expect(pidAlive(Number(m![2]))).to.equal(false);
      expect(existsSync(m![3]!)).to.equal(false);
      expect(readFileSync(stdout, 'utf8')).to.equal(text);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
