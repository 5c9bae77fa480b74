/**
 * A small MIME structure parser that keeps byte offsets into the raw message, which is
 * what IMAP sections (BODY[1.2], BODY[1.HEADER], partials) and BODYSTRUCTURE need.
 * Nothing is decoded: IMAP reports the raw form.
 */

export interface HeaderField {
  name: string;
  /** Unfolded value, leading/trailing space removed. */
  value: string;
  /** The raw field lines, including the final line break. */
  raw: Buffer;
}

export interface ContentType {
  type: string;
  subtype: string;
  params: Array<[string, string]>;
}

export interface MimePart {
  /** Start of the part's header block. */
  start: number;
  /** Start of the body (after the blank line). */
  bodyStart: number;
  /** End of the body. */
  end: number;
  fields: HeaderField[];
  contentType: ContentType;
  /** multipart/*: the body parts. */
  children: MimePart[];
  /** message/rfc822: the enclosed message. */
  message?: MimePart;
}

const MAX_DEPTH = 16;

/** Length of the header block starting at `start` (including the blank line). */
export function headerBlockEnd(raw: Buffer, start: number, end: number): number {
  if (raw[start] === 0x0a) return start + 1;
  if (raw[start] === 0x0d && raw[start + 1] === 0x0a) return start + 2;
  let at = start;
  while (at < end) {
    const lf = raw.indexOf(0x0a, at);
    if (lf < 0 || lf >= end) return end;
    const next = lf + 1;
    if (raw[next] === 0x0a) return Math.min(next + 1, end);
    if (raw[next] === 0x0d && raw[next + 1] === 0x0a) return Math.min(next + 2, end);
    at = next;
  }
  return end;
}

export function parseHeaderBlock(block: Buffer): HeaderField[] {
  const fields: HeaderField[] = [];
  let lineStart = 0;
  let current: { name: string; start: number; value: string } | undefined;
  const finish = (endAt: number) => {
    if (!current) return;
    fields.push({
      name: current.name,
      value: current.value.replace(/\r?\n/g, '').trim(),
      raw: block.subarray(current.start, endAt),
    });
    current = undefined;
  };
  while (lineStart < block.length) {
    let lf = block.indexOf(0x0a, lineStart);
    if (lf < 0) lf = block.length - 1;
    const line = block.toString('latin1', lineStart, lf + 1);
    const bare = line.replace(/\r?\n$/, '');
    if (bare === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && current) {
      current.value += line;
    } else {
      finish(lineStart);
      const colon = bare.indexOf(':');
      if (colon > 0)
        current = {
          name: bare.slice(0, colon).trim(),
          start: lineStart,
          value: bare.slice(colon + 1),
        };
    }
    lineStart = lf + 1;
  }
  finish(lineStart);
  return fields.map((f) => ({ ...f, value: Buffer.from(f.value, 'latin1').toString('utf8') }));
}

export function fieldValue(fields: HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === lower)?.value;
}

/** Split `a; b="c; d"; e=f` at semicolons outside quotes and comments. */
function splitParams(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let comment = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted) {
      if (ch === '\\' && i + 1 < value.length) current += value[++i];
      else if (ch === '"') quoted = false;
      else current += ch;
      continue;
    }
    if (comment > 0) {
      if (ch === '(') comment++;
      else if (ch === ')') comment--;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '(') comment++;
    else if (ch === ';') {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** `type/subtype; k=v` or `disposition; k=v` into its main value and parameters. */
export function parseStructuredValue(value: string): {
  main: string;
  params: Array<[string, string]>;
} {
  const [main = '', ...rest] = splitParams(value);
  const params: Array<[string, string]> = [];
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    params.push([part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim()]);
  }
  return { main: main.trim(), params };
}

const PLAIN_TEXT: ContentType = {
  type: 'text',
  subtype: 'plain',
  params: [['charset', 'us-ascii']],
};

/** Content-Type of a part; missing or malformed values fall back to the context's default. */
function parseContentType(value: string | undefined, fallback: string): ContentType {
  const parsed = parseStructuredValue(value ?? fallback);
  const [type = '', subtype = ''] = parsed.main.toLowerCase().split('/');
  if (!type || !subtype || /\s/.test(type + subtype)) {
    return value === undefined
      ? { ...PLAIN_TEXT, params: [...PLAIN_TEXT.params] }
      : parseContentType(undefined, fallback);
  }
  const params = parsed.params;
  if (type === 'text' && !params.some(([k]) => k === 'charset'))
    params.push(['charset', 'us-ascii']);
  return { type, subtype, params };
}

export function parseMime(raw: Buffer): MimePart {
  return parsePart(raw, 0, raw.length, 'text/plain; charset=us-ascii', 0);
}

function parsePart(
  raw: Buffer,
  start: number,
  end: number,
  defaultType: string,
  depth: number,
): MimePart {
  const bodyStart = headerBlockEnd(raw, start, end);
  const fields = parseHeaderBlock(raw.subarray(start, bodyStart));
  const contentType = parseContentType(fieldValue(fields, 'Content-Type'), defaultType);
  const part: MimePart = { start, bodyStart, end, fields, contentType, children: [] };
  if (depth >= MAX_DEPTH) return part;
  if (contentType.type === 'multipart') {
    const boundary = contentType.params.find(([k]) => k === 'boundary')?.[1];
    if (boundary) {
      const childType =
        contentType.subtype === 'digest' ? 'message/rfc822' : 'text/plain; charset=us-ascii';
      for (const [s, e] of splitMultipart(raw, bodyStart, end, boundary)) {
        part.children.push(parsePart(raw, s, e, childType, depth + 1));
      }
    }
  } else if (contentType.type === 'message' && contentType.subtype === 'rfc822') {
    part.message = parsePart(raw, bodyStart, end, 'text/plain; charset=us-ascii', depth + 1);
  }
  return part;
}

/** Byte ranges of the body parts between `--boundary` delimiter lines. */
function splitMultipart(
  raw: Buffer,
  start: number,
  end: number,
  boundary: string,
): Array<[number, number]> {
  const delimiter = Buffer.from('--' + boundary, 'latin1');
  const ranges: Array<[number, number]> = [];
  let partStart: number | undefined;
  let at = start;
  while (at < end) {
    const found = raw.indexOf(delimiter, at);
    if (found < 0 || found + delimiter.length > end) break;
    at = found + delimiter.length;
    if (found !== start && raw[found - 1] !== 0x0a) continue;
    const closing = raw[at] === 0x2d && raw[at + 1] === 0x2d;
    let lineEnd = raw.indexOf(0x0a, at);
    if (lineEnd < 0 || lineEnd >= end) lineEnd = end - 1;
    if (
      !closing &&
      raw
        .subarray(at, lineEnd + 1)
        .toString('latin1')
        .trim() !== ''
    )
      continue;
    if (partStart !== undefined) {
      let partEnd = found;
      if (partEnd > partStart && raw[partEnd - 1] === 0x0a) partEnd--;
      if (partEnd > partStart && raw[partEnd - 1] === 0x0d) partEnd--;
      ranges.push([partStart, Math.max(partStart, partEnd)]);
    }
    if (closing) return ranges;
    partStart = lineEnd + 1;
    at = lineEnd + 1;
  }
  if (partStart !== undefined && partStart < end) ranges.push([partStart, end]);
  return ranges;
}

/** Walk a part path (`[1, 2]`) the way IMAP numbers parts (RFC 3501 section 6.4.5). */
export function findPart(root: MimePart, path: number[]): MimePart | undefined {
  let part: MimePart | undefined = root;
  path.forEach((n, i) => {
    if (!part) return;
    if (i === 0) part = subPart(root, n);
    else if (part.message) part = subPart(part.message, n);
    else part = part.contentType.type === 'multipart' ? part.children[n - 1] : undefined;
  });
  return part;
}

/** Part `n` of a message: a child of a multipart, or the body itself (n = 1) otherwise. */
function subPart(message: MimePart, n: number): MimePart | undefined {
  if (message.contentType.type === 'multipart') return message.children[n - 1];
  return n === 1 ? message : undefined;
}
