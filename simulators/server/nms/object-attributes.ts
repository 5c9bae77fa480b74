/**
 * What the NMS front end shows of a stored object's content: its attributes (from the
 * headers, per the contract), correlation id, date and first-level parts. Contents never
 * change, so the result is kept per content.
 */
import type { Attribute, PartRecord } from '../../../src/bindings/nms/server/backend.ts';
import { headerValue, splitHeader } from '../../../src/model/rfc822.ts';
import type { Content, StoredObject } from '../../../src/model/types.ts';
import { objectKey } from '../../../src/model/view.ts';
import { headerDate, objectTypeOfHeaders } from '../../clients/object-type.ts';
import { firstLevelParts } from './mime-parts.ts';

export interface ContentFacts {
  correlationId: string;
  headerDate?: Date;
  /** Attributes without `Date` (which may come from the internal date). */
  attributes: Attribute[];
  parts: PartRecord[];
}

const facts = new WeakMap<Content, ContentFacts>();

const COPIED_HEADERS = ['From', 'To', 'Subject', 'Content-Type', 'IMDN-Message-ID'];

function direction(header: Buffer): string | undefined {
  const direct = headerValue(header, 'Direction');
  if (direct) return direct;
  const legacy = headerValue(header, 'Message-Direction')?.toLowerCase();
  if (legacy === 'sent' || legacy === 'out') return 'Out';
  if (legacy === 'received' || legacy === 'in') return 'In';
  return undefined;
}

function messageContext(header: Buffer): string {
  const given = headerValue(header, 'Message-Context');
  if (given) return given;
  const type = objectTypeOfHeaders(header);
  return type === 'message' ? 'pager-message' : type;
}

export function contentFacts(content: Content): ContentFacts {
  const known = facts.get(content);
  if (known) return known;
  const { header } = splitHeader(content.raw);
  const attributes: Attribute[] = [{ name: 'Message-Context', value: [messageContext(header)] }];
  const dir = direction(header);
  if (dir) attributes.push({ name: 'Direction', value: [dir] });
  for (const name of COPIED_HEADERS) {
    const value = headerValue(header, name);
    if (value !== undefined) attributes.push({ name, value: [value] });
  }
  attributes.push({ name: 'Size', value: [String(content.raw.length)] });
  const date = headerDate(header);
  const result: ContentFacts = {
    correlationId: objectKey(content.raw),
    attributes,
    parts: firstLevelParts(content.raw),
    ...(date ? { headerDate: date } : {}),
  };
  facts.set(content, result);
  return result;
}

/** The object's date: the Date header, else the internal date. */
export function objectDate(content: Content, object: StoredObject): Date {
  return contentFacts(content).headerDate ?? object.internalDate;
}
