/** FETCH data items (RFC 3501 6.4.5, RFC 7162 MODSEQ, RFC 8474 EMAILID/THREADID). */
import type { ServerServices } from './context.ts';
import { bad } from './errors.ts';
import { parseSection, sectionLabel, type Section } from './mime/sections.ts';
import type { Token } from './tokenizer.ts';

export type SimpleItem =
  | 'UID'
  | 'FLAGS'
  | 'INTERNALDATE'
  | 'RFC822.SIZE'
  | 'ENVELOPE'
  | 'BODYSTRUCTURE'
  | 'BODY'
  | 'MODSEQ'
  | 'EMAILID'
  | 'THREADID';

export type FetchItem =
  | { kind: SimpleItem }
  | {
      kind: 'section';
      /** The name in the response, e.g. `BODY[HEADER]<0>` or `RFC822.HEADER`. */
      label: string;
      section: Section;
      /** Whether fetching it sets \Seen. */
      setsSeen: boolean;
      partial?: { offset: number; length: number };
    };

const SIMPLE: readonly SimpleItem[] = [
  'UID',
  'FLAGS',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'MODSEQ',
  'EMAILID',
  'THREADID',
];

const MACROS: Record<string, SimpleItem[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

const SECTION_ITEM = /^(BODY|BODY\.PEEK)\[(.*)\](?:<(\d{1,10})\.(\d{1,10})>)?$/is;

function parseItem(text: string, server: ServerServices): FetchItem {
  const upper = text.toUpperCase();
  if ((SIMPLE as readonly string[]).includes(upper)) {
    const kind = upper as SimpleItem;
    if (kind === 'MODSEQ' && !server.capabilityOn('CONDSTORE')) throw bad('CONDSTORE is off');
    if ((kind === 'EMAILID' || kind === 'THREADID') && !server.capabilityOn('OBJECTID'))
      throw bad('OBJECTID is off');
    return { kind };
  }
  if (upper === 'RFC822') return sectionItem('RFC822', '', true);
  if (upper === 'RFC822.HEADER') return sectionItem('RFC822.HEADER', 'HEADER', false);
  if (upper === 'RFC822.TEXT') return sectionItem('RFC822.TEXT', 'TEXT', true);
  const match = SECTION_ITEM.exec(text);
  if (!match) throw bad(`unknown FETCH item ${text.slice(0, 40)}`);
  const peek = match[1]!.toUpperCase() === 'BODY.PEEK';
  const section = parseSection(match[2]!);
  const partial =
    match[3] !== undefined ? { offset: Number(match[3]), length: Number(match[4]) } : undefined;
  if (partial && partial.length === 0) throw bad('partial length must not be zero');
  const label = `BODY[${sectionLabel(section)}]${partial ? `<${partial.offset}>` : ''}`;
  return { kind: 'section', label, section, setsSeen: !peek, ...(partial ? { partial } : {}) };
}

function sectionItem(label: string, spec: string, setsSeen: boolean): FetchItem {
  return { kind: 'section', label, section: parseSection(spec), setsSeen };
}

/** The item list of a FETCH command (a macro, one item or a parenthesised list). */
export function parseFetchItems(token: Token, server: ServerServices): FetchItem[] {
  if (token.kind === 'atom' && MACROS[token.value.toUpperCase()]) {
    return MACROS[token.value.toUpperCase()]!.map((kind) => ({ kind }));
  }
  const tokens = token.kind === 'list' ? token.items : [token];
  if (tokens.length === 0) throw bad('empty FETCH item list');
  return tokens.map((t) => {
    if (t.kind !== 'atom') throw bad('invalid FETCH item');
    return parseItem(t.value, server);
  });
}
