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

  /** The Date header as a UTC day number (for SENTSINCE etc.), or null. */
  get sentDayNumber(): number | null {
    if (this.sentDay === undefined) {
      const value = this.fields.find((f) => f.name.toLowerCase() === 'date')?.value;
      const time = value ? Date.parse(value.replace(/\s*\([^)]*\)\s*$/, '')) : NaN;
      this.sentDay = Number.isNaN(time) ? null : Math.floor(time / 86_400_000);
    }
    return this.sentDay;
  }
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
