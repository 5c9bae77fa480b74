/**
 * Seeded garbage: random commands built from IMAP words, brackets, quotes and literal
 * markers. Every tagged command must get a tagged answer, none may be an internal error,
 * and the server must still work afterwards.
 */
import { expect } from 'chai';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { last, RawClient, startSeeded } from './helpers.ts';

const WORDS = [
  'FETCH',
  'UID',
  'STORE',
  'SEARCH',
  'SELECT',
  'EXAMINE',
  'LIST',
  'STATUS',
  'APPEND',
  'COPY',
  'MOVE',
  'EXPUNGE',
  'NOTIFY',
  'SET',
  'GETMETADATA',
  'SETMETADATA',
  'ENABLE',
  'CREATE',
  'RENAME',
  'DELETE',
  'INBOX',
  'Default/conv-1',
  '1',
  '2:*',
  '*',
  '0',
  '4294967296',
  '1:3,5',
  'FLAGS',
  '+FLAGS',
  '-FLAGS.SILENT',
  '\\Seen',
  'BODY[]',
  'BODY.PEEK[HEADER.FIELDS (From)]<0.5>',
  'BODY[1.2.MIME]',
  'BODY[',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'MODSEQ',
  'CHANGEDSINCE',
  'VANISHED',
  'UNCHANGEDSINCE',
  'RETURN',
  'STATUS',
  'MESSAGES',
  'OR',
  'NOT',
  'SINCE',
  '1-Jan-2024',
  '31-Foo-2024',
  'HEADER',
  'NIL',
  '()',
  '(',
  ')',
  '"',
  '"x y"',
  '{3}',
  '{2+}',
  '%',
  'selected',
  'MessageNew',
  'personal',
  '/private/comment',
  'CONDSTORE',
  'QRESYNC',
  '~{1}',
];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

describe('server: fuzzing with seeded garbage', function () {
  this.timeout(20_000);
  let server: RunningImapServer;

  before(async () => {
    // Garbage is mostly BAD: lift the bad-commands-in-a-row limit (hostile-limits tests it).
    server = await startSeeded({ limits: { maxBadCommands: 1_000_000 } });
  });
  after(async () => {
    await server.stop();
  });

  for (const selectFirst of [false, true]) {
    it(`answers 300 random commands ${selectFirst ? 'with INBOX selected' : 'when authenticated'}`, async () => {
      const next = random(selectFirst ? 7 : 3);
      const client = await RawClient.connect(server);
      await client.login();
      if (selectFirst) await client.command('s', 'SELECT INBOX');
      const answers: string[] = [];
      for (let i = 0; i < 300; i++) {
        const length = 1 + Math.floor(next() * 7);
        const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]!);
        // Literal markers mid-line are plain garbage; at the end they would wait for data.
        const text = words.join(next() < 0.1 ? '' : ' ').replace(/\{\d+\+?\}$/, '{x}');
        const tag = `f${i}`;
        const lines = await client.command(tag, text.includes('IDLE') ? 'NOOP' : text);
        answers.push(last(lines));
        expect(last(lines), text).to.match(new RegExp(`^${tag} (OK|NO|BAD)`));
      }
      expect(answers.filter((a) => a.includes('SERVERBUG'))).to.deep.equal([]);
      expect(last(await client.command('z', 'NOOP'))).to.match(/^z OK/);
      client.close();
    });
  }
});
