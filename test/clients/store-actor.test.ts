/** The IMAP store actor against Dovecot: read-only view, lookups, errors. */
import { expect } from 'chai';
import type { StoreActor } from '../../src/engine/ports.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE, flagsOf, keysOf, object, useDovecot } from './helpers.ts';

describe('clients: IMAP store actor (Dovecot)', function () {
  this.timeout(20_000);
  const dovecot = useDovecot();
  let actor: StoreActor;

  beforeEach(async () => {
    actor = await createImapStoreActor({ endpoint: dovecot.endpoint(), ...ALICE });
  });
  afterEach(async () => {
    await actor?.close();
  });

  it('delivers, flags and deletes by IMDN-Message-ID (exact match, not substring)', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('a-1'));
    await actor.deliver('Conv1', object('a-10'));
    await actor.setFlags('Conv1', 'a-1', ['\\Seen', '$Forwarded'], []);
    await actor.setFlags('Conv1', 'a-1', [], ['$Forwarded']);
    let view = await actor.view();
    expect(flagsOf(view, 'Conv1', 'a-1')).to.deep.equal(['\\Seen']);
    expect(flagsOf(view, 'Conv1', 'a-10')).to.deep.equal([]);
    await actor.delete('Conv1', 'a-1');
    view = await actor.view();
    expect(keysOf(view, 'Conv1')).to.deep.equal(['a-10']);
  });

  it('view() is read-only: EXAMINE, never SELECT', async () => {
    await actor.deliver('INBOX', object('r-1'));
    await actor.view();
    await actor.view();
    const text = actor.evidence()[0]!.text;
    expect(text).to.match(/ C: \S+ EXAMINE INBOX/);
    const view = text.slice(text.lastIndexOf(' LIST "" "*"'));
    expect(view).to.not.match(/ C: \S+ SELECT /);
    expect(view).to.match(
      /UID FETCH 1:\* \(UID FLAGS MODSEQ BODY\.PEEK\[HEADER\.FIELDS \(IMDN-Message-ID Message-ID\)\]\)/,
    );
  });

  it('keeps the flags of a delivery made after an EXAMINE (imapflow would drop them)', async () => {
    await actor.createFolder('Conv1');
    await actor.view();
    await actor.deliver('Conv1', object('f-1', { flags: ['\\Seen', '$Forwarded'] }));
    expect(flagsOf(await actor.view(), 'Conv1', 'f-1')).to.deep.equal(['$Forwarded', '\\Seen']);
  });

  it('delivers into a missing folder by creating it', async () => {
    await actor.deliver('New', object('n-1'));
    expect(keysOf(await actor.view(), 'New')).to.deep.equal(['n-1']);
  });

  it('content(), uidValidity(), capabilities(), contentIdentities() without OBJECTID', async () => {
    await actor.deliver('INBOX', object('c-1'));
    expect(await actor.content('INBOX', 'c-1')).to.deep.equal(object('c-1').raw);
    expect(await actor.content('INBOX', 'nope')).to.equal(undefined);
    expect(await actor.uidValidity('INBOX')).to.be.a('number');
    const caps = await actor.capabilities();
    expect(caps.has('IMAP4REV1')).to.equal(true);
    expect(caps.has('OBJECTID')).to.equal(false);
    expect(await actor.contentIdentities('INBOX', 'c-1')).to.equal(undefined);
  });

  it('rejects with one readable line', async () => {
    let message = '';
    await actor.delete('INBOX', 'missing').catch((e: Error) => (message = e.message));
    expect(message).to.equal('store actor: delete missing in INBOX: INBOX holds no missing');
    await actor.deleteFolder('Nope').catch((e: Error) => (message = e.message));
    expect(message).to.match(
      /^store actor: delete folder Nope: DELETE Nope: NO \[NONEXISTENT\] Mailbox doesn't exist: Nope$/,
    );
    await actor.uidValidity('Nope').catch((e: Error) => (message = e.message));
    expect(message).to.match(/^store actor: UIDVALIDITY of Nope: STATUS Nope \(.*\): NO /);
  });

  it('getMetadata/setMetadata and NOTIFY through the raw escape hatch', async () => {
    const { connect } = await import('../../src/bindings/imap/client/index.ts');
    const client = await connect(dovecot.endpoint(), ALICE.user, ALICE.password);
    try {
      await client.setMetadata('INBOX', { '/private/comment': 'hello' });
      const got = await client.getMetadata('INBOX', ['/private/comment']);
      expect(got.get('/private/comment')).to.equal('hello');
      await client.notifySet([['selected', ['MessageNew', 'MessageExpunge', 'FlagChange']]]);
      expect(client.transcript.text()).to.match(
        / C: \S+ NOTIFY SET \(selected \(MessageNew MessageExpunge FlagChange\)\)/,
      );
    } finally {
      await client.logout();
    }
  });
});
