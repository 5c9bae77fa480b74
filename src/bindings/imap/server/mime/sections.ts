/**
 * BODY[section] specifiers (RFC 3501 6.4.5): parsing, the name echoed in the response,
 * and extraction of the bytes from a message.
 */
import { bad } from '../errors.ts';
import type { MessageInfo } from './message-info.ts';
import {
  findPart,
  headerBlockEnd,
  parseHeaderBlock,
  type HeaderField,
  type MimePart,
} from './mime-parser.ts';

export type SectionKind =
  'ALL' | 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

export interface Section {
  path: number[];
  kind: SectionKind;
  /** Upper-cased field names for HEADER.FIELDS[.NOT]. */
  fields: string[];
}

function parseFieldNames(text: string): string[] {
  const match = /^\((.*)\)$/s.exec(text.trim());
  if (!match) throw bad('expected a list of header field names');
  const names: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^\s"()]+)/g;
  for (const m of match[1]!.matchAll(re)) {
    names.push((m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!).toUpperCase());
  }
  if (names.length === 0) throw bad('empty header field list');
  return names;
}

/** Parse the text between the brackets of BODY[...]. */
export function parseSection(spec: string): Section {
  const text = spec.trim();
  const match = /^((?:\d+\.)*\d+)?\.?([A-Za-z.]*)\s*(.*)$/s.exec(text);
  if (!match) throw bad('invalid section');
  const path = match[1] ? match[1].split('.').map(Number) : [];
  if (path.some((n) => n === 0 || !Number.isSafeInteger(n))) throw bad('invalid part number');
  const word = (match[2] ?? '').toUpperCase();
  const rest = match[3] ?? '';
  if (word === '') {
    if (rest !== '') throw bad('invalid section');
    return { path, kind: 'ALL', fields: [] };
  }
  if (word === 'HEADER.FIELDS' || word === 'HEADER.FIELDS.NOT') {
    return { path, kind: word, fields: parseFieldNames(rest) };
  }
  if (rest !== '') throw bad('invalid section');
  if (word === 'HEADER' || word === 'TEXT') return { path, kind: word, fields: [] };
  if (word === 'MIME' && path.length > 0) return { path, kind: 'MIME', fields: [] };
  throw bad(`invalid section ${word}`);
}

/** The section as the response names it, e.g. `1.HEADER.FIELDS (FROM TO)`. */
export function sectionLabel(section: Section): string {
  const parts: string[] = [];
  if (section.path.length > 0) parts.push(section.path.join('.'));
  if (section.kind !== 'ALL') parts.push(section.kind);
  const label = parts.join('.');
  return section.fields.length > 0 ? `${label} (${section.fields.join(' ')})` : label;
}

function headerFieldsOf(fields: HeaderField[], names: string[], exclude: boolean): Buffer {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const kept = fields.filter((f) => wanted.has(f.name.toLowerCase()) !== exclude);
  return Buffer.concat([...kept.map((f) => f.raw), Buffer.from('\r\n')]);
}

/** The message (header + text) a HEADER/TEXT section refers to, or undefined. */
function messageOf(
  info: MessageInfo,
  path: number[],
): { raw: Buffer; start: number; bodyStart: number; end: number } | undefined {
  if (path.length === 0) {
    return { raw: info.raw, start: 0, bodyStart: info.headerEnd, end: info.raw.length };
  }
  const part = findPart(info.mime, path);
  if (!part?.message) return undefined;
  const m: MimePart = part.message;
  return { raw: info.raw, start: m.start, bodyStart: m.bodyStart, end: m.end };
}

/** The section's bytes; undefined when the part does not exist. */
export function extractSection(info: MessageInfo, section: Section): Buffer | undefined {
  const raw = info.raw;
  switch (section.kind) {
    case 'ALL': {
      if (section.path.length === 0) return raw;
      const part = findPart(info.mime, section.path);
      return part ? raw.subarray(part.bodyStart, part.end) : undefined;
    }
    case 'MIME': {
      const part = findPart(info.mime, section.path);
      return part ? raw.subarray(part.start, part.bodyStart) : undefined;
    }
    case 'HEADER':
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT': {
      const message = section.path.length === 0 ? undefined : messageOf(info, section.path);
      const block =
        section.path.length === 0
          ? info.header
          : message
            ? raw.subarray(message.start, headerBlockEnd(raw, message.start, message.end))
            : undefined;
      if (!block) return undefined;
      if (section.kind === 'HEADER') return block;
      const fields = section.path.length === 0 ? info.fields : parseHeaderBlock(block);
      return headerFieldsOf(fields, section.fields, section.kind === 'HEADER.FIELDS.NOT');
    }
    case 'TEXT': {
      const message = messageOf(info, section.path);
      return message ? raw.subarray(message.bodyStart, message.end) : undefined;
    }
  }
}
