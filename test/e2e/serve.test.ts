/** `cpmct serve`: the reference store for a developer, over IMAP or NMS, stopped by a signal. */
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { NmsHttp } from '../../src/bindings/nms/client/http.ts';

function startServe(args: string[]): { child: ChildProcess; line: Promise<string> } {
  const child = spawn('node', ['bin/cpmct.js', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = '';
  const line = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const ready = seen.split('\n').find((l) => l.includes('Ctrl-C stops'));
      if (ready) resolve(ready);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
  });
  return { child, line };
}

describe('e2e: cpmct serve', function () {
  this.timeout(30_000);

  it('--binding nms serves NMS REST and, over the same store, IMAP; SIGTERM stops it cleanly', async () => {
    const { child, line } = startServe(['--binding', 'nms', '--port', '0']);
    try {
      const ready = await line;
      const root = /at (http:\/\/\S+)\/%7Buser%7D/.exec(ready)?.[1];
      expect(root, ready).to.be.a('string');
      expect(ready).to.match(/IMAP on 127\.0\.0\.1:\d+/);
      const alice = new NmsHttp({ root: `${root}/alice`, user: 'alice', password: 'alicepass' });
      const list = await alice.json<{ folderList: { folder: Array<{ path: string }> } }>(
        'POST',
        'folders/operations/search',
        { json: { selectionCriteria: { maxEntries: 10 } } },
      );
      expect(list.folderList.folder.map((f) => f.path)).to.include('/INBOX');
      const foreign = await alice.request('GET', `${root}/bob/folders/root`, {
        accept: () => true,
      });
      expect(foreign.status).to.equal(403);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(0);
  });

  it('an unknown binding is one line and exit 2', () => {
    const run = spawnSync('node', ['bin/cpmct.js', 'serve', '--binding', 'smtp'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).to.equal(2);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.include('--binding must be one of: imap, nms');
  });
});
