import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { MUTANT_NAMES, MUTANTS } from '../../simulators/server/mutants.ts';
import { BOB, last, RawClient, startSeeded } from './helpers.ts';
import { alice, observe } from './observe-mutant.ts';

/** A second connection of the same user that changes the INBOX. */
async function otherSession(server: RunningImapServer, commands: string[]): Promise<void> {
  const other = await RawClient.connect(server);
  await other.login();
  await other.command('o0', 'SELECT INBOX');
  for (const [i, command] of commands.entries()) await other.command(`o${i + 1}`, command);
  other.close();
}

describe('server: mutants', () => {
  it('registers each mutant with a description and a clause of the registry', () => {
    const registry = parse(
      readFileSync(new URL('../../suites/clauses.yaml', import.meta.url), 'utf8'),
    ) as {
      clauses: Array<{ id: string }>;
    };
    const ids = new Set(registry.clauses.map((c) => c.id));
    expect(MUTANT_NAMES.length).to.be.at.least(12);
    for (const name of MUTANT_NAMES) {
      expect(MUTANTS[name].description, name).to.have.length.above(10);
      expect(ids.has(MUTANTS[name].clause), `${name}: ${MUTANTS[name].clause}`).to.equal(true);
    }
  });

  it('refuses an unknown mutant name', async () => {
    let failure: unknown;
    await startSeeded({ mutant: 'no-such-mutant' }).catch((e: unknown) => (failure = e));
    expect(String(failure)).to.match(/unknown mutant "no-such-mutant"; known: no-vanished/);
  });

  observe(
    'no-vanished',
    'expunges reach other sessions and CHANGEDSINCE',
    async (server, client, broken) => {
      await client.command('e', 'ENABLE QRESYNC');
      await client.command('s', 'SELECT INBOX');
      const since = alice(server).folder('INBOX').highestModseq;
      await otherSession(server, ['UID STORE 1 +FLAGS.SILENT (\\Deleted)', 'UID EXPUNGE 1']);
      const noop = await client.command('n', 'NOOP');
      const fetch = await client.command(
        'f',
        `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${since} VANISHED)`,
      );
      expect(noop.includes('* VANISHED 1')).to.equal(!broken);
      expect(fetch.includes('* VANISHED (EARLIER) 1')).to.equal(!broken);
      expect((await client.command('a', 'UID SEARCH ALL'))[0]).to.equal('* SEARCH 2 3');
    },
  );

  observe(
    'modseq-frozen',
    'HIGHESTMODSEQ advances after a change',
    async (server, client, broken) => {
      const first = (await client.command('a', 'STATUS INBOX (HIGHESTMODSEQ)'))[0];
      alice(server).setFlags('INBOX', [2], 'add', ['\\Flagged']);
      const second = (await client.command('b', 'STATUS INBOX (HIGHESTMODSEQ)'))[0];
      expect(first === second).to.equal(broken);
    },
  );

  observe(
    'flags-not-in-changedsince',
    'flag changes appear in CHANGEDSINCE',
    async (server, client, broken) => {
      const since = alice(server).folder('INBOX').highestModseq;
      alice(server).setFlags('INBOX', [2], 'add', ['\\Flagged']);
      await client.command('s', 'SELECT INBOX (CONDSTORE)');
      const changed = await client.command('f', `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${since})`);
      expect(changed.some((l) => l.includes('UID 2'))).to.equal(!broken);
      const direct = await client.command('g', 'UID FETCH 2 (FLAGS)');
      expect(direct.join('\n')).to.include('\\Flagged');
    },
  );

  observe('store-ignored', 'UID STORE changes flags', async (server, client, broken) => {
    await client.command('s', 'SELECT INBOX');
    expect(last(await client.command('t', 'UID STORE 2 +FLAGS (\\Flagged)'))).to.match(/^t OK/);
    expect(alice(server).object('INBOX', 2).flags.has('\\Flagged')).to.equal(!broken);
  });

  observe('append-dropped', 'APPEND stores the message', async (server, client, broken) => {
    expect(last(await client.command('a', 'APPEND INBOX {3+}\r\nabc'))).to.match(
      /^a OK \[APPENDUID \d+ 4\]/,
    );
    expect(alice(server).objects('INBOX')).to.have.length(broken ? 3 : 4);
  });

  observe(
    'copy-duplicates',
    'COPY links the same content (same EMAILID)',
    async (server, client, broken) => {
      await client.command('s', 'SELECT INBOX');
      const contents = alice(server).contentCount;
      await client.command('c', 'UID COPY 1 Default/conv-1');
      const source = (await client.command('f', 'UID FETCH 1 (EMAILID)'))[0];
      await client.command('t', 'SELECT Default/conv-1');
      const copy = (await client.command('g', 'UID FETCH 2 (EMAILID)'))[0];
      const idOf = (line?: string) => /EMAILID \((\S+)\)/.exec(line ?? '')?.[1];
      expect(idOf(source)).to.match(/^M/);
      expect(idOf(source) === idOf(copy)).to.equal(!broken);
      expect(alice(server).contentCount).to.equal(broken ? contents + 1 : contents);
    },
  );

  observe(
    'list-hides-new',
    'LIST shows a folder created later',
    async (_server, client, broken) => {
      await client.command('c', 'CREATE Default/conv-2');
      const lines = await client.command('l', 'LIST "" *');
      expect(lines.some((l) => l.endsWith(' Default/conv-2'))).to.equal(!broken);
      expect(last(await client.command('s', 'SELECT Default/conv-2'))).to.match(/^s OK/);
    },
  );

  observe('delete-folder-ignored', 'DELETE removes the folder', async (server, client, broken) => {
    expect(last(await client.command('d', 'DELETE Default/conv-1'))).to.match(/^d OK/);
    expect(alice(server).hasFolder('Default/conv-1')).to.equal(broken);
  });

  observe('peek-sets-seen', 'BODY.PEEK leaves \\Seen alone', async (server, client, broken) => {
    await client.command('s', 'SELECT INBOX');
    await client.command('f', 'UID FETCH 2 (BODY.PEEK[HEADER] BODY.PEEK[])');
    expect(alice(server).object('INBOX', 2).flags.has('\\Seen')).to.equal(broken);
  });

  observe('uidvalidity-churn', 'UIDVALIDITY stays the same', async (_server, client, broken) => {
    const first = (await client.command('a', 'STATUS INBOX (UIDVALIDITY)'))[0];
    const second = (await client.command('b', 'STATUS INBOX (UIDVALIDITY)'))[0];
    expect(first === second).to.equal(!broken);
  });

  observe('idle-silent', 'IDLE reports a new message', async (server, client, broken) => {
    await client.command('s', 'SELECT INBOX');
    client.send('i IDLE\r\n');
    await client.readUntil((l) => l.startsWith('+'));
    alice(server).append('INBOX', Buffer.from('Subject: new\r\n\r\nx\r\n'));
    const during = await client.idleFor(150);
    expect(during.includes('* 4 EXISTS')).to.equal(!broken);
    client.send('DONE\r\n');
    await client.readUntil((l) => l.startsWith('i OK'));
  });

  observe(
    'cross-user-leak',
    "another user's folders stay invisible",
    async (_server, client, broken) => {
      const lines = await client.command('l', 'LIST "" *');
      expect(lines.some((l) => l.endsWith(' Default/conv-1'))).to.equal(broken);
      expect(last(await client.command('s', 'SELECT Default/conv-1'))).to.match(
        broken ? /^s OK/ : /^s NO/,
      );
    },
    BOB,
  );

  observe('expunge-ignored', 'EXPUNGE removes deleted messages', async (server, client, broken) => {
    await client.command('s', 'SELECT INBOX');
    await client.command('t', 'UID STORE 2 +FLAGS.SILENT (\\Deleted)');
    expect(last(await client.command('x', 'EXPUNGE'))).to.match(/^x OK/);
    expect(
      alice(server)
        .objects('INBOX')
        .map((o) => o.uid),
    ).to.deep.equal(broken ? [1, 2, 3] : [1, 3]);
  });

  observe(
    'search-since-broken',
    'UID SEARCH SINCE honours the date',
    async (_server, client, broken) => {
      await client.command('s', 'SELECT INBOX');
      const lines = await client.command('q', 'UID SEARCH SINCE 1-Mar-2024');
      expect(lines[0]).to.equal(broken ? '* SEARCH 1 2 3' : '* SEARCH 3');
    },
  );

  observe('create-folder-ignored', 'CREATE creates the folder', async (server, client, broken) => {
    expect(last(await client.command('c', 'CREATE Work'))).to.match(/^c OK/);
    expect(alice(server).hasFolder('Work')).to.equal(!broken);
  });
});
