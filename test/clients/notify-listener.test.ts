/**
 * FolderListener with NOTIFY (RFC 5465) and with IDLE, against the reference store, its
 * mutants, and Dovecot.
 */
import { expect } from 'chai';
import { connect, type ImapClient } from '../../src/bindings/imap/client/index.ts';
import { FolderListener, type ListenMechanism } from '../../simulators/clients/listener.ts';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import type { ImapServerOptions } from '../../simulators/server/imap-server.ts';
import { ALICE, message, startSeeded } from '../server/helpers.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE as DOVECOT_ALICE, object, useDovecot } from './helpers.ts';

const SETTLE_MS = 2000;
const QUIET_MS = 300;

describe('clients: listening with NOTIFY or IDLE (reference store)', function () {
  this.timeout(20_000);
  let server: RunningImapServer | undefined;
  let listener: FolderListener | undefined;

  async function listen(
    mechanism: ListenMechanism,
    options: Partial<ImapServerOptions> = {},
  ): Promise<FolderListener> {
    server = await startSeeded(options);
    const client: ImapClient = await connect(
      { host: server.host, port: server.port },
      ALICE.name,
      ALICE.password,
      { commandTimeoutMs: 5000 },
    );
    listener = await FolderListener.start(client, 'INBOX', mechanism);
    return listener;
  }

  const inbox = () => server!.stores.get(ALICE.name)!;

  afterEach(async () => {
    await listener?.close();
    await server?.stop();
    listener = undefined;
    server = undefined;
  });

  it('NOTIFY then IDLE: a delivery, a flag change and an expunge each arrive', async () => {
    const heard = await listen('notify');
    expect(heard.mechanism).to.equal('notify');
    inbox().append('INBOX', message('n-new'));
    expect(await heard.wait(SETTLE_MS)).to.equal(true);
    inbox().setFlags('INBOX', [2], 'add', ['\\Flagged']);
    expect(await heard.wait(SETTLE_MS)).to.equal(true);
    inbox().setFlags('INBOX', [3], 'add', ['\\Deleted']);
    expect(await heard.wait(SETTLE_MS)).to.equal(true);
    inbox().expunge('INBOX', [3]);
    expect(await heard.wait(SETTLE_MS)).to.equal(true);
    const text = heard.client.transcript.evidence().text;
    expect(text).to.match(
      / C: \S+ EXAMINE INBOX\n[^]* C: \S+ NOTIFY SET \(selected \(MessageNew MessageExpunge FlagChange\)\)\n[^]* C: \S+ IDLE\n/,
    );
  });

  it('NOTIFY without IDLE: events arrive with no command running', async () => {
    const heard = await listen('notify', { disabledCapabilities: ['IDLE'] });
    inbox().append('INBOX', message('n-no-idle'));
    expect(await heard.wait(SETTLE_MS)).to.equal(true);
    const text = heard.client.transcript.evidence().text;
    expect(text).to.match(/ C: \S+ NOTIFY SET /);
    expect(text).not.to.match(/ C: \S+ (IDLE|NOOP)\n/);
  });

  it('NOTIFY: nothing heard when nothing changes', async () => {
    const heard = await listen('notify');
    expect(await heard.wait(QUIET_MS)).to.equal(false);
  });

  it('notify-silent: NOTIFY hears nothing while IDLE still hears the change', async () => {
    const silent = await listen('notify', { mutant: 'notify-silent' });
    inbox().append('INBOX', message('n-silent'));
    expect(await silent.wait(QUIET_MS)).to.equal(false);
    await silent.close();
    await server!.stop();
    const idle = await listen('idle', { mutant: 'notify-silent' });
    inbox().append('INBOX', message('n-idle'));
    expect(await idle.wait(SETTLE_MS)).to.equal(true);
  });

  it('falls back to IDLE, and says so, where NOTIFY is not advertised', async () => {
    const heard = await listen('notify', { disabledCapabilities: ['NOTIFY'] });
    expect(heard.mechanism).to.equal('idle');
    inbox().append('INBOX', message('n-fallback'));
    expect(await heard.wait(SETTLE_MS)).to.equal(true);
    const text = heard.client.transcript.evidence().text;
    expect(text).to.include('NOTIFY not advertised: listening with IDLE');
    expect(text).to.match(/ C: \S+ IDLE\n/);
  });
});

describe('clients: listening with NOTIFY (Dovecot)', function () {
  this.timeout(20_000);
  const dovecot = useDovecot();

  it('hears a delivery, a flag change and an expunge made on another connection', async () => {
    const endpoint = dovecot.endpoint();
    const actor = await createImapStoreActor({ endpoint, ...DOVECOT_ALICE });
    const client = await connect(endpoint, DOVECOT_ALICE.user, DOVECOT_ALICE.password);
    let heard: FolderListener | undefined;
    try {
      await actor.createFolder('Conv1');
      await actor.deliver('Conv1', object('s-1'));
      heard = await FolderListener.start(client, 'Conv1', 'notify');
      expect(heard.mechanism).to.equal('notify');
      await actor.deliver('Conv1', object('s-2'));
      expect(await heard.wait(SETTLE_MS)).to.equal(true);
      await actor.setFlags('Conv1', 's-1', ['\\Flagged'], []);
      expect(await heard.wait(SETTLE_MS)).to.equal(true);
      await actor.delete('Conv1', 's-2');
      expect(await heard.wait(SETTLE_MS)).to.equal(true);
      expect(heard.client.transcript.evidence().text).to.match(/ C: \S+ NOTIFY SET /);
    } finally {
      await heard?.close();
      await actor.close();
    }
  });
});
