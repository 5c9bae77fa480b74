/**
 * paging — judges the NMS enumeration rule behind SD-5.5.2.20-3b (fetch every new object):
 * walking `objects/operations/search` page by page, following each answer's cursor, must
 * return at least once every object that existed for the whole walk, even when objects
 * are created and deleted mid-walk, and the walk must end (NMS spec 5.x, search with
 * SelectionCriteria fromCursor/maxEntries; protocol-digest b.2 step 2).
 */
import { scratchFolder, storeObject } from './box.ts';
import { runCheck } from './run.ts';
import { idOfUrl } from '../client/index.ts';
import type { NmsCheck } from './types.ts';

const INITIAL = 25;
const PAGE = 4;
/** Pages after which the walk is declared endless. */
const MAX_PAGES = 3 * Math.ceil((INITIAL + 2) / PAGE) + 5;
/** The page after which objects are created and deleted. */
const MIDWAY = 3;

interface Page {
  ids: string[];
  cursor: string | undefined;
}

export const paging: NmsCheck = (ctx) =>
  runCheck(ctx, 'paging', async (run) => {
    const folder = await scratchFolder(run, 'cpmct-paging');
    const stable = new Map<string, string>();
    for (let n = 1; n <= INITIAL; n++) {
      const ref = await storeObject(run.http, {
        parentFolder: folder.resourceURL,
        ...ctx.makeObject(n),
        flags: [],
      });
      stable.set(idOfUrl(ref.resourceURL), ref.resourceURL);
    }

    const seen = new Map<string, number>();
    const readPage = async (cursor: string | undefined): Promise<Page> => {
      const answer = await run.http.json<{ objectList?: { object?: unknown; cursor?: unknown } }>(
        'POST',
        'objects/operations/search',
        {
          json: {
            selectionCriteria: {
              maxEntries: PAGE,
              searchScope: { resourceURL: folder.resourceURL },
              ...(cursor !== undefined ? { fromCursor: cursor } : {}),
            },
          },
        },
      );
      const list = answer.objectList ?? {};
      const objects = Array.isArray(list.object) ? (list.object as unknown[]) : [];
      const ids = objects.flatMap((o) => {
        const url = (o as { resourceURL?: unknown } | null)?.resourceURL;
        return typeof url === 'string' ? [idOfUrl(url)] : [];
      });
      const next = typeof list.cursor === 'string' && list.cursor !== '' ? list.cursor : undefined;
      return { ids, cursor: next };
    };

    let cursor: string | undefined;
    let pages = 0;
    let ended = false;
    const cursors = new Set<string>();
    while (pages < MAX_PAGES) {
      const page = await readPage(cursor);
      pages += 1;
      if (page.ids.length > PAGE)
        run.find(`search page ${pages} held ${page.ids.length} objects with maxEntries ${PAGE}`);
      for (const id of page.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
      if (page.cursor === undefined) {
        ended = true;
        break;
      }
      if (cursors.has(page.cursor)) {
        run.find(`search page ${pages} answered cursor ${page.cursor} a second time (a loop)`);
        break;
      }
      cursors.add(page.cursor);
      cursor = page.cursor;
      if (pages === MIDWAY) await churn([...seen.keys()]);
    }
    if (!ended && pages >= MAX_PAGES)
      run.find(`the search walk had not ended after ${MAX_PAGES} pages of ${PAGE}`);

    const missing = [...stable.keys()].filter((id) => !seen.has(id));
    if (missing.length)
      run.find(
        `the search walk (maxEntries ${PAGE}, ${pages} pages) never returned ` +
          `${missing.length} of ${stable.size} objects that existed throughout: ` +
          missing.slice(0, 6).join(', ') +
          (missing.length > 6 ? ', …' : ''),
      );
    const repeats = [...seen.values()].filter((count) => count > 1).length;
    run.note(
      `walk: ${pages} pages, ${seen.size} distinct objects, ${repeats} returned more than once; ` +
        `${stable.size} objects existed throughout`,
    );

    /** Deletes two objects already returned, creates two new ones. */
    async function churn(returned: string[]): Promise<void> {
      const victims = returned.filter((id) => stable.has(id)).slice(0, 2);
      for (const id of victims) {
        const url = stable.get(id) ?? '';
        await run.http.request('DELETE', url);
        stable.delete(id);
      }
      for (let n = INITIAL + 1; n <= INITIAL + 2; n++)
        await storeObject(run.http, {
          parentFolder: folder.resourceURL,
          ...ctx.makeObject(n),
          flags: [],
        });
      run.note(`after page ${MIDWAY}: deleted ${victims.join(', ')}; created 2 objects`);
    }
  });
