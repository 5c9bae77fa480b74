/**
 * One error probe: send a request that a conforming NMS store must refuse, and turn an
 * answer that does not match (status, requestError messageId, Allow header, leaked box
 * data) into a finding line naming the request and what came back.
 */
import { NmsError, requestErrorOf, type NmsHttp, type RequestOptions } from '../client/http.ts';
import { anyStatus, describeAnswer } from './box.ts';
import type { CheckRun } from './run.ts';

export interface Expectation {
  /** Statuses that conform; '4xx' for any client error. */
  status: number[] | '4xx';
  /** The requestError messageId the answer must carry (implies a requestError body). */
  messageId?: string;
  /** The answer must carry a requestError body. */
  requestError?: boolean;
  /** The answer must carry an Allow header. */
  allow?: boolean;
  /** Strings that must not appear in the answer (another box's URL, …). */
  mustNotContain?: string[];
}

/** Body keys that carry box data; an error answer never has them. */
const DATA_KEYS = [
  'object',
  'objectList',
  'folder',
  'folderList',
  'reference',
  'nmsSubscriptionList',
];

export async function probe(
  run: CheckRun,
  http: NmsHttp,
  what: string,
  method: string,
  path: string,
  expect: Expectation,
  options: RequestOptions = {},
): Promise<void> {
  const request = `${what}: ${method} ${http.url(path)}`;
  let response;
  try {
    response = await http.request(method, path, { ...options, accept: anyStatus });
  } catch (error) {
    const reason = error instanceof NmsError ? error.message : String(error);
    run.find(`${request} got no answer (${reason}); expected ${statusText(expect)}`);
    return;
  }
  const got = describeAnswer(response);
  const problems: string[] = [];
  const conforms =
    expect.status === '4xx'
      ? response.status >= 400 && response.status < 500
      : expect.status.includes(response.status);
  if (!conforms) problems.push(`expected status ${statusText(expect)}`);
  const error = requestErrorOf(response.json);
  if (expect.messageId && error?.messageId !== expect.messageId)
    problems.push(`expected a requestError with ${expect.messageId}`);
  else if (expect.requestError && !error) problems.push('expected a requestError body');
  if (expect.allow && !response.headers.get('allow')) problems.push('expected an Allow header');
  const json = response.json;
  const leaked = json && typeof json === 'object' ? DATA_KEYS.filter((key) => key in json) : [];
  if (leaked.length) problems.push(`the answer carries box data (${leaked.join(', ')})`);
  const text = response.body.toString('utf8');
  const foreign = (expect.mustNotContain ?? []).filter((s) => s && text.includes(s));
  if (foreign.length) problems.push(`the answer names ${foreign.join(', ')}`);
  if (problems.length) run.find(`${request} -> ${got}: ${problems.join('; ')}`);
  else run.note(`${request} -> ${got}`);
}

function statusText(expect: Expectation): string {
  return expect.status === '4xx' ? '4xx' : expect.status.join(' or ');
}
