/**
 * What FETCH and SEARCH need from a stored message, computed once per content and cached
 * (content is shared by copies and never changes, so the raw Buffer is the cache key).
 */
import {
  headerBlockEnd,
  parseHeaderBlock,
  parseMime,
  type HeaderField,
  type MimePart,
} from './mime-parser.ts';
import { bodyStructureOut, envelopeOut } from './structure-out.ts';

export class MessageInfo {
  private headerEndAt: number | undefined;
  private headerFields: HeaderField[] | undefined;
  private tree: MimePart | undefined;
  private envelopeText: string | undefined;
  private structureText: string | undefined;
  private basicStructureText: string | undefined;
  private sentDay: number | null | undefined;

  constructor(readonly raw: Buffer) {}

  get headerEnd(): number {
    this.headerEndAt ??= headerBlockEnd(this.raw, 0, this.raw.length);
    return this.headerEndAt;
  }

  get header(): Buffer {
    return this.raw.subarray(0, this.headerEnd);
  }

  get text(): Buffer {
    return this.raw.subarray(this.headerEnd);
  }

  get fields(): HeaderField[] {
    this.headerFields ??= parseHeaderBlock(this.header);
    return this.headerFields;
  }

  get mime(): MimePart {
    this.tree ??= parseMime(this.raw);
    return this.tree;
  }

  get envelope(): string {
    this.envelopeText ??= envelopeOut(this.fields);
    return this.envelopeText;
  }

  get bodyStructure(): string {
    this.structureText ??= bodyStructureOut(this.raw, this.mime, true);
    return this.structureText;
  }

  get body(): string {
    this.basicStructureText ??= bodyStructureOut(this.raw, this.mime, false);
    return this.basicStructureText;
  }

  /**
   * The day of the Date header as written, disregarding time and time zone (RFC 3501 6.4.4
   * SENTBEFORE/SENTON/SENTSINCE), as a day number comparable with search dates; or null.
   */
  get sentDayNumber(): number | null {
    if (this.sentDay === undefined) {
      const value = this.fields.find((f) => f.name.toLowerCase() === 'date')?.value;
      this.sentDay = value === undefined ? null : writtenDayNumber(value);
    }
    return this.sentDay;
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `[day-of-week ","] day month year ...` (RFC 5322 3.3), comments allowed; two- and
 * three-digit years read as RFC 5322 4.3 says. Anything else: what Date.parse makes of it.
 */
function writtenDayNumber(value: string): number | null {
  const text = value.replace(/\([^()]*\)/g, ' ');
  const match = /^\s*(?:[a-z]{3}\s*,)?\s*(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\b/i.exec(text);
  const month = match ? MONTHS.indexOf(match[2]!.toLowerCase()) : -1;
  if (match && month >= 0) {
    let year = Number(match[3]);
    if (match[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    else if (match[3]!.length === 3) year += 1900;
    return Date.UTC(year, month, Number(match[1])) / 86_400_000;
  }
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : Math.floor(time / 86_400_000);
}

const cache = new WeakMap<Buffer, MessageInfo>();

export function messageInfo(raw: Buffer): MessageInfo {
  let info = cache.get(raw);
  if (!info) {
    info = new MessageInfo(raw);
    cache.set(raw, info);
  }
  return info;
}
