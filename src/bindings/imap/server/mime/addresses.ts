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
  | { kind: 'special'; text: ',' | ':' | ';' };

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
      let depth = 1;
      for (i++; i < value.length && depth > 0; i++) {
        if (value[i] === '\\') i++;
        else if (value[i] === '(') depth++;
        else if (value[i] === ')') depth--;
      }
      i--;
      text += ' ';
    } else if (ch === '<') {
      flush();
      const close = value.indexOf('>', i);
      const endAt = close < 0 ? value.length : close;
      pieces.push({ kind: 'angle', text: value.slice(i + 1, endAt).trim() });
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

function mailboxOf(pieces: Piece[]): EnvelopeAddress | undefined {
  if (pieces.length === 0) return undefined;
  const angle = pieces.find((p) => p.kind === 'angle');
  if (angle) {
    const nameParts = pieces.slice(0, pieces.indexOf(angle)).map((p) => p.text);
    const name = nameParts.join(' ').trim();
    return { ...(name ? { name } : {}), ...splitAddress(angle.text) };
  }
  const spec = pieces.map((p) => (p.kind === 'quoted' ? `"${p.text}"` : p.text)).join('');
  const parsed = splitAddress(spec);
  return parsed.mailbox === undefined ? undefined : parsed;
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
