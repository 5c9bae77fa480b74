/**
 * Turns the pieces of one command (text and literals) into tokens: atoms, strings
 * (quoted or literal) and parenthesised lists. An atom may carry a bracketed section
 * with spaces inside (`BODY.PEEK[HEADER.FIELDS (From To)]<0.100>`).
 */
import { bad } from './errors.ts';
import type { CommandPiece } from './input-reader.ts';

export type Token =
  | { kind: 'atom'; value: string }
  | { kind: 'string'; value: string; bytes: Buffer; literal: boolean }
  | { kind: 'list'; items: Token[] };

export interface ParsedCommand {
  tag: string;
  /** Upper-cased; `UID FETCH` etc. for UID-prefixed commands. */
  name: string;
  args: Token[];
}

const TAG_CHARS = /^[\x21-\x7e]+$/;
const TAG_FORBIDDEN = /[(){%*"\\+]/;
const MAX_DEPTH = 32;
/** FETCH items followed by a bracketed section (RFC 3501 6.4.5, RFC 3516 BINARY). */
const SECTION_ITEM_NAME = /^(?:BODY|BODY\.PEEK|BINARY|BINARY\.PEEK|BINARY\.SIZE)$/i;

class Cursor {
  private piece = 0;
  private pos = 0;

  constructor(private readonly pieces: CommandPiece[]) {}

  private get text(): string {
    const p = this.pieces[this.piece];
    return p && 'text' in p ? p.text : '';
  }

  /** The literal that follows the current text piece, when the text is used up. */
  private literalHere(): Buffer | undefined {
    if (this.pos < this.text.length) return undefined;
    const next = this.pieces[this.piece + 1];
    return next && 'literal' in next ? next.literal : undefined;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length && this.literalHere() === undefined;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  skipSpaces(): void {
    while (this.peek() === ' ') this.pos++;
  }

  /** After a literal, continue with the next text piece. */
  private consumeLiteral(): Buffer {
    const literal = this.literalHere()!;
    this.piece += 2;
    this.pos = 0;
    return literal;
  }

  token(depth: number): Token {
    if (this.literalHere()) {
      const bytes = this.consumeLiteral();
      // Decoded only when asked for: an APPENDed message is used as bytes, never as text.
      let text: string | undefined;
      return {
        kind: 'string',
        get value() {
          return (text ??= bytes.toString('utf8'));
        },
        bytes,
        literal: true,
      };
    }
    const ch = this.peek();
    if (ch === '(') return this.list(depth);
    if (ch === '"') return this.quoted();
    if (ch === ')' || ch === '') throw bad('unexpected end of list or command');
    return { kind: 'atom', value: this.atom() };
  }

  private list(depth: number): Token {
    if (depth >= MAX_DEPTH) throw bad('lists nested too deeply');
    this.pos++;
    const items: Token[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.literalHere()) {
        items.push(this.token(depth + 1));
        continue;
      }
      const ch = this.peek();
      if (ch === '') throw bad('unterminated list');
      if (ch === ')') {
        this.pos++;
        return { kind: 'list', items };
      }
      items.push(this.token(depth + 1));
    }
  }

  private quoted(): Token {
    const text = this.text;
    let out = '';
    let i = this.pos + 1;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '"') {
        this.pos = i + 1;
        return { kind: 'string', value: out, bytes: Buffer.from(out, 'utf8'), literal: false };
      }
      if (ch === '\\') {
        const next = text[i + 1];
        if (next !== '"' && next !== '\\') throw bad('bad escape in quoted string');
        out += next;
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') throw bad('line break in quoted string');
      out += ch;
    }
    throw bad('unterminated quoted string');
  }

  private atom(): string {
    const text = this.text;
    const start = this.pos;
    let i = this.pos;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === ' ' || ch === '(' || ch === ')') break;
      if (ch === '"' || ch === '{' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) {
        throw bad(`invalid character in atom`);
      }
      // `[` is an ordinary atom character (RFC 3501 9, ATOM-CHAR), except after a FETCH item
      // name that takes a section, whose brackets may hold spaces and lists.
      if (ch === '[' && SECTION_ITEM_NAME.test(text.slice(start, i))) {
        i = this.skipSection(text, i);
        continue;
      }
      i++;
    }
    this.pos = i;
    return text.slice(start, i);
  }

  /** From `[` to just after its matching `]`, across spaces, lists and quoted strings. */
  private skipSection(text: string, open: number): number {
    let depth = 0;
    let quoted = false;
    for (let i = open + 1; i < text.length; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '\\') i++;
        else if (ch === '"') quoted = false;
        continue;
      }
      if (ch === '"') quoted = true;
      else if (ch === '[') depth++;
      else if (ch === ']') {
        if (depth === 0) return i + 1;
        depth--;
      }
    }
    throw bad('unterminated section');
  }
}

/** The tag alone, for answering a command that failed to parse. */
export function tagOf(pieces: CommandPiece[]): string | undefined {
  const first = pieces[0];
  if (!first || !('text' in first)) return undefined;
  const tag = first.text.split(' ', 1)[0] ?? '';
  return TAG_CHARS.test(tag) && !TAG_FORBIDDEN.test(tag) ? tag : undefined;
}

/** Parse a whole command; throws ImapFailure (BAD) on syntax errors. */
export function parseCommand(pieces: CommandPiece[]): ParsedCommand {
  const tag = tagOf(pieces);
  if (tag === undefined) throw bad('invalid tag');
  const cursor = new Cursor(pieces);
  const tokens: Token[] = [];
  let first = true;
  while (!cursor.atEnd()) {
    if (!first) {
      if (cursor.peek() !== ' ' && !cursor.atEnd()) throw bad('expected a space');
      cursor.skipSpaces();
      if (cursor.atEnd()) break;
    }
    first = false;
    tokens.push(cursor.token(0));
  }
  const [tagToken, nameToken, ...rest] = tokens;
  if (tagToken?.kind !== 'atom' || tagToken.value !== tag) throw bad('invalid tag');
  if (nameToken?.kind !== 'atom' || !/^[A-Za-z][A-Za-z0-9-]*$/.test(nameToken.value)) {
    throw bad('missing or invalid command name');
  }
  let name = nameToken.value.toUpperCase();
  let args = rest;
  if (name === 'UID') {
    const sub = rest[0];
    if (sub?.kind !== 'atom') throw bad('UID needs a command');
    name = `UID ${sub.value.toUpperCase()}`;
    args = rest.slice(1);
  }
  return { tag, name, args };
}
