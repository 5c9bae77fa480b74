/**
 * The command-line upper tester (src/adapters/command-adapter.ts): the example adapter that
 * wraps the reference client, end to end against the IMAP simulator, and small inline adapters
 * that misbehave (crash, hang, refuse to leave).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createCommandDevice,
  type CommandDevice,
  type CommandDeviceOptions,
} from '../../src/adapters/command-adapter.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { startImapServer, type RunningImapServer } from '../../simulators/server/imap-server.ts';
import type { StoreActor } from '../../src/engine/ports.ts';
import { ALICE, bare, keysOf, object } from '../clients/helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE = [process.execPath, '--import', 'tsx', 'examples/command-adapter-reference.ts'];

/** An inline adapter: `body` handles one parsed request `req`, `send(m)` answers. */
function inline(body: string): string[] {
  const script = `
const rl = require('readline').createInterface({ input: process.stdin });
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
const hello = { name: 'inline', version: '0', supports: [] };
rl.on('line', (line) => {
  const req = JSON.parse(line);
  if (req.method === 'hello') return send({ id: req.id, result: hello });
  if (req.method === 'localState') return send({ id: req.id, result: { folders: [] } });
  ${body}
});`;
  return [process.execPath, '-e', script];
}

/** Whether a process exists and is not a zombie waiting for its (re)parent to reap it. */
function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // no /proc entry (gone, or not Linux): ask the kernel
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function gone(pid: number | undefined, withinMs = 2000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    expect(message, 'one line').to.not.include('\n');
    return message;
  }
  throw new Error('expected a rejection');
}

describe('adapters: command-line upper tester (JSON lines)', function () {
  this.timeout(20_000);
  let server: RunningImapServer;
  let actor: StoreActor;
  const devices: CommandDevice[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const options = (command: string[], extra: Partial<CommandDeviceOptions> = {}) => ({
    name: 'phone',
    command,
    cwd: ROOT,
    endpoint: { binding: 'imap' as const, host: server.host, port: server.port },
    ...ALICE,
    ...extra,
  });
  async function start(command: string[], extra: Partial<CommandDeviceOptions> = {}) {
    const device = await createCommandDevice(options(command, extra));
    devices.push(device);
    return device;
  }

  beforeEach(async () => {
    process.on('unhandledRejection', onUnhandled);
    unhandled.length = 0;
    server = await startImapServer({ users: [{ name: ALICE.user, password: ALICE.password }] });
    actor = await createImapStoreActor({
      endpoint: { host: server.host, port: server.port },
      ...ALICE,
    });
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await actor.close();
    await server.stop();
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled.map(String)).to.deep.equal([]);
  });

  it('hello: the example adapter names itself and what it supports', async () => {
    const phone = await start(REFERENCE);
    expect(phone.adapter.name).to.equal('cpmct reference client');
    expect(phone.adapter.version).to.match(/^\d+\.\d+\.\d+/);
    expect(phone.adapter.supports).to.include.members(['copy', 'listen', 'reset']);
    expect(phone.localView()).to.deep.equal({ folders: [] });
  });

  it('add + sync reaches the store byte for byte, and localState matches the store', async () => {
    const phone = await start(REFERENCE);
    const spec = object('p-1', { body: 'caf\u00e9 \u2713 \u0001\u00ff\r\n', flags: ['\\Seen'] });
    await phone.applyLocalChange({ kind: 'add', folder: 'INBOX', object: spec });
    expect(keysOf(phone.localView(), 'INBOX')).to.deep.equal(['p-1']);
    const report = await phone.sync();
    expect(report).to.include({ uploaded: 1, deletedOnServer: 0 });
    expect(report.foldersSynced).to.deep.equal(['INBOX']);
    const store = await actor.view();
    expect(keysOf(store, 'INBOX')).to.deep.equal(['p-1']);
    expect((await actor.content('INBOX', 'p-1'))?.equals(spec.raw)).to.equal(true);
    expect(bare(phone.localView())).to.deep.equal(bare(store));
  });

  it('env reaches the adapter: the example can run a mutant of the reference client', async () => {
    const phone = await start(REFERENCE, { env: { CPMCT_CLIENT_MUTANT: 'no-upload' } });
    await phone.applyLocalChange({ kind: 'add', folder: 'INBOX', object: object('p-1') });
    expect(await phone.sync()).to.include({ uploaded: 0 });
    expect(keysOf(await actor.view(), 'INBOX')).to.deep.equal([]);
    expect(keysOf(phone.localView(), 'INBOX')).to.deep.equal(['p-1']);
  });

  it('pulls server objects metadata-first; fetchContent, preferences and reset work through the protocol', async () => {
    await actor.deliver('INBOX', object('s-1'));
    await actor.deliver('Conv1', object('s-2'));
    const phone = await start(REFERENCE);
    phone.setPreferences({ folders: ['INBOX'] });
    await phone.sync();
    expect(phone.localView()).to.deep.equal({
      folders: [{ name: 'INBOX', objects: [{ key: 's-1', flags: [], content: 'metadata' }] }],
    });
    await phone.fetchContent('INBOX', ['s-1']);
    expect(phone.localView().folders[0]?.objects[0]?.content).to.equal('full');
    await phone.reset();
    expect(phone.localView()).to.deep.equal({ folders: [] });
    await phone.sync();
    expect(phone.localView().folders.map((f) => f.name)).to.deep.equal(['Conv1', 'INBOX']);
  });

  it('errors come back as one line; a refused setPreferences is reported by the next call', async () => {
    const phone = await start(REFERENCE);
    const refused = await failure(
      phone.applyLocalChange({ kind: 'delete', folder: 'Nope', key: 'x' }),
    );
    expect(refused).to.match(/^phone: applyLocalChange: .*no local folder Nope/);
    phone.setPreferences({ since: 'yesterday' });
    const deferred = await failure(phone.sync());
    expect(deferred).to.match(
      /^phone: setPreferences: .*since is not a calendar date.*\(reported at sync\)$/,
    );
    await phone.sync(); // the device goes on
    const log = phone.evidence().find((e) => e.label === 'phone adapter protocol')?.text ?? '';
    expect(log).to.include('"method":"hello"').and.include('***');
    expect(log).to.not.include(ALICE.password);
  });

  it('a method the adapter did not announce is refused without being sent', async () => {
    const phone = await start(inline(`send({ id: req.id, error: 'should not be asked' });`));
    expect(await failure(phone.copy('INBOX', 'a', 'Conv1'))).to.equal(
      'phone: copy: not supported by the adapter inline (hello supports: none)',
    );
    expect(() => phone.setPreferences({ latest: 1 })).to.throw(/setPreferences: not supported/);
    phone.setPreferences({});
    const log = phone.evidence()[0]?.text ?? '';
    expect(log).to.not.include('"copy"');
  });

  it('a crashing adapter rejects the pending request and every later one, cleanly', async () => {
    const phone = await start(
      inline(`process.stderr.write('adapter: simulated crash\\n'); process.exit(3);`),
    );
    const crash = await failure(phone.sync());
    expect(crash).to.equal(
      'phone: sync: the adapter exited with code 3 (stderr: adapter: simulated crash)',
    );
    expect(await failure(phone.sync())).to.match(
      /^phone: sync: not running any more \(the adapter exited with code 3/,
    );
    expect(phone.evidence().find((e) => e.label === 'phone adapter stderr')?.text).to.include(
      'simulated crash',
    );
    expect(await gone(phone.pid)).to.equal(true);
  });

  it('an adapter that cannot start, or dies before hello, gives one line and no device', async () => {
    const missing = await failure(createCommandDevice(options(['/nonexistent/adapter'])));
    expect(missing).to.match(
      /^phone: hello: cannot start adapter "\/nonexistent\/adapter": .*ENOENT/,
    );
    const nowhere = await failure(createCommandDevice(options(REFERENCE, { cwd: '/nonexistent' })));
    expect(nowhere).to.equal(
      "phone: hello: the adapter's working directory /nonexistent does not exist",
    );
    const dies = await failure(
      createCommandDevice(options([process.execPath, '-e', 'process.exit(2)'])),
    );
    expect(dies).to.equal('phone: hello: the adapter exited with code 2');
    const wrong = await failure(
      createCommandDevice(options(inline('').map((a) => a.replace("name: 'inline', ", '')))),
    );
    expect(wrong).to.match(/^phone: hello: hello result: expected \{name, version, supports/);
  });

  it('a hanging adapter times out: one line, and its process group is killed', async () => {
    const phone = await start(inline(`/* never answers */`), { timeoutMs: 400 });
    const started = Date.now();
    const hung = await failure(phone.sync());
    expect(hung).to.equal('phone: sync: no answer to sync within 400 ms (adapter killed)');
    expect(Date.now() - started).to.be.lessThan(2000);
    expect(await gone(phone.pid)).to.equal(true);
    expect(await failure(phone.sync())).to.equal(
      'phone: sync: not running any more (no answer to sync within 400 ms (adapter killed))',
    );
    const silent = await failure(
      createCommandDevice(
        options([process.execPath, '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 }),
      ),
    );
    expect(silent).to.equal('phone: hello: no answer to hello within 300 ms (adapter killed)');
  });

  it('close() leaves no process: the example adapter exits, a stubborn one and its children are killed', async () => {
    const phone = await start(REFERENCE);
    await phone.sync();
    await phone.close();
    expect(alive(phone.pid)).to.equal(false);
    expect(await failure(phone.sync())).to.equal('phone: sync: the device is closed');

    const stubborn = await start(
      inline(`
        if (req.method === 'close') {
          const child = require('child_process').spawn('sleep', ['60'], { stdio: 'ignore' });
          process.stderr.write('grandchild ' + child.pid + '\\n');
          process.stdin.removeAllListeners('end');
          setInterval(() => {}, 1000);
          send({ id: req.id, result: null });
        }`),
      { timeoutMs: 500 },
    );
    await stubborn.close();
    const stderr = stubborn.evidence().find((e) => e.label === 'phone adapter stderr')?.text ?? '';
    const grandchild = Number(/grandchild (\d+)/.exec(stderr)?.[1]);
    expect(grandchild).to.be.greaterThan(0);
    expect(await gone(stubborn.pid, 500)).to.equal(true);
    expect(await gone(grandchild, 500)).to.equal(true);
  });
});
