import { expect } from 'chai';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { ALICE, last, RawClient, startSeeded } from './helpers.ts';

describe('server: raw protocol', () => {
  let server: RunningImapServer;
  let client: RawClient;

  beforeEach(async () => {
    server = await startSeeded();
    client = await RawClient.connect(server);
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });

  it('greets with its capabilities and without COMPRESS', async () => {
    const other = await RawClient.connect(server);
    const lines = await other.command('c', 'CAPABILITY');
    other.close();
    expect(lines[0]).to.match(/^\* CAPABILITY IMAP4rev1 .*AUTH=PLAIN/);
    expect(lines.join(' ')).not.to.include('COMPRESS');
  });

  it('accepts a synchronising literal sent one byte per packet', async () => {
    client.send('a1 LOGIN {5}\r\n');
    await client.readUntil((line) => line.startsWith('+'));
    for (const byte of Buffer.from(`alice {${ALICE.password.length}}\r\n`))
      client.send(Buffer.from([byte]));
    await client.readUntil((line) => line.startsWith('+'));
    for (const byte of Buffer.from(`${ALICE.password}\r\n`)) client.send(Buffer.from([byte]));
    const lines = await client.readUntil((line) => line.startsWith('a1 '));
    expect(last(lines)).to.match(/^a1 OK \[CAPABILITY /);
  });

  it('runs pipelined commands from one packet in order', async () => {
    client.send(
      `a LOGIN alice ${ALICE.password}\r\nb SELECT INBOX\r\nc UID SEARCH ALL\r\nd NOOP\r\n`,
    );
    const lines = await client.readUntil((line) => line.startsWith('d '));
    const tagged = lines.filter((l) => /^[abcd] /.test(l)).map((l) => l.slice(0, 4));
    expect(tagged).to.deep.equal(['a OK', 'b OK', 'c OK', 'd OK']);
    expect(lines).to.include('* SEARCH 1 2 3');
  });

  it('takes LITERAL+ APPEND without a continuation request', async () => {
    await client.login();
    const body = 'Subject: plus\r\n\r\nhi\r\n';
    client.send(`p APPEND INBOX (\\Seen) {${body.length}+}\r\n${body}\r\n`);
    const lines = await client.readUntil((line) => line.startsWith('p '));
    expect(lines.some((l) => l.startsWith('+'))).to.equal(false);
    expect(last(lines)).to.match(/^p OK \[APPENDUID \d+ 4\]/);
  });

  it('answers garbage with BAD and keeps serving', async () => {
    client.send(Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x0d, 0x0a]));
    client.send('x1 FETCH (((\r\n');
    client.send('x2 "unterminated\r\n');
    client.send('x3 NOSUCHCOMMAND\r\n');
    client.send('x4 SELECT INBOX\r\n');
    client.send('x5 NOOP\r\n');
    const lines = await client.readUntil((line) => line.startsWith('x5 '));
    expect(lines[0]).to.match(/^\* BAD/);
    for (const tag of ['x1', 'x2', 'x3', 'x4']) {
      expect(lines.find((l) => l.startsWith(tag + ' '))).to.match(new RegExp(`^${tag} BAD`));
    }
    expect(last(lines)).to.match(/^x5 OK/);
  });

  it('refuses a huge literal without asking for it', async () => {
    await client.login();
    const lines = await client.command('h', 'APPEND INBOX {999999999}');
    expect(lines.some((l) => l.startsWith('+'))).to.equal(false);
    expect(last(lines)).to.match(/^h NO \[TOOBIG\]/);
    expect(last(await client.command('n', 'NOOP'))).to.match(/^n OK/);
  });

  it('logs in with AUTHENTICATE PLAIN with and without an initial response', async () => {
    const token = Buffer.from(`\0alice\0${ALICE.password}`).toString('base64');
    expect(last(await client.command('a', `AUTHENTICATE PLAIN ${token}`))).to.match(/^a OK/);
    const other = await RawClient.connect(server);
    other.send('b AUTHENTICATE PLAIN\r\n');
    await other.readUntil((line) => line.startsWith('+'));
    other.send(`${Buffer.from(`\0alice\0wrong`).toString('base64')}\r\n`);
    expect(last(await other.readUntil((l) => l.startsWith('b ')))).to.match(
      /^b NO \[AUTHENTICATIONFAILED\]/,
    );
    other.close();
  });

  it('enforces states: no mailbox commands before login or selection', async () => {
    expect(last(await client.command('s', 'SELECT INBOX'))).to.match(/^s BAD/);
    await client.login();
    expect(last(await client.command('f', 'FETCH 1 FLAGS'))).to.match(/^f BAD/);
    expect(last(await client.command('l', `LOGIN alice ${ALICE.password}`))).to.match(/^l BAD/);
  });

  it('answers LOGOUT with BYE and closes', async () => {
    const lines = await client.command('z', 'LOGOUT');
    expect(lines[0]).to.match(/^\* BYE/);
    expect(last(lines)).to.match(/^z OK/);
    await client.idleFor(50);
    expect(client.closed).to.equal(true);
  });

  it('reports folder errors with the right response codes', async () => {
    await client.login();
    expect(last(await client.command('a', 'CREATE INBOX'))).to.match(/^a NO \[ALREADYEXISTS\]/);
    expect(last(await client.command('b', 'DELETE Nope'))).to.match(/^b NO \[NONEXISTENT\]/);
    expect(last(await client.command('c', 'SELECT Nope'))).to.match(/^c NO \[NONEXISTENT\]/);
    expect(last(await client.command('d', 'APPEND Nope {1+}\r\nx'))).to.match(
      /^d NO \[TRYCREATE\]/,
    );
    await client.command('e', 'SELECT INBOX');
    expect(last(await client.command('f', 'UID COPY 1 Nope'))).to.match(/^f NO \[TRYCREATE\]/);
  });

  it('shows parents of nested folders as \\Noselect for % and hides them for *', async () => {
    await client.login();
    const percent = await client.command('a', 'LIST "" %');
    expect(percent).to.include('* LIST (\\Noselect \\HasChildren) "/" Default');
    const star = await client.command('b', 'LIST "" *');
    expect(star.filter((l) => l.startsWith('* LIST')).map((l) => l.split(' ').pop())).to.deep.equal(
      ['Default/conv-1', 'INBOX'],
    );
  });
});

describe('server: FETCH, STORE and SEARCH details on the wire', () => {
  let server: RunningImapServer;
  let client: RawClient;

  beforeEach(async () => {
    server = await startSeeded();
    client = await RawClient.connect(server);
    await client.login();
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });

  it('serves partials, header fields, sizes, dates and structure', async () => {
    await client.command('s', 'EXAMINE INBOX');
    const lines = await client.command(
      'f',
      'UID FETCH 2 (RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (Subject imdn-message-id)] BODY.PEEK[]<0.10> BODYSTRUCTURE)',
    );
    const text = lines.join('\r\n');
    expect(text).to.match(
      /^\* 2 FETCH \(UID 2 RFC822.SIZE \d+ INTERNALDATE "01-Feb-2024 10:00:00 \+0000" /,
    );
    expect(text).to.include(
      'BODY[HEADER.FIELDS (SUBJECT IMDN-MESSAGE-ID)] {36}\r\nSubject: m2\r\nIMDN-Message-ID: m2\r\n\r\n',
    );
    expect(text).to.include('BODY[]<0> {10}\r\nFrom: Alic');
    expect(text).to.include('BODYSTRUCTURE ("text" "plain" ("charset" "utf-8") NIL NIL "7bit" ');
    expect(last(await client.command('g', 'UID FETCH 2 (BODY[HEADER.FIELDS ()])'))).to.match(
      /^g BAD/,
    );
    expect(last(await client.command('h', 'UID FETCH 2 (NOSUCHITEM)'))).to.match(/^h BAD/);
  });

  it('refuses STORE in a read-only (EXAMINE) mailbox and leaves \\Seen alone there', async () => {
    await client.command('s', 'EXAMINE INBOX');
    expect(last(await client.command('t', 'UID STORE 2 +FLAGS (\\Flagged)'))).to.match(/^t NO/);
    await client.command('f', 'UID FETCH 2 (BODY[])');
    expect(server.stores.get('alice')!.object('INBOX', 2).flags.size).to.equal(0);
  });

  it('reports the new MODSEQ after a silent conditional STORE (RFC 7162 example 3)', async () => {
    await client.command('s', 'SELECT INBOX');
    const lines = await client.command(
      't',
      'UID STORE 2:3 (UNCHANGEDSINCE 99) +FLAGS.SILENT (\\Deleted)',
    );
    // Ahead of them, the first CONDSTORE enabling command's HIGHESTMODSEQ (RFC 7162 3.1).
    const fetches = lines.filter((l) => l.includes(' FETCH '));
    expect(fetches.map((l) => l.replace(/\d+\)\)$/, 'n))'))).to.deep.equal([
      '* 2 FETCH (UID 2 MODSEQ (n))',
      '* 3 FETCH (UID 3 MODSEQ (n))',
    ]);
    expect(last(lines)).to.equal('t OK UID STORE completed');
  });

  it('evaluates NOT, OR, HEADER, LARGER and message-number sets', async () => {
    await client.command('s', 'SELECT INBOX');
    expect((await client.command('a', 'SEARCH NOT SEEN'))[0]).to.equal('* SEARCH 2 3');
    expect(
      (await client.command('b', 'UID SEARCH OR HEADER IMDN-Message-ID m1 SUBJECT m3'))[0],
    ).to.equal('* SEARCH 1 3');
    expect((await client.command('c', 'SEARCH 2:* LARGER 10'))[0]).to.equal('* SEARCH 2 3');
    expect(
      (
        await client.command('d', 'UID SEARCH CHARSET UTF-8 (BEFORE 1-Mar-2024 SINCE 1-Feb-2024)')
      )[0],
    ).to.equal('* SEARCH 2');
    expect(last(await client.command('e', 'SEARCH CHARSET KOI8-R ALL'))).to.match(
      /^e NO \[BADCHARSET/,
    );
    expect(last(await client.command('f', 'SEARCH FROBNICATE'))).to.match(/^f BAD/);
  });

  it('holds EXPUNGE back during FETCH by number and sends it at NOOP', async () => {
    await client.command('s', 'SELECT INBOX');
    const store = server.stores.get('alice')!;
    store.setFlags('INBOX', [1], 'add', ['\\Deleted']);
    store.expunge('INBOX');
    const fetch = await client.command('f', 'FETCH 1:* (UID)');
    expect(fetch.some((l) => l.includes('EXPUNGE'))).to.equal(false);
    expect(await client.command('n', 'NOOP')).to.include('* 1 EXPUNGE');
    expect((await client.command('g', 'FETCH 1 (UID)'))[0]).to.equal('* 1 FETCH (UID 2)');
  });

  it('answers CREATE with the new MAILBOXID', async () => {
    expect(last(await client.command('c', 'CREATE Default/conv-2'))).to.match(
      /^c OK \[MAILBOXID \(F\d+\)\]/,
    );
  });
});
