/**
 * NMS ids and the resource URLs that carry them. Anything that does not match the id
 * grammar (`..`, `/`, `%2F`, another box) is refused before it reaches the backend.
 */
import { invalid, notFound } from './request-error.ts';

export const FOLDER_ID = /^(root|[fv][0-9]+)$/;
export const OBJECT_ID = /^f[0-9]+-[0-9]+-[0-9]+$/;
export const SUBSCRIPTION_ID = /^s[0-9]+$/;

/** The id itself when it is well formed, else `404 SVC0004` naming the request path. */
export function checkId(id: string | readonly string[] | undefined, grammar: RegExp, path: string) {
  if (typeof id !== 'string' || id === 'operations' || !grammar.test(id)) throw notFound(path);
  return id;
}

/**
 * The id named by a resource URL of this box (`{root}/{collection}/{id}`); a full URL or
 * an absolute path. Anything else is `400 SVC0002`.
 */
export function idFromUrl(
  url: unknown,
  root: string,
  collection: 'folders' | 'objects',
  what: string,
): string {
  if (typeof url !== 'string') throw invalid(what);
  let pathname: string;
  try {
    pathname = new URL(url, root).pathname;
  } catch {
    throw invalid(what);
  }
  const prefix = `${new URL(root).pathname}/${collection}/`;
  if (!pathname.startsWith(prefix)) throw invalid(what);
  let id: string;
  try {
    id = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    throw invalid(what);
  }
  const grammar = collection === 'folders' ? FOLDER_ID : OBJECT_ID;
  if (!grammar.test(id)) throw invalid(what);
  return id;
}
