/** ENVELOPE, BODY and BODYSTRUCTURE response data from a parsed MIME tree (RFC 3501 7.4.2). */
import { nstringOut, stringOut } from '../serializer.ts';
import { parseAddressList, type EnvelopeAddress } from './addresses.ts';
import {
  fieldValue,
  parseStructuredValue,
  type HeaderField,
  type MimePart,
} from './mime-parser.ts';

function addressOut(address: EnvelopeAddress): string {
  return `(${nstringOut(address.name)} NIL ${nstringOut(address.mailbox)} ${nstringOut(address.host)})`;
}

/** Sender and Reply-To default to From when absent or empty (RFC 3501 7.4.2 ENVELOPE). */
function addressListOut(fields: HeaderField[], name: string, fallback?: string): string {
  const own = fieldValue(fields, name);
  const value =
    fallback && (own === undefined || own.trim() === '') ? fieldValue(fields, fallback) : own;
  if (value === undefined) return 'NIL';
  const addresses = parseAddressList(value);
  return addresses.length === 0 ? 'NIL' : `(${addresses.map(addressOut).join('')})`;
}

export function envelopeOut(fields: HeaderField[]): string {
  const text = (name: string) => nstringOut(fieldValue(fields, name));
  return (
    '(' +
    [
      text('Date'),
      text('Subject'),
      addressListOut(fields, 'From'),
      addressListOut(fields, 'Sender', 'From'),
      addressListOut(fields, 'Reply-To', 'From'),
      addressListOut(fields, 'To'),
      addressListOut(fields, 'Cc'),
      addressListOut(fields, 'Bcc'),
      text('In-Reply-To'),
      text('Message-ID'),
    ].join(' ') +
    ')'
  );
}

function paramsOut(params: Array<[string, string]>): string {
  if (params.length === 0) return 'NIL';
  return `(${params.map(([k, v]) => `${stringOut(k)} ${stringOut(v)}`).join(' ')})`;
}

function countLines(raw: Buffer, start: number, end: number): number {
  if (end <= start) return 0;
  let lines = 0;
  let at = raw.indexOf(0x0a, start);
  while (at >= 0 && at < end) {
    lines++;
    at = raw.indexOf(0x0a, at + 1);
  }
  return raw[end - 1] === 0x0a ? lines : lines + 1;
}

function dispositionOut(fields: HeaderField[]): string {
  const value = fieldValue(fields, 'Content-Disposition');
  if (!value) return 'NIL';
  const parsed = parseStructuredValue(value);
  return `(${stringOut(parsed.main.toLowerCase())} ${paramsOut(parsed.params)})`;
}

function languageOut(fields: HeaderField[]): string {
  const value = fieldValue(fields, 'Content-Language');
  if (!value) return 'NIL';
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return tags.length === 1 ? stringOut(tags[0]!) : `(${tags.map(stringOut).join(' ')})`;
}

/** BODYSTRUCTURE (extensible) or BODY (basic) for a part. */
export function bodyStructureOut(raw: Buffer, part: MimePart, extensible: boolean): string {
  const { type, subtype, params } = part.contentType;
  const extension = (md5: boolean) =>
    extensible
      ? ' ' +
        [
          ...(md5 ? [nstringOut(fieldValue(part.fields, 'Content-MD5'))] : []),
          dispositionOut(part.fields),
          languageOut(part.fields),
          nstringOut(fieldValue(part.fields, 'Content-Location')),
        ].join(' ')
      : '';
  if (type === 'multipart') {
    const children =
      part.children.length > 0
        ? part.children.map((child) => bodyStructureOut(raw, child, extensible)).join('')
        : '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0)';
    const multipartExtension = extensible ? ` ${paramsOut(params)}${extension(false)}` : '';
    return `(${children} ${stringOut(subtype)}${multipartExtension})`;
  }
  const size = part.end - part.bodyStart;
  const basic = [
    stringOut(type),
    stringOut(subtype),
    paramsOut(params),
    nstringOut(fieldValue(part.fields, 'Content-ID')),
    nstringOut(fieldValue(part.fields, 'Content-Description')),
    stringOut((fieldValue(part.fields, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase()),
    String(size),
  ];
  if (part.message) {
    basic.push(
      envelopeOut(part.message.fields),
      bodyStructureOut(raw, part.message, extensible),
      String(countLines(raw, part.bodyStart, part.end)),
    );
  } else if (type === 'text') {
    basic.push(String(countLines(raw, part.bodyStart, part.end)));
  }
  return `(${basic.join(' ')}${extension(true)})`;
}
