/**
 * The few box operations the checks build on (NMS spec 5.x resources, docs/nms-contract.md):
 * a scratch folder under the root, objects stored into it by multipart upload, reads,
 * deletions, and a description of an answer for finding lines.
 */
import { requestErrorOf, type NmsHttp, type NmsResponse } from '../client/http.ts';
import type { CheckRun } from './run.ts';

export interface Reference {
  resourceURL: string;
  path: string;
}

export interface NmsObjectJson {
  resourceURL?: string;
  lastModSeq?: unknown;
  correlationId?: string;
  flags?: { flag?: string[] };
}

/** Creates `/{prefix}-{random}` under the root; it is deleted (recursively) at cleanup. */
export async function scratchFolder(run: CheckRun, prefix: string): Promise<Reference> {
  const name = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const answer = await run.http.json<{ reference?: Partial<Reference> }>('POST', 'folders', {
    json: { folder: { parentFolderPath: '/', name } },
  });
  const resourceURL = answer.reference?.resourceURL;
  if (typeof resourceURL !== 'string')
    throw new Error(`POST folders answered no reference.resourceURL for ${name}`);
  const path = answer.reference?.path ?? `/${name}`;
  run.onCleanup(() => run.http.request('DELETE', resourceURL));
  return { resourceURL, path };
}

/** Stores one raw object into a folder; answers its reference. */
export async function storeObject(
  http: NmsHttp,
  folderURL: string,
  object: { raw: Buffer; date: Date },
  flags: string[] = [],
): Promise<Reference> {
  const form = new FormData();
  const fields = {
    object: {
      parentFolder: folderURL,
      flags: { flag: flags },
      attributes: { attribute: [{ name: 'Date', value: [object.date.toISOString()] }] },
    },
  };
  form.append('root-fields', new Blob([JSON.stringify(fields)], { type: 'application/json' }));
  form.append('attachments', new Blob([new Uint8Array(object.raw)], { type: 'message/rfc822' }));
  const answer = await http.json<{ reference?: Partial<Reference> }>('POST', 'objects', {
    body: form,
  });
  const resourceURL = answer.reference?.resourceURL;
  if (typeof resourceURL !== 'string')
    throw new Error('POST objects answered no reference.resourceURL');
  return { resourceURL, path: answer.reference?.path ?? '' };
}

export async function readObject(http: NmsHttp, url: string): Promise<NmsObjectJson> {
  const answer = await http.json<{ object?: NmsObjectJson }>('GET', url);
  if (!answer.object || typeof answer.object !== 'object')
    throw new Error(`GET ${url} answered no object`);
  return answer.object;
}

/** The last path segment of a resource URL, decoded: the object or folder id. */
export function idOf(url: string): string {
  const last = url.replace(/\/+$/, '').split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** `404 SVC0004 "text"` or `200 {"objectList"…` — what came back, for a finding. */
export function describeAnswer(response: NmsResponse): string {
  const error = requestErrorOf(response.json);
  if (error) return `${response.status} ${error.messageId}`;
  const body = response.body.toString('utf8').slice(0, 80).replace(/\s+/g, ' ');
  return body ? `${response.status} ${JSON.stringify(body)}` : `${response.status} (no body)`;
}

/** Any status is an answer, not an error (for probes that judge the status themselves). */
export const anyStatus = (): boolean => true;
