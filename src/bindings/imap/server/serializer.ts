/**
 * Encoding of response data: atoms, quoted strings, literals (for 8-bit or CR/LF data),
 * NIL, lists. A response is a list of chunks; strings are sent as UTF-8.
 */

export type Chunk = string | Buffer;

const ATOM_SAFE = /^[\x21\x23\x24\x26\x27\x2b-\x5b\x5d-\x7a\x7c\x7e]+$/;
const QUOTE_SAFE = /^[\x20-\x7e]*$/;
const MAX_QUOTED = 1024;

/** A string as a quoted string if it can be one, else as a literal. */
export function stringOut(value: string): string {
  if (value.length <= MAX_QUOTED && QUOTE_SAFE.test(value)) {
    return '"' + value.replace(/[\\"]/g, (c) => '\\' + c) + '"';
  }
  return literalText(value);
}

/** astring: a bare atom where possible (not NIL), else a string. */
export function astringOut(value: string): string {
  if (ATOM_SAFE.test(value) && value.toUpperCase() !== 'NIL') return value;
  return stringOut(value);
}

export function nstringOut(value: string | undefined | null): string {
  return value === undefined || value === null ? 'NIL' : stringOut(value);
}

export function literalText(value: string): string {
  return `{${Buffer.byteLength(value, 'utf8')}}\r\n${value}`;
}

/** Raw bytes: a quoted string when short and plain, otherwise a literal. */
export function bytesOut(bytes: Buffer, preferLiteral = true): Chunk[] {
  if (!preferLiteral && bytes.length <= MAX_QUOTED && isPlainAscii(bytes)) {
    return [stringOut(bytes.toString('latin1'))];
  }
  return [`{${bytes.length}}\r\n`, bytes];
}

function isPlainAscii(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte < 0x20 || byte > 0x7e) return false;
  return true;
}

export function listOut(items: string[]): string {
  return `(${items.join(' ')})`;
}

/** `[CODE args]` prefix for a response text, or empty. */
export function codeOut(code: string | undefined): string {
  return code ? `[${code}] ` : '';
}

/** Response text must not contain line breaks. */
export function safeText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** Byte length of a response made of chunks. */
export function chunkLength(chunks: Chunk[]): number {
  let total = 0;
  for (const chunk of chunks) {
    total += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
  }
  return total;
}

/** Readable form of a response for traces: literals over `limit` bytes summarised. */
export function traceText(chunks: Chunk[], limit = 2048): string {
  let out = '';
  for (const chunk of chunks) {
    if (typeof chunk === 'string') out += chunk;
    else if (chunk.length <= limit) out += chunk.toString('utf8');
    else out += `<${chunk.length} bytes>`;
  }
  return out.replace(/\r\n$/, '');
}
