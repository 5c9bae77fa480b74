/**
 * IMAP4rev1 and extension details on the wire (issue 11, section 2), each written from the
 * RFC section it cites and checked by hand against Dovecot. Raw sockets, one server per item.
 */
import { expect } from 'chai';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import type { MessageStore } from '../../src/model/store.ts';
import { last, message, RawClient, startSeeded } from './helpers.ts';

function rawMessage(headers: string[], body = 'body'): Buffer {
  return Buffer.from([...headers, '', body, ''].join('\r\n'));
}

/** A fresh server (the fixture of helpers.ts) and a way to open logged-in raw sessions. */
function withServer(): { store: () => MessageStore; open: () => Promise<RawClient> } {
  let server: RunningImapServer;
  const clients: RawClient[] = [];
  beforeEach(async () => {
    server = await startSeeded();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.stop();
  });
  return {
    store: () => server.stores.get('alice')!,
    async open() {
      const client = await RawClient.connect(server);
      clients.push(client);
      await client.login();
      return client;
    },
  };
}

const numbersOf = (line: string | undefined) => (line ?? '').split(' ').slice(2).map(Number);

describe('RFC 3501 2.3.2, 6.3.1-2, 7.3.2: \\Recent belongs to the first session told', () => {
  const ctx = withServer();

  it('SELECT takes the recent messages; EXAMINE shows them without taking them', async () => {
    const inbox = ctx.store().folder('INBOX').objects.size;
    const examiner = await ctx.open();
    expect(await examiner.command('e', 'EXAMINE INBOX')).to.include(`* ${inbox} RECENT`);
    const first = await ctx.open();
    expect(await first.command('s', 'SELECT INBOX')).to.include(`* ${inbox} RECENT`);
    const flags = await first.command('f', 'FETCH 1:* (FLAGS)');
    expect(flags.filter((l) => l.includes('FLAGS (\\Recent'))).to.have.length(inbox);
    expect(numbersOf((await first.command('r', 'SEARCH RECENT'))[0])).to.have.length(inbox);
    expect((await first.command('o', 'SEARCH OLD'))[0]).to.equal('* SEARCH');
    const unseen = [...ctx.store().folder('INBOX').objects.values()].filter(
      (o) => !o.flags.has('\\Seen'),
    ).length;
    expect(numbersOf((await first.command('n', 'SEARCH NEW'))[0])).to.have.length(unseen);
    const second = await ctx.open();
    expect(await second.command('s', 'SELECT INBOX')).to.include('* 0 RECENT');
    const again = await second.command('f', 'FETCH 1:* (FLAGS)');
    expect(again.some((l) => l.includes('\\Recent'))).to.equal(false);
  });

  it('a new message is recent only for the session that is told of it first', async () => {
    const a = await ctx.open();
    const b = await ctx.open();
    await a.command('s', 'SELECT INBOX');
    await b.command('s', 'SELECT INBOX');
    const before = ctx.store().folder('INBOX').objects.size;
    const recentBefore = numbersOf((await a.command('r', 'SEARCH RECENT'))[0]).length;
    ctx.store().append('INBOX', message('m-new'));
    const told = await a.command('n', 'NOOP');
    expect(told).to.include(`* ${before + 1} EXISTS`);
    expect(told).to.include(`* ${recentBefore + 1} RECENT`);
    const later = await b.command('n', 'NOOP');
    expect(later).to.include(`* ${before + 1} EXISTS`);
    expect(later.some((l) => l.endsWith('RECENT'))).to.equal(false);
    expect((await b.command('f', `FETCH ${before + 1} (FLAGS)`))[0]).not.to.include('\\Recent');
    expect((await a.command('f', `FETCH ${before + 1} (FLAGS)`))[0]).to.include('\\Recent');
    // Expunging a recent message lowers the count: a new RECENT (7.3.2).
    await a.command('t', `STORE ${before + 1} +FLAGS.SILENT (\\Deleted)`);
    const expunged = await a.command('x', 'EXPUNGE');
    expect(expunged).to.include(`* ${before + 1} EXPUNGE`);
    expect(expunged).to.include(`* ${recentBefore} RECENT`);
  });

  it('STATUS RECENT counts the messages no session has been told of (6.3.10)', async () => {
    const client = await ctx.open();
    const size = ctx.store().folder('Default/conv-1').objects.size;
    const status = await client.command('t', 'STATUS Default/conv-1 (RECENT MESSAGES)');
    expect(status[0]).to.equal(`* STATUS Default/conv-1 (RECENT ${size} MESSAGES ${size})`);
    await client.command('s', 'SELECT Default/conv-1');
    await client.command('u', 'UNSELECT');
    const other = await ctx.open();
    expect((await other.command('t', 'STATUS Default/conv-1 (RECENT)'))[0]).to.include('RECENT 0');
  });
});

describe('RFC 3501 6.4.4: SENTBEFORE/SENTON/SENTSINCE use the Date as written', () => {
  const ctx = withServer();

  it('compares the written day, disregarding the time and the zone', async () => {
    // 23:30 at -0800 on 1 January is 2 January in UTC; 00:30 at +1400 on 3 March is 2 March.
    ctx.store().createFolder('dates');
    ctx.store().append('dates', rawMessage(['Date: Mon, 01 Jan 2024 23:30:00 -0800']));
    ctx.store().append('dates', rawMessage(['Date: Sun, 3 Mar 2024 00:30:00 +1400 (LINT)']));
    const client = await ctx.open();
    await client.command('s', 'SELECT dates');
    const search = async (criteria: string) => (await client.command('q', `SEARCH ${criteria}`))[0];
    expect(await search('SENTON 1-Jan-2024')).to.equal('* SEARCH 1');
    expect(await search('SENTON 2-Jan-2024')).to.equal('* SEARCH');
    expect(await search('SENTBEFORE 2-Jan-2024')).to.equal('* SEARCH 1');
    expect(await search('SENTSINCE 2-Jan-2024')).to.equal('* SEARCH 2');
    expect(await search('SENTON 3-Mar-2024')).to.equal('* SEARCH 2');
    expect(await search('SENTBEFORE 3-Mar-2024')).to.equal('* SEARCH 1');
  });
});

describe('RFC 7162 3.1: the first CONDSTORE enabling command reports HIGHESTMODSEQ', () => {
  const ctx = withServer();

  it('FETCH MODSEQ in a selected mailbox: untagged OK [HIGHESTMODSEQ] before the data, once', async () => {
    const client = await ctx.open();
    await client.command('s', 'SELECT INBOX');
    const highest = ctx.store().folder('INBOX').highestModseq;
    const lines = await client.command('f', 'FETCH 1 (MODSEQ)');
    expect(lines[0]).to.match(new RegExp(`^\\* OK \\[HIGHESTMODSEQ ${highest}\\]`));
    expect(lines[1]).to.match(/^\* 1 FETCH \(MODSEQ \(\d+\)\)$/);
    expect(last(lines)).to.match(/^f OK/);
    const again = await client.command('g', 'FETCH 1 (MODSEQ)');
    expect(again.some((l) => l.includes('HIGHESTMODSEQ'))).to.equal(false);
  });

  it('SEARCH MODSEQ and STORE UNCHANGEDSINCE are enabling commands too', async () => {
    const searcher = await ctx.open();
    await searcher.command('s', 'SELECT INBOX');
    expect((await searcher.command('q', 'SEARCH MODSEQ 1'))[0]).to.match(/^\* OK \[HIGHESTMODSEQ/);
    const storer = await ctx.open();
    await storer.command('s', 'SELECT INBOX');
    const stored = await storer.command('t', 'STORE 2 (UNCHANGEDSINCE 999) +FLAGS (\\Flagged)');
    expect(stored[0]).to.match(/^\* OK \[HIGHESTMODSEQ/);
    // From now on every untagged FETCH carries UID and MODSEQ.
    expect(stored[1]).to.match(/^\* 2 FETCH \(UID 2 FLAGS \(.*\\Flagged\) MODSEQ \(\d+\)\)$/);
  });

  it('with QRESYNC, the tagged OK of EXPUNGE carries the new HIGHESTMODSEQ', async () => {
    const client = await ctx.open();
    await client.command('e', 'ENABLE QRESYNC');
    await client.command('s', 'SELECT INBOX');
    await client.command('t', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
    const lines = await client.command('x', 'EXPUNGE');
    expect(lines[0]).to.match(/^\* VANISHED \d+$/);
    const highest = ctx.store().folder('INBOX').highestModseq;
    expect(last(lines)).to.match(new RegExp(`^x OK \\[HIGHESTMODSEQ ${highest}\\]`));
  });
});

describe('RFC 4731 3.2 / RFC 7162 3.1.5: ESEARCH MODSEQ is that of the returned messages', () => {
  const ctx = withServer();

  it('MIN, MAX, MIN MAX and ALL each carry the highest MODSEQ of what they return', async () => {
    const client = await ctx.open();
    await client.command('s', 'SELECT INBOX (CONDSTORE)');
    const modseq: Record<number, number> = {};
    for (const n of [1, 3, 2]) {
      const line = (await client.command('t', `STORE ${n} +FLAGS (\\Flagged)`))[0]!;
      modseq[n] = Number(/MODSEQ \((\d+)\)/.exec(line)?.[1]);
    }
    const esearch = async (options: string) =>
      (await client.command('q', `SEARCH RETURN (${options}) 1:3 MODSEQ 1`))[0]!;
    expect(await esearch('MIN')).to.match(new RegExp(` MIN 1 MODSEQ ${modseq[1]}$`));
    expect(await esearch('MAX')).to.match(new RegExp(` MAX 3 MODSEQ ${modseq[3]}$`));
    expect(await esearch('MIN MAX')).to.match(
      new RegExp(` MIN 1 MAX 3 MODSEQ ${Math.max(modseq[1]!, modseq[3]!)}$`),
    );
    expect(await esearch('ALL')).to.match(new RegExp(` ALL 1:3 MODSEQ ${modseq[2]}$`));
    const none = (await client.command('r', `SEARCH RETURN (MIN) MODSEQ ${modseq[2]! + 1}`))[0];
    expect(none).to.equal('* ESEARCH (TAG "r")');
  });
});

describe('RFC 5258 3.1/4: RECURSIVEMATCH returns parents with CHILDINFO ("SUBSCRIBED")', () => {
  const ctx = withServer();

  it('lists a parent for its subscribed child that the pattern does not reach', async () => {
    const client = await ctx.open();
    for (const name of ['Top', 'Top/Sub', 'Foo/Bar']) await client.command('c', `CREATE ${name}`);
    for (const name of ['Top', 'Top/Sub', 'Foo/Bar'])
      await client.command('u', `SUBSCRIBE ${name}`);
    const percent = await client.command('l', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" %');
    const childInfo = '("CHILDINFO" ("SUBSCRIBED"))';
    expect(percent.find((l) => l.endsWith(`"/" Top ${childInfo}`))).to.include('\\Subscribed');
    expect(percent.find((l) => l.endsWith(`"/" Foo ${childInfo}`))).to.include('\\NonExistent');
    expect(percent.some((l) => l.endsWith('Foo/Bar') || l.endsWith('Top/Sub'))).to.equal(false);
    const star = await client.command('m', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" *');
    expect(star.some((l) => /"\/" Foo( |$)/.test(l))).to.equal(false);
    expect(star.find((l) => l.endsWith('"/" Foo/Bar'))).to.include('\\Subscribed');
    const plain = await client.command('n', 'LIST (SUBSCRIBED) "" %');
    expect(plain.some((l) => l.includes('CHILDINFO') || l.endsWith(' Foo'))).to.equal(false);
    expect(last(await client.command('b', 'LIST (RECURSIVEMATCH) "" %'))).to.match(/^b BAD/);
  });
});

describe('RFC 3501 6.3.9: LSUB with % shows the \\Noselect parent of a subscribed child', () => {
  const ctx = withServer();

  it('returns the parent, not the child, flagged \\Noselect', async () => {
    const client = await ctx.open();
    await client.command('c', 'CREATE Foo/Bar');
    await client.command('u', 'SUBSCRIBE Foo/Bar');
    const percent = await client.command('l', 'LSUB "" %');
    expect(percent).to.include('* LSUB (\\Noselect) "/" Foo');
    expect(percent.some((l) => l.endsWith('Foo/Bar'))).to.equal(false);
    const star = await client.command('m', 'LSUB "" *');
    expect(star).to.include('* LSUB () "/" Foo/Bar');
    expect(star.some((l) => l.endsWith(' Foo'))).to.equal(false);
  });
});

describe('RFC 3501 9 (ATOM-CHAR): "[" is an ordinary atom character outside FETCH sections', () => {
  const ctx = withServer();

  it('creates, selects and lists foo[} and still parses BODY.PEEK[HEADER.FIELDS (...)]', async () => {
    const client = await ctx.open();
    expect(last(await client.command('c', 'CREATE foo[}'))).to.match(/^c OK/);
    expect(last(await client.command('s', 'SELECT foo[}'))).to.match(/^s OK \[READ-WRITE\]/);
    const listed = await client.command('l', 'LIST "" foo*');
    expect(listed.filter((l) => l.startsWith('* LIST'))).to.have.length(1);
    expect(listed[0]).to.match(/ "\/" (foo\[\}|"foo\[\}")$/);
    // Two atoms, as the grammar reads them: an extra argument.
    expect(last(await client.command('d', 'CREATE foo[bar baz]'))).to.match(/^d BAD/);
    await client.command('i', 'SELECT INBOX');
    const fetch = await client.command('f', 'FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject)])');
    expect(fetch[0]).to.match(/^\* 1 FETCH \(BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}$/);
  });
});

describe('RFC 5322 3.4/3.2.2: a comment names the address; SEARCH sees through comments', () => {
  const ctx = withServer();

  it('ENVELOPE takes the personal name from user@domain (Real Name); FROM finds both parts', async () => {
    ctx.store().createFolder('names');
    ctx.store().append('names', rawMessage(['From: user@domain (Real Name)', 'Subject: one']));
    ctx
      .store()
      .append('names', rawMessage(['From: <user-from (c)@ (c) domain.org>', 'Subject: two']));
    const client = await ctx.open();
    await client.command('s', 'SELECT names');
    const envelope = (await client.command('f', 'FETCH 1 (ENVELOPE)'))[0];
    expect(envelope).to.include(
      '(("Real Name" NIL "user" "domain")) (("Real Name" NIL "user" "domain"))',
    );
    expect((await client.command('a', 'SEARCH FROM "Real Name"'))[0]).to.equal('* SEARCH 1');
    expect((await client.command('b', 'SEARCH FROM user@domain'))[0]).to.equal('* SEARCH 1');
    expect((await client.command('c', 'SEARCH FROM user-from@domain.org'))[0]).to.equal(
      '* SEARCH 2',
    );
    // Matched in the envelope structure (6.4.4), not in the header text with its comment.
    expect((await client.command('d', 'SEARCH FROM "domain (Real"'))[0]).to.equal('* SEARCH');
    const second = (await client.command('g', 'FETCH 2 (ENVELOPE)'))[0];
    expect(second).to.include('((NIL NIL "user-from" "domain.org"))');
  });
});

describe('RFC 3501 7.2.6: a new keyword sends FLAGS and PERMANENTFLAGS to every session', () => {
  const ctx = withServer();

  it('to the session that stores it, before its FETCH, and to the others at their next command', async () => {
    const a = await ctx.open();
    const b = await ctx.open();
    await a.command('s', 'SELECT INBOX');
    await b.command('s', 'SELECT INBOX');
    const stored = await a.command('t', 'STORE 1 +FLAGS (newkw)');
    expect(stored[0]).to.match(/^\* FLAGS \(.*\bnewkw\)$/);
    expect(stored[1]).to.match(/^\* OK \[PERMANENTFLAGS \(.*\bnewkw \\\*\)\]/);
    expect(stored[2]).to.match(/^\* 1 FETCH \(FLAGS \(.*newkw\)\)$/);
    const told = await b.command('n', 'NOOP');
    expect(told[0]).to.match(/^\* FLAGS \(.*\bnewkw\)$/);
    expect(told[1]).to.match(/^\* OK \[PERMANENTFLAGS \(.*\bnewkw \\\*\)\]/);
    expect(told[2]).to.match(/^\* 1 FETCH \(UID 1 FLAGS \(.*newkw\)\)$/);
    // A known keyword again: no new FLAGS. An APPEND with a new one: FLAGS before EXISTS.
    expect(
      (await a.command('u', 'STORE 2 +FLAGS (newkw)')).some((l) => l.startsWith('* FLAGS')),
    ).to.equal(false);
    ctx.store().append('INBOX', message('kw'), { flags: ['otherkw'] });
    const appended = await b.command('o', 'NOOP');
    expect(appended[0]).to.match(/^\* FLAGS \(.*\bnewkw otherkw\)$/);
    expect(appended.findIndex((l) => l.endsWith('EXISTS'))).to.be.greaterThan(1);
  });
});

describe('RFC 3501 5.1/5.1.3: invalid mailbox names are refused', () => {
  const ctx = withServer();

  it('refuses NUL (BAD), control characters, broken modified UTF-7 and long names (NO)', async () => {
    const client = await ctx.open();
    const refused: Array<[string, RegExp]> = [
      ['CREATE {3+}\r\na\0b', /BAD/],
      ['CREATE "tab\tname"', /NO \[CANNOT\]/],
      ['CREATE "a&b"', /NO \[CANNOT\]/],
      ['CREATE "a&Jjo"', /NO \[CANNOT\]/],
      ['CREATE "a&AGE-"', /NO \[CANNOT\]/],
      ['CREATE "a&Jj!o-"', /NO \[CANNOT\]/],
      [`CREATE ${'x'.repeat(256)}`, /NO \[CANNOT\]/],
      [`CREATE ${Array.from({ length: 8 }, () => 'y'.repeat(200)).join('/')}`, /NO \[CANNOT\]/],
      ['RENAME Default/conv-1 "b&c"', /NO \[CANNOT\]/],
      ['SELECT "a&b"', /NO \[CANNOT\]/],
    ];
    for (const [index, [command, answer]] of refused.entries()) {
      const tag = `r${index}`;
      expect(last(await client.command(tag, command)), command).to.match(
        new RegExp(`^${tag} ${answer.source}`),
      );
    }
    expect(last(await client.command('ok', 'CREATE "a&Jjo-"'))).to.match(/^ok OK/);
    const names = ctx
      .store()
      .listFolders()
      .map((f) => f.name);
    expect(names).to.include('a\u263a');
    expect(names.filter((n) => /[\0\t&]|x{256}|y{200}/.test(n))).to.deep.equal([]);
  });
});
