/**
 * The first-level MIME parts of a stored object: for a multipart object each part between
 * the boundaries (nested multiparts stay one part), else the body as one part.
 */
import { headerValue, splitHeader } from '../../../src/model/rfc822.ts';
import type { PartRecord } from '../../../src/bindings/nms/server/backend.ts';

export function contentTypeOf(header: Buffer): string {
  return (headerValue(header, 'Content-Type') ?? 'text/plain').trim();
}

function boundaryOf(contentType: string): string | undefined {
  if (!/^multipart\//i.test(contentType)) return undefined;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function firstLevelParts(raw: Buffer): PartRecord[] {
  const { header, body } = splitHeader(raw);
  const contentType = contentTypeOf(header);
  const boundary = boundaryOf(contentType);
  if (!boundary) return [{ contentType: contentType.split(';')[0]!.trim(), body }];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: PartRecord[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const lineEnd = body.indexOf('\n', at);
    if (
      lineEnd < 0 ||
      body.subarray(at + delimiter.length, at + delimiter.length + 2).toString() === '--'
    )
      break;
    const next = body.indexOf(delimiter, lineEnd);
    if (next < 0) break;
    let end = next;
    if (body[end - 1] === 0x0a) end -= 1;
    if (body[end - 1] === 0x0d) end -= 1;
    const part = body.subarray(lineEnd + 1, end);
    const split = splitHeader(part);
    parts.push({ contentType: contentTypeOf(split.header), body: split.body });
    at = next;
  }
  return parts;
}
