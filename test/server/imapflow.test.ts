import { expect } from 'chai';
import type { ImapFlow } from 'imapflow';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { imapflow, last, message, RawClient, startSeeded } from './helpers.ts';

interface ExpungeEvent {
  uid?: number;
  vanished?: boolean;
  earlier?: boolean;
}
interface FlagsEvent {
  uid?: number;
  flags: Set<string>;
  modseq?: bigint;
}

/** Resolve when `check` holds for the collected events, or fail after `ms`. */
async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('server: imapflow against the reference store', () => {
  let server: RunningImapServer;
  const clients: ImapFlow[] = [];
  const open = async () => {
    const client = await imapflow(server);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startSeeded();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.stop();
  });

  it('lists folders with LIST-STATUS', async () => {
    const client = await open();
    const folders = await client.list({
      statusQuery: { messages: true, uidNext: true, highestModseq: true },
    });
    const inbox = folders.find((f) => f.path === 'INBOX');
    expect(folders.map((f) => f.path).sort()).to.deep.equal(['Default/conv-1', 'INBOX']);
    expect(inbox?.status).to.include({ messages: 3, uidNext: 4 });
  });

  it('fetches metadata first without setting \\Seen, then content', async () => {
    const client = await open();
    await client.mailboxOpen('INBOX');
    const metadata = [];
    for await (const m of client.fetch(
      '1:*',
      { uid: true, flags: true, size: true, headers: true, envelope: true },
      { uid: true },
    )) {
      metadata.push(m);
    }
    expect(metadata.map((m) => m.envelope?.subject)).to.deep.equal(['m1', 'm2', 'm3']);
    expect(metadata[1]?.flags?.has('\\Seen')).to.equal(false);
    const peeked = await client.fetchOne('2', { source: true }, { uid: true });
    expect(peeked && peeked.source?.toString()).to.include('body of m2');
    expect(server.stores.get('alice')!.object('INBOX', 2).flags.has('\\Seen')).to.equal(false);
  });

  it('sets \\Seen on BODY[] and reports the new flags', async () => {
    const raw = await RawClient.connect(server);
    await raw.login();
    await raw.command('s', 'SELECT INBOX');
    const lines = await raw.command('f', 'UID FETCH 2 (BODY[TEXT])');
    raw.close();
    expect(lines.join('\n')).to.match(/FLAGS \((\\Recent )?\\Seen\)/);
    expect(server.stores.get('alice')!.object('INBOX', 2).flags.has('\\Seen')).to.equal(true);
  });

  it('appends with APPENDUID, stores flags, searches, copies as a link and moves', async () => {
    const client = await open();
    await client.mailboxOpen('INBOX');
    const appended = await client.append('INBOX', message('m4'), ['\\Flagged']);
    expect(appended && appended.uid).to.equal(4);
    await client.messageFlagsAdd('1:2', ['\\Answered'], { uid: true });
    expect(await client.search({ answered: true }, { uid: true })).to.deep.equal([1, 2]);
    expect(await client.search({ since: new Date('2024-02-01') }, { uid: true })).to.deep.equal([
      2, 3, 4,
    ]);
    const copied = await client.messageCopy('1', 'Default/conv-1', { uid: true });
    expect(copied && copied.uidMap?.get(1)).to.equal(2);
    const source = await client.fetchOne('1', { emailId: true } as never, { uid: true });
    await client.mailboxOpen('Default/conv-1');
    const copy = await client.fetchOne('2', { emailId: true } as never, { uid: true });
    const sourceId = (source as { emailId?: string }).emailId;
    expect(sourceId).to.match(/^M/);
    expect(copy && (copy as { emailId?: string }).emailId).to.equal(sourceId);
    expect(server.stores.get('alice')!.contentCount).to.equal(5);
    const moved = await client.messageMove('1', 'INBOX', { uid: true });
    expect(moved && moved.uidMap?.get(1)).to.equal(5);
    expect(
      server.stores
        .get('alice')!
        .objects('Default/conv-1')
        .map((o) => o.uid),
    ).to.deep.equal([2]);
  });

  it('resynchronises with QRESYNC: VANISHED (EARLIER) and changed flags', async () => {
    const client = await open();
    const first = await client.mailboxOpen('INBOX');
    const since = first.highestModseq;
    const store = server.stores.get('alice')!;
    store.setFlags('INBOX', [2], 'add', ['\\Deleted']);
    store.expunge('INBOX');
    store.setFlags('INBOX', [3], 'add', ['\\Flagged']);
    await client.mailboxClose();
    const expunged: ExpungeEvent[] = [];
    const flags: FlagsEvent[] = [];
    client.on('expunge', (e: ExpungeEvent) => expunged.push(e));
    client.on('flags', (e: FlagsEvent) => flags.push(e));
    await client.mailboxOpen('INBOX', {
      changedSince: since,
      uidValidity: first.uidValidity,
    } as never);
    expect(expunged).to.have.length(1);
    expect(expunged[0]).to.include({ uid: 2, vanished: true, earlier: true });
    expect(flags.map((f) => f.uid)).to.deep.equal([3]);
    const changes = [];
    for await (const m of client.fetch(
      '1:*',
      { uid: true, flags: true },
      { uid: true, changedSince: since },
    ))
      changes.push(m.uid);
    expect(changes).to.deep.equal([3]);
  });

  it('pushes EXISTS, FETCH FLAGS and VANISHED to an idling session', async () => {
    const watcher = await open();
    const actor = await open();
    await watcher.mailboxOpen('INBOX');
    const events: string[] = [];
    watcher.on('exists', (e: { count: number }) => events.push(`exists ${e.count}`));
    watcher.on('flags', (e: FlagsEvent) => {
      const flags = [...e.flags].filter((f) => f !== '\\Recent');
      events.push(`flags ${e.uid} ${flags.join(',')}`);
    });
    watcher.on('expunge', (e: ExpungeEvent) => events.push(`expunge ${e.uid}`));
    void watcher.idle();
    await actor.mailboxOpen('INBOX');
    await actor.append('INBOX', message('m4'));
    await eventually(() => events.includes('exists 4'));
    await actor.messageFlagsAdd('2', ['\\Flagged'], { uid: true });
    await eventually(() => events.includes('flags 2 \\Flagged'));
    await actor.messageDelete('1', { uid: true });
    await eventually(() => events.includes('expunge 1'));
  });

  it('sends NOTIFY events without IDLE, for the selected and other mailboxes', async () => {
    const raw = await RawClient.connect(server);
    await raw.login();
    await raw.command('e', 'ENABLE QRESYNC');
    await raw.command('s', 'SELECT INBOX');
    const set = await raw.command(
      'n',
      'NOTIFY SET (selected (MessageNew (UID FLAGS) MessageExpunge FlagChange)) (subtree Default (MessageNew MessageExpunge FlagChange MailboxName))',
    );
    expect(last(set)).to.match(/^n OK/);
    const actor = await open();
    await actor.append('INBOX', message('m4'));
    const fetched = await raw.readUntil((l) => l.includes('FETCH (UID 4'));
    expect(fetched.join('\n')).to.include('* 4 EXISTS');
    await actor.append('Default/conv-1', message('c2'));
    await raw.readUntil((l) => l.startsWith('* STATUS Default/conv-1 (MESSAGES 2 UIDNEXT 3'));
    await actor.mailboxCreate('Default/conv-2');
    await raw.readUntil((l) => l === '* LIST () "/" Default/conv-2');
    await actor.mailboxOpen('INBOX');
    await actor.messageDelete('1', { uid: true });
    await raw.readUntil((l) => l === '* VANISHED 1');
    expect(last(await raw.command('x', 'NOTIFY NONE'))).to.match(/^x OK/);
    raw.close();
  });

  it('refuses a conditional STORE on a changed message with [MODIFIED]', async () => {
    const raw = await RawClient.connect(server);
    await raw.login();
    await raw.command('s', 'SELECT INBOX (CONDSTORE)');
    const modseq = server.stores.get('alice')!.object('INBOX', 1).modseq;
    server.stores.get('alice')!.setFlags('INBOX', [2], 'add', ['$Label']);
    const lines = await raw.command(
      'c',
      `UID STORE 1:2 (UNCHANGEDSINCE ${modseq + 1n}) +FLAGS (\\Flagged)`,
    );
    raw.close();
    expect(
      lines.some((l) =>
        /^\* 1 FETCH \(UID 1 FLAGS \((\\Recent )?\\Seen \\Flagged\) MODSEQ/.test(l),
      ),
    ).to.equal(true);
    expect(last(lines)).to.match(/^c OK \[MODIFIED 2\]/);
  });

  it('answers ESEARCH and MODSEQ searches', async () => {
    const raw = await RawClient.connect(server);
    await raw.login();
    await raw.command('s', 'SELECT INBOX');
    const lines = await raw.command('q', 'UID SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN');
    expect(lines[0]).to.equal('* ESEARCH (TAG "q") UID MIN 2 MAX 3 COUNT 2 ALL 2:3');
    const empty = await raw.command('r', 'UID SEARCH RETURN (COUNT MIN) KEYWORD $none');
    expect(empty[0]).to.equal('* ESEARCH (TAG "r") UID COUNT 0');
    const byModseq = await raw.command('t', 'UID SEARCH MODSEQ 1 HEADER IMDN-Message-ID m3');
    // The first CONDSTORE enabling command also reports HIGHESTMODSEQ (RFC 7162 3.1).
    expect(byModseq.find((l) => l.startsWith('* SEARCH'))).to.match(/^\* SEARCH 3 \(MODSEQ \d+\)$/);
    raw.close();
  });

  it('keeps folder metadata with GETMETADATA / SETMETADATA', async () => {
    const raw = await RawClient.connect(server);
    await raw.login();
    expect(
      last(await raw.command('a', 'SETMETADATA Default/conv-1 (/private/comment "hello")')),
    ).to.match(/^a OK/);
    const lines = await raw.command(
      'b',
      'GETMETADATA Default/conv-1 (/private/comment /shared/comment)',
    );
    expect(lines[0]).to.equal(
      '* METADATA Default/conv-1 ("/private/comment" "hello" "/shared/comment" NIL)',
    );
    expect(
      server.stores.get('alice')!.folder('Default/conv-1').metadata.get('/private/comment'),
    ).to.equal('hello');
    const deep = await raw.command('c', 'GETMETADATA (DEPTH infinity) Default/conv-1 /private');
    expect(deep[0]).to.equal('* METADATA Default/conv-1 ("/private/comment" "hello")');
    raw.close();
  });

  it('renames a folder with its children and keeps its MAILBOXID', async () => {
    const raw = await RawClient.connect(server);
    await raw.login();
    await raw.command('c', 'CREATE Default/conv-1/sub');
    const before = await raw.command('s1', 'STATUS Default/conv-1 (MAILBOXID)');
    expect(last(await raw.command('r', 'RENAME Default/conv-1 Default/conv-9'))).to.match(/^r OK/);
    const after = await raw.command('s2', 'STATUS Default/conv-9 (MAILBOXID)');
    expect(after[0]!.split(' ').pop()).to.equal(before[0]!.split(' ').pop());
    expect(server.stores.get('alice')!.hasFolder('Default/conv-9/sub')).to.equal(true);
    raw.close();
  });
});

describe('server: imapflow with extensions switched off', () => {
  it('still lists, selects, fetches, appends and flags without LITERAL+, CONDSTORE, QRESYNC, LIST-EXTENDED', async () => {
    const server = await startSeeded({
      disabledCapabilities: ['LITERAL+', 'CONDSTORE', 'LIST-EXTENDED', 'ESEARCH'],
    });
    const client = await imapflow(server);
    try {
      const folders = await client.list({ statusQuery: { messages: true } });
      expect(folders.find((f) => f.path === 'INBOX')?.status?.messages).to.equal(3);
      const mailbox = await client.mailboxOpen('INBOX');
      expect(mailbox.highestModseq).to.equal(undefined);
      const appended = await client.append('INBOX', message('m4'));
      expect(appended && appended.uid).to.equal(4);
      await client.messageFlagsAdd('4', ['\\Seen'], { uid: true });
      expect(await client.search({ seen: true }, { uid: true })).to.deep.equal([1, 4]);
      const uids = [];
      for await (const m of client.fetch('1:*', { uid: true, flags: true }, { uid: true }))
        uids.push(m.uid);
      expect(uids).to.deep.equal([1, 2, 3, 4]);
    } finally {
      await client.logout();
      await server.stop();
    }
  });
});
