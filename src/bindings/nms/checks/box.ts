/**
 * What the checks add to the NMS client (src/bindings/nms/client): a scratch folder under
 * the root, removed at cleanup, and a description of an answer for finding lines.
 */
import { requestErrorOf, type NmsHttp, type NmsResponse } from '../client/http.ts';
import { createObject, type NewObject } from '../client/objects.ts';
import type { NmsReference } from '../client/types.ts';
import { StoreFault, type CheckRun } from './run.ts';

export interface Reference {
  resourceURL: string;
  path: string;
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
  const opened = await run.http.request('GET', resourceURL, { accept: anyStatus });
  if (opened.status !== 200)
    throw new StoreFault(
      'SD-5.5.2.8',
      `POST folders answered ${resourceURL} for ${name}, but it answers ${describeAnswer(opened)}`,
    );
  return { resourceURL, path };
}

/**
 * `POST objects` (createObject), then the object's path looked up (pathToId, which reads
 * neither the object nor its flags): an object answered but not stored is the store's fault
 * on storing objects, not on the rule the check judges.
 */
export async function storeObject(http: NmsHttp, object: NewObject): Promise<NmsReference> {
  const reference = await createObject(http, object);
  if (reference.path === undefined) return reference;
  const found = await http.request(
    'GET',
    `objects/operations/pathToId?path=${encodeURIComponent(reference.path)}`,
    { accept: anyStatus },
  );
  if (found.status !== 200)
    throw new StoreFault(
      'SD-5.5.2.3',
      `POST objects answered ${reference.resourceURL}, but its path ${reference.path} answers ${describeAnswer(found)}`,
    );
  return reference;
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
