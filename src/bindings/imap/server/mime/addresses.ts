/**
 * RFC 5322 address lists as IMAP ENVELOPE address structures: name, source route,
 * mailbox, host; groups as a start marker (host NIL) and an end marker (all NIL).
 * Values stay undecoded (encoded words are passed through, as IMAP requires).
 */

export interface EnvelopeAddress {
  name?: string;
  mailbox?: string;
  host?: string;
}

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'angle'; text: string }
  | { kind: 'comment'; text: string }
  | { kind: 'special'; text: ',' | ':' | ';' };

/** Index just after the comment that opens at `open` (nested, with quoted-pairs). */
function commentEnd(value: string, open: number): number {
  let depth = 0;
  for (let i = open; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '(') depth++;
    else if (value[i] === ')' && --depth === 0) return i + 1;
  }
  return value.length;
}

/** The text with its comments removed (RFC 5322 3.2.2 CFWS inside an addr-spec). */
function withoutComments(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '(') i = commentEnd(value, i) - 1;
    else out += value[i];
  }
  return out;
}

function tokenize(value: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  const flush = () => {
    if (text.trim() !== '') pieces.push({ kind: 'text', text: text.trim() });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"') {
      flush();
      let quoted = '';
      for (i++; i < value.length && value[i] !== '"'; i++) {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        quoted += value[i];
      }
      pieces.push({ kind: 'quoted', text: quoted });
    } else if (ch === '(') {
      flush();
      const endAt = commentEnd(value, i);
      const inner = value.slice(i + 1, endAt - (value[endAt - 1] === ')' ? 1 : 0));
      pieces.push({ kind: 'comment', text: inner.replace(/\\(.)/g, '$1').trim() });
      i = endAt - 1;
    } else if (ch === '<') {
      flush();
      const close = value.indexOf('>', i);
      const endAt = close < 0 ? value.length : close;
      pieces.push({ kind: 'angle', text: withoutComments(value.slice(i + 1, endAt)).trim() });
      i = endAt;
    } else if (ch === ',' || ch === ':' || ch === ';') {
      flush();
      pieces.push({ kind: 'special', text: ch });
    } else {
      text += ch;
    }
  }
  flush();
  return pieces;
}

function splitAddress(spec: string): { mailbox?: string; host?: string } {
  const withoutRoute = spec.replace(/^(@[^:]*:)/, '').replace(/\s+/g, '');
  if (withoutRoute === '') return {};
  const at = withoutRoute.lastIndexOf('@');
  if (at < 0) return { mailbox: withoutRoute, host: '' };
  return { mailbox: withoutRoute.slice(0, at), host: withoutRoute.slice(at + 1) };
}

/**
 * One mailbox. Without a display name, the last comment stands for it, as in the old
 * `user@domain (Real Name)` form (RFC 5322 3.4 and 4.4; what Dovecot and imaptest expect).
 */
function mailboxOf(all: Piece[]): EnvelopeAddress | undefined {
  const pieces = all.filter((p) => p.kind !== 'comment');
  if (pieces.length === 0) return undefined;
  const angle = pieces.find((p) => p.kind === 'angle');
  if (angle) {
    const nameParts = pieces.slice(0, pieces.indexOf(angle)).map((p) => p.text);
    const name = nameParts.join(' ').trim();
    return { ...(name ? { name } : {}), ...splitAddress(angle.text) };
  }
  const spec = pieces.map((p) => (p.kind === 'quoted' ? `"${p.text}"` : p.text)).join('');
  const parsed = splitAddress(spec);
  if (parsed.mailbox === undefined) return undefined;
  const comment = all.filter((p) => p.kind === 'comment' && p.text !== '').at(-1);
  return comment ? { name: comment.text, ...parsed } : parsed;
}

/** An address header value as the sequence of ENVELOPE address structures. */
export function parseAddressList(value: string): EnvelopeAddress[] {
  const out: EnvelopeAddress[] = [];
  let current: Piece[] = [];
  let inGroup = false;
  const finishMailbox = () => {
    const address = mailboxOf(current);
    if (address) out.push(address);
    current = [];
  };
  for (const piece of tokenize(value)) {
    if (
      piece.kind === 'special' &&
      piece.text === ':' &&
      !inGroup &&
      !current.some((p) => p.kind === 'angle')
    ) {
      const groupName = current
        .filter((p) => p.kind !== 'comment')
        .map((p) => p.text)
        .join(' ')
        .trim();
      out.push({ mailbox: groupName });
      current = [];
      inGroup = true;
    } else if (piece.kind === 'special' && piece.text === ';' && inGroup) {
      finishMailbox();
      out.push({});
      inGroup = false;
    } else if (piece.kind === 'special' && piece.text === ',') {
      finishMailbox();
    } else {
      current.push(piece);
    }
  }
  finishMailbox();
  if (inGroup) out.push({});
  return out;
}

/**
 * SEARCH FROM/TO/CC/BCC (RFC 3501 6.4.4): the string is looked for in the envelope structure
 * of the field, each address's personal name and its `mailbox@host`, so an address written
 * with comments (`user@domain (Real Name)`, `<user (c)@ domain>`) is found as Dovecot finds
 * it. `needle` is lower-case.
 */
export function addressFieldContains(value: string, needle: string): boolean {
  return parseAddressList(value).some(
    (address) =>
      (address.name ?? '').toLowerCase().includes(needle) ||
      (address.mailbox !== undefined &&
        `${address.mailbox}@${address.host ?? ''}`.toLowerCase().includes(needle)),
  );
}
