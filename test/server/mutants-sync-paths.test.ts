/**
 * The store mutants of the sync paths beyond QRESYNC + IDLE + plain STORE (issue 9 section
 * 2): each deviates observably on the wire, and the reference does not.
 */
import { expect } from 'chai';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { last } from './helpers.ts';
import { alice, observe, withSecondSession } from './observe-mutant.ts';

/** Expunge INBOX UID 1 from another session. */
async function expungeElsewhere(server: RunningImapServer): Promise<void> {
  await withSecondSession(server, async (other) => {
    await other.command('o0', 'SELECT INBOX');
    await other.command('o1', 'UID STORE 1 +FLAGS.SILENT (\\Deleted)');
    await other.command('o2', 'UID EXPUNGE 1');
  });
}

const number = (pattern: RegExp, lines: string[]): bigint => {
  const match = pattern.exec(lines.join('\n'));
  if (!match) throw new Error(`${String(pattern)} not in ${lines.join(' | ')}`);
  return BigInt(match[1]!);
};
const highestModseq = (lines: string[]) => number(/HIGHESTMODSEQ (\d+)/, lines);
const modseqOf = (lines: string[]) => number(/MODSEQ \((\d+)\)/, lines);
const uidValidity = (lines: string[]) => number(/UIDVALIDITY (\d+)/, lines);

describe('server: mutants of the other sync paths', () => {
  observe(
    'expunge-unreported',
    'a session without QRESYNC is told of an expunge; VANISHED still reaches QRESYNC',
    async (server, client, broken) => {
      await client.command('s', 'SELECT INBOX');
      const vanished = await withSecondSession(server, async (qresync) => {
        await qresync.command('q0', 'ENABLE QRESYNC');
        await qresync.command('q1', 'SELECT INBOX');
        await expungeElsewhere(server);
        return qresync.command('q2', 'NOOP');
      });
      const noop = await client.command('n', 'NOOP');
      expect(noop.includes('* 1 EXPUNGE')).to.equal(!broken);
      expect(vanished).to.include('* VANISHED 1');
    },
  );

  observe(
    'changedsince-needs-qresync',
    'CHANGEDSINCE reports flag changes to a CONDSTORE-only session',
    async (server, client, broken) => {
      const since = alice(server).folder('INBOX').highestModseq;
      alice(server).setFlags('INBOX', [2], 'add', ['\\Flagged']);
      const query = `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${since})`;
      await client.command('s', 'SELECT INBOX (CONDSTORE)');
      const condstore = await client.command('f', query);
      expect(condstore.some((l) => l.includes('UID 2'))).to.equal(!broken);
      const qresync = await withSecondSession(server, async (other) => {
        await other.command('q0', 'ENABLE QRESYNC');
        await other.command('q1', 'SELECT INBOX');
        return other.command('q2', query);
      });
      expect(qresync.some((l) => l.includes('UID 2'))).to.equal(true);
    },
  );

  observe(
    'notify-silent',
    'NOTIFY reports a new message at once; IDLE does as well',
    async (server, client, broken) => {
      await client.command('s', 'SELECT INBOX');
      const set = await client.command('n', 'NOTIFY SET (selected (MessageNew MessageExpunge))');
      expect(last(set)).to.match(/^n OK/);
      alice(server).append('INBOX', Buffer.from('Subject: new\r\n\r\nx\r\n'));
      expect((await client.idleFor(150)).includes('* 4 EXISTS')).to.equal(!broken);
      await client.command('x', 'NOTIFY NONE');
      await client.command('p', 'NOOP');
      client.send('i IDLE\r\n');
      await client.readUntil((l) => l.startsWith('+'));
      alice(server).append('INBOX', Buffer.from('Subject: newer\r\n\r\ny\r\n'));
      expect(await client.idleFor(150)).to.include('* 5 EXISTS');
      client.send('DONE\r\n');
      await client.readUntil((l) => l.startsWith('i OK'));
    },
  );

  observe(
    'unchangedsince-ignored',
    'a conditional STORE on a message changed since is refused with MODIFIED',
    async (server, client, broken) => {
      await client.command('s', 'SELECT INBOX (CONDSTORE)');
      const known = modseqOf(await client.command('f', 'UID FETCH 2 (MODSEQ)'));
      alice(server).setFlags('INBOX', [2], 'add', ['\\Flagged']);
      const answer = last(
        await client.command('t', `UID STORE 2 (UNCHANGEDSINCE ${known}) +FLAGS (\\Seen)`),
      );
      expect(answer.includes('[MODIFIED 2]')).to.equal(!broken);
      expect(alice(server).object('INBOX', 2).flags.has('\\Seen')).to.equal(broken);
    },
  );

  observe(
    'message-modseq-stale',
    "a flag change raises the message's MODSEQ as well as HIGHESTMODSEQ",
    async (_server, client, broken) => {
      await client.command('s', 'SELECT INBOX (CONDSTORE)');
      const before = modseqOf(await client.command('f', 'UID FETCH 2 (MODSEQ)'));
      const highestBefore = highestModseq(
        await client.command('a', 'STATUS INBOX (HIGHESTMODSEQ)'),
      );
      await client.command('t', 'UID STORE 2 +FLAGS.SILENT (\\Flagged)');
      const after = modseqOf(await client.command('g', 'UID FETCH 2 (MODSEQ)'));
      const highestAfter = highestModseq(await client.command('b', 'STATUS INBOX (HIGHESTMODSEQ)'));
      expect(after > before).to.equal(!broken);
      expect(highestAfter > highestBefore).to.equal(true);
    },
  );

  observe(
    'modseq-raised-by-noop',
    'a STORE that changes nothing leaves MODSEQ and HIGHESTMODSEQ alone',
    async (_server, client, broken) => {
      await client.command('s', 'SELECT INBOX (CONDSTORE)');
      const before = highestModseq(await client.command('a', 'STATUS INBOX (HIGHESTMODSEQ)'));
      const stored = await client.command('t', 'UID STORE 1 +FLAGS (\\Seen)');
      const after = highestModseq(await client.command('b', 'STATUS INBOX (HIGHESTMODSEQ)'));
      expect(after > before).to.equal(broken);
      // This session selected first: its messages are also \Recent (RFC 3501 2.3.2).
      const seenOnly = /FLAGS \((\\Recent )?\\Seen\)/;
      expect(stored.join('\n')).to.match(seenOnly);
      expect((await client.command('f', 'UID FETCH 1 (FLAGS)')).join('\n')).to.match(seenOnly);
    },
  );

  observe(
    'uidvalidity-per-connection',
    'a new connection sees the same UIDVALIDITY',
    async (server, client, broken) => {
      const first = uidValidity(await client.command('a', 'STATUS INBOX (UIDVALIDITY)'));
      const again = uidValidity(await client.command('b', 'STATUS INBOX (UIDVALIDITY)'));
      const other = await withSecondSession(server, async (second) =>
        uidValidity(await second.command('c', 'SELECT INBOX')),
      );
      expect(again).to.equal(first);
      expect(other === first).to.equal(!broken);
    },
  );

  observe(
    'uidplus-codes-missing',
    'APPEND and COPY answer APPENDUID and COPYUID while UIDPLUS is advertised',
    async (_server, client, broken) => {
      expect((await client.command('c', 'CAPABILITY'))[0]).to.include(' UIDPLUS');
      const appended = last(await client.command('a', 'APPEND INBOX {3+}\r\nabc'));
      expect(appended).to.match(/^a OK/);
      expect(/\[APPENDUID \d+ 4\]/.test(appended)).to.equal(!broken);
      await client.command('s', 'SELECT INBOX');
      const copied = last(await client.command('k', 'UID COPY 2 Default/conv-1'));
      expect(copied).to.match(/^k OK/);
      expect(/\[COPYUID \d+ 2 2\]/.test(copied)).to.equal(!broken);
    },
  );
});
