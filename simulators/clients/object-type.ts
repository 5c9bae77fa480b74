/**
 * What a stored object is, from its top-level headers (protocol-digest c.1):
 * - message: Content-Type message/cpim (chat, SMS/MMS via Message-Context), or text/*;
 * - file-transfer-history: multipart/related with type="Application/X-CPM-File-Transfer";
 * - session-history: Application/X-CPM-Session;
 * - standalone-media: image/*, audio/*, video/*, any other application/* or multipart/*.
 * A missing Content-Type is text/plain by RFC 2045, hence a message.
 */
import type { ObjectType } from '../../src/model/types.ts';
import { headerValue } from '../../src/model/rfc822.ts';

const MESSAGE_CONTEXTS = new Set(['pager-message', 'multimedia-message', 'lmm-message']);

export function objectTypeOfHeaders(header: Buffer): ObjectType {
  return objectTypeOf(headerValue(header, 'Content-Type'), headerValue(header, 'Message-Context'));
}

/** The same decision from the two values (e.g. NMS `Content-Type` and `Message-Context` attributes). */
export function objectTypeOf(
  contentTypeValue: string | undefined,
  contextValue: string | undefined,
): ObjectType {
  const contentType = (contentTypeValue ?? 'text/plain').toLowerCase();
  const context = (contextValue ?? '').trim().toLowerCase();
  if (contentType.includes('application/x-cpm-file-transfer')) return 'file-transfer-history';
  if (contentType.startsWith('application/x-cpm-session')) return 'session-history';
  if (contentType.startsWith('message/cpim') || contentType.startsWith('text/')) return 'message';
  if (MESSAGE_CONTEXTS.has(context)) return 'message';
  return 'standalone-media';
}

/** The object's date header, if it parses. */
export function headerDate(header: Buffer): Date | undefined {
  const value = headerValue(header, 'Date');
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
