/**
 * The server's wire trace: every command (C) and response (S) line, timestamped, with
 * passwords masked and large literals summarised.
 */
import type { CommandPiece, RawCommand } from '../../src/bindings/imap/server/input-reader.ts';
import { traceText, type Chunk } from '../../src/bindings/imap/server/serializer.ts';

export interface TraceEntry {
  at: number;
  connection: number;
  user?: string;
  direction: 'C' | 'S';
  line: string;
}

export type TraceSink = (entry: TraceEntry) => void;

const LITERAL_SHOWN = 1024;
const MASK = '***';

function literalText(bytes: Buffer): string {
  const printable =
    bytes.length <= LITERAL_SHOWN && !bytes.some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
  return printable ? bytes.toString('utf8') : `<${bytes.length} bytes>`;
}

function commandText(pieces: CommandPiece[]): string {
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if ('text' in piece) {
      out += piece.text;
      const next = pieces[i + 1];
      if (next && 'literal' in next)
        out += `{${next.literal.length}${next.nonSync ? '+' : ''}}\r\n`;
    } else {
      out += literalText(piece.literal);
    }
  }
  return out;
}

/** Mask the secrets of LOGIN and AUTHENTICATE lines. */
export function redactCommand(text: string): string {
  const login = /^(\S+\s+LOGIN\s+("(?:[^"\\]|\\.)*"|\{\d+\+?\}\r\n[^ ]*|\S+)\s+)[\s\S]*$/i.exec(
    text,
  );
  if (login) return login[1] + MASK;
  const auth = /^(\S+\s+AUTHENTICATE\s+\S+)\s+\S+/i.exec(text);
  if (auth) return `${auth[1]} ${MASK}`;
  return text;
}

export function traceOfCommand(raw: RawCommand): string {
  const text = raw.ok ? commandText(raw.pieces) : `${raw.text} <refused: ${raw.reason}>`;
  return redactCommand(text);
}

/** Response chunks as trace lines: plain text split per line, literals kept with their line. */
export function traceOfResponse(chunks: Chunk[] | string): string[] {
  if (typeof chunks === 'string') return chunks.split('\r\n').filter((l) => l !== '');
  if (chunks.every((c) => typeof c === 'string')) return traceOfResponse(chunks.join(''));
  return [traceText(chunks, LITERAL_SHOWN)];
}

export { MASK as TRACE_MASK };
