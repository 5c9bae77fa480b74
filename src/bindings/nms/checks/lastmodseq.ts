/**
 * lastmodseq — judges the NMS strict-sync rule on an object's lastModSeq, which the
 * metadata step SD-5.5.2.20-3f relies on: it is an unsigned integer, a flag change
 * raises it, and a change that changes nothing (setting a flag already set) or a mere
 * read leaves it as it was (NMS spec, strict synchronization; protocol-digest b.2).
 */
import { scratchFolder, storeObject } from './box.ts';
import { runCheck, StoreFault, type CheckRun } from './run.ts';
import { getObject } from '../client/index.ts';
import type { NmsCheck } from './types.ts';
import { FLAG_UPDATE_CLAUSE } from './change-took.ts';

const SEEN = '\\Seen';

export const lastmodseq: NmsCheck = (ctx) =>
  runCheck(ctx, 'lastmodseq', async (run) => {
    const folder = await scratchFolder(run, 'cpmct-lastmodseq');
    const { resourceURL: url } = await storeObject(run.http, {
      parentFolder: folder.resourceURL,
      ...ctx.makeObject(1),
      flags: [],
    });
    const flagUrl = `${url}/flags/${encodeURIComponent(SEEN)}`;

    const created = await modseq(run, url, 'after creation');
    const reread = await modseq(run, url, 'on a second read');
    if (created !== undefined && reread !== undefined && reread !== created)
      run.find(`GET ${url} twice: lastModSeq went from ${created} to ${reread} with no change`);

    if ((await getObject(run.http, url)).flags?.flag?.includes(SEEN))
      throw new StoreFault('SD-5.5.2.4', `GET ${url}: reading the object set \\Seen on it`);
    const added = await run.http.request('PUT', flagUrl, { json: {} });
    const afterAdd = await getObject(run.http, url);
    if (!afterAdd.flags?.flag?.includes(SEEN)) {
      // The update itself did not take: that is the store's fault, not an unjudgeable rule.
      run.find(
        `PUT ${flagUrl} answered ${added.status} but \\Seen was not set`,
        FLAG_UPDATE_CLAUSE,
      );
      return;
    }
    const raised = await modseq(run, url, 'after setting \\Seen');
    if (reread !== undefined && raised !== undefined && !(raised > reread))
      run.find(
        `PUT ${flagUrl} (-> ${added.status}) set \\Seen but lastModSeq stayed ${raised} ` +
          `(was ${reread}); a flag change must raise it`,
      );

    const again = await run.http.request('PUT', flagUrl, { json: {} });
    const unchanged = await modseq(run, url, 'after setting \\Seen again');
    if (raised !== undefined && unchanged !== undefined && unchanged !== raised)
      run.find(
        `PUT ${flagUrl} again (already set, -> ${again.status}) moved lastModSeq ` +
          `from ${raised} to ${unchanged}; a no-op must leave it unchanged`,
      );

    const removed = await run.http.request('DELETE', flagUrl);
    const lowered = await modseq(run, url, 'after removing \\Seen');
    if (unchanged !== undefined && lowered !== undefined && !(lowered > unchanged))
      run.find(
        `DELETE ${flagUrl} (-> ${removed.status}) removed \\Seen but lastModSeq stayed ` +
          `${lowered} (was ${unchanged}); a flag change must raise it`,
      );
    run.note(
      `lastModSeq: created ${created}, re-read ${reread}, +\\Seen ${raised}, ` +
        `+\\Seen again ${unchanged}, -\\Seen ${lowered}`,
    );
  });

/** The object's lastModSeq as a bigint; a finding (and undefined) when it is not one. */
async function modseq(run: CheckRun, url: string, when: string): Promise<bigint | undefined> {
  const object = await getObject(run.http, url);
  const value = object.lastModSeq;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  run.find(`GET ${url} ${when}: lastModSeq ${JSON.stringify(value)} is not a non-negative integer`);
  return undefined;
}
