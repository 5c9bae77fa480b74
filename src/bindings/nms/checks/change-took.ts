/**
 * Whether a change a check made took effect. A check that waits for the event of a change
 * must not blame the notification rule when the change itself never happened: that proves
 * the change's own clause broken (a flag update, 5.5.2.13; a deletion, 5.5.2.6).
 */
import { getObject } from '../client/index.ts';
import { anyStatus } from './box.ts';
import type { CheckRun } from './run.ts';

export const FLAG_UPDATE_CLAUSE = 'SD-5.5.2.13';
export const DELETION_CLAUSE = 'SD-5.5.2.6';
/** No event at all for a change that did happen: the notification rule itself. */
export const NOTIFY_CLAUSE = 'SD-5.5.2.20-notify';

/** Whether the object now carries `flag`; undefined when the object cannot be read. */
export async function carriesFlag(
  run: CheckRun,
  url: string,
  flag: string,
): Promise<boolean | undefined> {
  try {
    const object = await getObject(run.http, url);
    return (object.flags?.flag ?? []).some((f) => f.toLowerCase() === flag.toLowerCase());
  } catch {
    return undefined;
  }
}

/** Whether the object can still be read after it was deleted. */
export async function stillThere(run: CheckRun, url: string): Promise<boolean> {
  const answer = await run.http.request('GET', url, { accept: anyStatus });
  return answer.status >= 200 && answer.status < 300;
}
