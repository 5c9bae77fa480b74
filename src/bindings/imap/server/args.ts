/** A cursor over a command's argument tokens, with the IMAP grammar's small productions. */
import { bad } from './errors.ts';
import { checkWireMailboxName } from './mailbox-names.ts';
import { decodeMailboxName } from './mutf7.ts';
import type { Token } from './tokenizer.ts';

const MAX_MODSEQ = (1n << 63n) - 1n;

export class ArgReader {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  hasMore(): boolean {
    return this.index < this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  /** Upper-cased value of the next token if it is an atom. */
  peekAtom(): string | undefined {
    const token = this.peek();
    return token?.kind === 'atom' ? token.value.toUpperCase() : undefined;
  }

  peekIsList(): boolean {
    return this.peek()?.kind === 'list';
  }

  next(what = 'argument'): Token {
    const token = this.tokens[this.index];
    if (!token) throw bad(`missing ${what}`);
    this.index++;
    return token;
  }

  atom(what = 'atom'): string {
    const token = this.next(what);
    if (token.kind !== 'atom') throw bad(`expected ${what}`);
    return token.value;
  }

  /** The next atom if it equals `word` (case-insensitive); consumed only then. */
  optionalWord(word: string): boolean {
    if (this.peekAtom() !== word.toUpperCase()) return false;
    this.index++;
    return true;
  }

  astring(what = 'string'): string {
    const token = this.next(what);
    if (token.kind === 'list') throw bad(`expected ${what}`);
    return token.value;
  }

  /** nstring: NIL or a string. */
  nstring(what = 'string'): string | undefined {
    const token = this.next(what);
    if (token.kind === 'atom' && token.value.toUpperCase() === 'NIL') return undefined;
    if (token.kind !== 'string') throw bad(`expected ${what}`);
    return token.value;
  }

  /** A quoted string or literal as raw bytes (APPEND message data). */
  bytes(what = 'literal'): Buffer {
    const token = this.next(what);
    if (token.kind !== 'string') throw bad(`expected ${what}`);
    return token.bytes;
  }

  /** A mailbox name: INBOX in any case means INBOX; checked (mailbox-names.ts), then decoded. */
  mailbox(): string {
    const wire = this.astring('mailbox name');
    checkWireMailboxName(wire);
    return normaliseMailbox(decodeMailboxName(wire));
  }

  list(what = 'list'): ArgReader {
    const token = this.next(what);
    if (token.kind !== 'list') throw bad(`expected ${what}`);
    return new ArgReader(token.items);
  }

  /** A list, or a single item standing for a one-element list. */
  listOrSingle(what = 'list'): ArgReader {
    const token = this.next(what);
    return new ArgReader(token.kind === 'list' ? token.items : [token]);
  }

  number(what = 'number'): number {
    const value = this.atom(what);
    if (!/^\d{1,10}$/.test(value)) throw bad(`expected ${what}`);
    const n = Number(value);
    if (n > 0xffffffff) throw bad(`${what} out of range`);
    return n;
  }

  nzNumber(what = 'number'): number {
    const n = this.number(what);
    if (n === 0) throw bad(`${what} must not be zero`);
    return n;
  }

  modseq(what = 'mod-sequence'): bigint {
    const value = this.atom(what);
    if (!/^\d{1,19}$/.test(value)) throw bad(`expected ${what}`);
    const n = BigInt(value);
    if (n > MAX_MODSEQ) throw bad(`${what} out of range`);
    return n;
  }

  /** Everything left, as raw tokens. */
  rest(): Token[] {
    const out = this.tokens.slice(this.index);
    this.index = this.tokens.length;
    return out;
  }

  end(): void {
    if (this.hasMore()) throw bad('unexpected extra arguments');
  }
}

export function normaliseMailbox(name: string): string {
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}
