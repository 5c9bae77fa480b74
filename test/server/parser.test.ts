import { expect } from 'chai';
import { InputReader, type RawCommand } from '../../src/bindings/imap/server/input-reader.ts';
import { decodeMailboxName, encodeMailboxName } from '../../src/bindings/imap/server/mutf7.ts';
import {
  formatSequenceSet,
  parseSequenceSet,
  resolveRanges,
} from '../../src/bindings/imap/server/sequence-set.ts';
import { astringOut, stringOut } from '../../src/bindings/imap/server/serializer.ts';
import { parseCommand, type Token } from '../../src/bindings/imap/server/tokenizer.ts';

function reader(
  continuations: number[] = [],
  limits?: { maxLineLength: number; maxLiteralSize: number },
) {
  return new InputReader(limits, {
    continueLiteral: (size) => continuations.push(size),
    literalPlusAllowed: () => true,
  });
}

function atoms(tokens: Token[]): unknown[] {
  return tokens.map((t) => (t.kind === 'list' ? atoms(t.items) : t.value));
}

describe('server: command reader and tokenizer', () => {
  it('assembles a command whose literal is split at every byte', async () => {
    const bytes = Buffer.from('a1 LOGIN {5}\r\nalice "pw"\r\n');
    const continuations: number[] = [];
    const input = reader(continuations);
    const pending = input.readCommand();
    for (const byte of bytes) input.push(Buffer.from([byte]));
    const raw = (await pending) as Extract<RawCommand, { ok: true }>;
    expect(raw.ok).to.equal(true);
    expect(continuations).to.deep.equal([5]);
    const parsed = parseCommand(raw.pieces);
    expect(parsed).to.include({ tag: 'a1', name: 'LOGIN' });
    expect(atoms(parsed.args)).to.deep.equal(['alice', 'pw']);
  });

  it('reads pipelined commands from one packet and LITERAL+ without continuation', async () => {
    const continuations: number[] = [];
    const input = reader(continuations);
    input.push(Buffer.from('a NOOP\r\nb APPEND INBOX {3+}\r\nabc\r\nc LOGOUT\r\n'));
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const raw = await input.readCommand();
      if (!raw.ok) throw new Error('refused');
      names.push(parseCommand(raw.pieces).name);
    }
    expect(names).to.deep.equal(['NOOP', 'APPEND', 'LOGOUT']);
    expect(continuations).to.deep.equal([]);
  });

  it('parses lists, quoted strings with escapes, sections and UID commands', () => {
    const parsed = parseCommand([
      {
        text: 'x UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (From "To")]<0.100> FLAGS) (CHANGEDSINCE 5)',
      },
    ]);
    expect(parsed.name).to.equal('UID FETCH');
    expect(atoms(parsed.args)).to.deep.equal([
      '1:*',
      ['UID', 'BODY.PEEK[HEADER.FIELDS (From "To")]<0.100>', 'FLAGS'],
      ['CHANGEDSINCE', '5'],
    ]);
    const quoted = parseCommand([{ text: 't SEARCH SUBJECT "a \\"b\\" \\\\c"' }]);
    expect(atoms(quoted.args)).to.deep.equal(['SUBJECT', 'a "b" \\c']);
  });

  it('refuses bad syntax with an exception, never a crash', () => {
    for (const text of [
      't FETCH 1 (FLAGS',
      't LOGIN "unterminated',
      '(bad',
      't ',
      't FOO "x\\q"',
      '\u0001\u0002',
    ]) {
      expect(() => parseCommand([{ text }]), text).to.throw();
    }
  });

  it('refuses a literal over the limit without asking for it', async () => {
    const continuations: number[] = [];
    const input = reader(continuations, { maxLineLength: 1000, maxLiteralSize: 10 });
    input.push(Buffer.from('a APPEND INBOX {11}\r\nb NOOP\r\n'));
    const first = await input.readCommand();
    expect(first).to.include({ ok: false, reason: 'literal-too-big' });
    expect(continuations).to.deep.equal([]);
    const second = await input.readCommand();
    expect(second.ok).to.equal(true);
  });

  it('discards an oversized non-synchronising literal and stays in step', async () => {
    const input = reader([], { maxLineLength: 1000, maxLiteralSize: 4 });
    input.push(Buffer.from('a APPEND INBOX {6+}\r\n123456\r\nb NOOP\r\n'));
    expect(await input.readCommand()).to.include({ ok: false, reason: 'literal-too-big' });
    const next = await input.readCommand();
    if (!next.ok) throw new Error('refused');
    expect(parseCommand(next.pieces).name).to.equal('NOOP');
  });

  it('drops an over-long line and resynchronises on the next line', async () => {
    const input = reader([], { maxLineLength: 16, maxLiteralSize: 100 });
    input.push(Buffer.from('a ' + 'x'.repeat(100) + '\r\nb NOOP\r\n'));
    expect(await input.readCommand()).to.include({ ok: false, reason: 'line-too-long' });
    expect((await input.readCommand()).ok).to.equal(true);
  });
});

describe('server: sequence sets, mailbox names, quoting', () => {
  it('resolves and formats sequence sets', () => {
    expect(resolveRanges(parseSequenceSet('5:*,1,3:2'), 7)).to.deep.equal([
      [1, 3],
      [5, 7],
    ]);
    expect(resolveRanges(parseSequenceSet('9:*'), 4)).to.deep.equal([[4, 9]]);
    expect(formatSequenceSet([5, 1, 2, 3, 9, 10])).to.equal('1:3,5,9:10');
    expect(() => parseSequenceSet('0:3')).to.throw();
    expect(() => parseSequenceSet('1,,2')).to.throw();
  });

  it('round-trips modified UTF-7 mailbox names', () => {
    for (const name of ['INBOX', 'Café', 'a&b', '日本語/子', 'Default/tel:+33612345678']) {
      expect(decodeMailboxName(encodeMailboxName(name))).to.equal(name);
    }
    expect(encodeMailboxName('a&b')).to.equal('a&-b');
    expect(encodeMailboxName('Café')).to.equal('Caf&AOk-');
  });

  it('quotes, escapes and falls back to literals', () => {
    expect(astringOut('INBOX')).to.equal('INBOX');
    expect(astringOut('NIL')).to.equal('"NIL"');
    expect(astringOut('a b')).to.equal('"a b"');
    expect(stringOut('say "hi"\\')).to.equal('"say \\"hi\\"\\\\"');
    expect(stringOut('line\r\nbreak')).to.equal('{11}\r\nline\r\nbreak');
    expect(stringOut('é')).to.equal('{2}\r\né');
  });
});

describe('server: command reader under slow senders', () => {
  it('reads a long line sent one byte per packet in linear time', async () => {
    const input = new InputReader(undefined, {
      continueLiteral: () => {},
      literalPlusAllowed: () => true,
    });
    const line = Buffer.from(`a SEARCH SUBJECT "${'x'.repeat(100_000)}"\r\n`);
    const pending = input.readCommand();
    const started = performance.now();
    for (let i = 0; i < line.length; i++) input.push(line.subarray(i, i + 1));
    const raw = await pending;
    expect(raw.ok).to.equal(true);
    expect(performance.now() - started).to.be.below(2000);
  });
});
