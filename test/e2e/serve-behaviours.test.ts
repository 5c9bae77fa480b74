/**
 * `cpmct serve --behaviour ...` and a fixture's `behaviours`: the reference store takes on the
 * behaviours of stores as vendors ship them, for a developer pointing a client at it.
 */
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function startServe(args: string[]): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(
    'node',
    ['bin/cpmct.js', 'serve', '--binding', 'imap', '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let seen = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes('Ctrl-C stops')) resolve(seen);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
  });
  return { child, ready };
}

/** Send IMAP commands one by one; the text the server answered to each. */
async function converse(port: number, commands: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  let buffer = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (buffer += chunk));
  const until = async (done: (text: string) => boolean) => {
    for (let i = 0; i < 200 && !done(buffer); i++) await new Promise((r) => setTimeout(r, 10));
  };
  await until((t) => t.includes('\r\n'));
  const answers: string[] = [];
  for (const [i, command] of commands.entries()) {
    buffer = '';
    socket.write(`t${i} ${command}\r\n`);
    await until((t) => new RegExp(`^t${i} `, 'm').test(t));
    answers.push(buffer);
  }
  socket.destroy();
  return answers;
}

describe('e2e: cpmct serve with store behaviours', function () {
  this.timeout(30_000);

  it('--behaviour protect-special-use: LIST shows the special uses, DELETE Trash is NO [CANNOT]', async () => {
    const { child, ready } = startServe(['--behaviour', 'protect-special-use']);
    try {
      const text = await ready;
      expect(text).to.include('store behaviours: protect-special-use');
      const port = Number(/on 127\.0\.0\.1:(\d+)/.exec(text)?.[1]);
      const [, list, remove] = await converse(port, [
        'LOGIN alice alicepass',
        'LIST "" "*"',
        'DELETE Trash',
      ]);
      expect(list).to.match(/\* LIST \([^)]*\\Trash\) "\/" Trash/);
      expect(remove).to.match(/^t2 NO \[CANNOT\]/m);
    } finally {
      child.kill('SIGTERM');
    }
    await once(child, 'exit');
  });

  it("a fixture's behaviours: recreate-special-use brings Trash back after DELETE", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpmct-fixture-'));
    const file = join(dir, 'fixture.yaml');
    writeFileSync(
      file,
      'behaviours: [recreate-special-use]\nusers: { alice: { folders: [Default/c1] } }\n',
    );
    const { child, ready } = startServe(['--fixture', file]);
    try {
      const port = Number(/on 127\.0\.0\.1:(\d+)/.exec(await ready)?.[1]);
      const [, remove, list] = await converse(port, [
        'LOGIN alice alicepass',
        'DELETE Trash',
        'LIST "" "*"',
      ]);
      expect(remove).to.match(/^t1 OK/m);
      expect(list).to.match(/\* LIST \([^)]*\) "\/" Trash/);
      expect(list).to.include('Default/c1');
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
    await once(child, 'exit');
  });

  it('an unknown behaviour is one line and exit 2', () => {
    const run = spawnSync('node', ['bin/cpmct.js', 'serve', '--behaviour', 'eat-mail'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).to.equal(2);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.include('unknown store behaviour "eat-mail"');
  });
});
