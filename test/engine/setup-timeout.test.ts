/**
 * A set-up that times out leaves nothing running: a single-case run against a store that
 * accepts the connection and then stalls exits within its step limit plus a few seconds,
 * and every connection it opened is closed (issue 10, section 2). The run is a child process,
 * so "exits" is measured for real; the stalled store is here, holding its sockets open.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { startImapServer, type RunningImapServer } from '../../simulators/server/imap-server.ts';
import { startStallProxy, type StallPolicy, type StallProxy } from './stall-proxy.ts';

const STEP_LIMIT_MS = 500;
/** "A few seconds": closing what the case opened, after the limit. */
const GRACE_MS = 5000;

interface ChildRun {
  /** From the case's start to the process's exit. */
  exitAfterMs: number;
  result: { verdict: string; reason: string };
}

function runChild(port: number, caseId: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/fixtures/stalled-setup-run.ts',
        String(port),
        caseId,
        String(STEP_LIMIT_MS),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let started = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /started (\d+)/.exec(out);
      if (m && !started) started = Number(m[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', () => {
      clearTimeout(killer);
      const line = /result (.*)/.exec(out)?.[1];
      if (!line || !started) return reject(new Error(`no result from the run: ${out}${err}`));
      resolve({
        exitAfterMs: Date.now() - started,
        result: JSON.parse(line) as ChildRun['result'],
      });
    });
  });
}

describe('engine: a case that times out leaves nothing running', function () {
  this.timeout(60_000);
  let server: RunningImapServer;
  let proxy: StallProxy | undefined;

  beforeEach(async () => {
    server = await startImapServer({
      users: [
        { name: 'alice', password: 'alicepass' },
        { name: 'bob', password: 'bobpass' },
      ],
    });
  });
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
    await server.stop();
  });

  const stalled = async (policy: StallPolicy) => {
    proxy = await startStallProxy(server, policy);
    return proxy;
  };

  it('a store that stalls while the set-up lists its folders: inconclusive, exits within the step limit plus a few seconds, no connection left open', async () => {
    const store = await stalled({ stallOn: /^\S+ LIST /m });
    const run = await runChild(store.port, 'SRV-NEW-001');
    expect(run.result.verdict).to.equal('inconclusive');
    expect(run.result.reason).to.match(/preparing the store: no answer within 500 ms/);
    expect(run.exitAfterMs).to.be.below(STEP_LIMIT_MS + GRACE_MS);
    expect(store.openConnections(), 'connections the run left open').to.equal(0);
  });

  it('a device still logging in when the set-up times out is closed once its login completes', async () => {
    // The store actor's connection is served at once; the device's is held past the limit.
    const store = await stalled({ holdLaterMs: STEP_LIMIT_MS + 800 });
    const run = await runChild(store.port, 'SRV-NEW-001');
    expect(run.result.verdict).to.equal('inconclusive');
    expect(run.exitAfterMs).to.be.below(STEP_LIMIT_MS + GRACE_MS);
    expect(store.openConnections(), 'connections the run left open').to.equal(0);
  });

  it('a store that stalls in a step (the SELECT of a device): the step fails on its limit, the run exits soon after, no connection left open', async () => {
    const store = await stalled({ stallOn: /^\S+ SELECT /m });
    const run = await runChild(store.port, 'SRV-NEW-001');
    expect(run.result.reason).to.match(/step 1 .*no answer within 500 ms/);
    expect(run.exitAfterMs).to.be.below(STEP_LIMIT_MS + GRACE_MS);
    expect(store.openConnections(), 'connections the run left open').to.equal(0);
  });
});
