/**
 * event-index — judges the NMS notification rules behind SD-5.5.2.20-notify: event lists
 * of one subscription carry index 1, 2, 3, … and a restartToken each; an update of the
 * subscription with an earlier restartToken delivers the later events again, and the
 * index keeps counting instead of starting over (NMS spec, strict synchronization:
 * NmsEventList index/restartToken, NmsSubscriptionUpdate; protocol-digest b.2 steps 3-4).
 */
import type { ReceivedList } from './callback.ts';
import { scratchFolder, storeObject } from './box.ts';
import { runCheck } from './run.ts';
import { carriesFlag, FLAG_UPDATE_CLAUSE } from './change-took.ts';
import { subscribe } from './subscribe.ts';
import { notificationWaitMs, type NmsCheck } from './types.ts';

const FLAGS = ['\\Seen', '\\Flagged'];

export const eventIndex: NmsCheck = (ctx) =>
  runCheck(ctx, 'event-index', async (run) => {
    const folder = await scratchFolder(run, 'cpmct-events');
    const { resourceURL: url } = await storeObject(run.http, {
      parentFolder: folder.resourceURL,
      ...ctx.makeObject(1),
      flags: [],
    });
    const sub = await subscribe(run, 'cpmct-event-index');
    run.note(`subscription ${sub.resourceURL}: announced index ${String(sub.index)}`);
    const about = (list: ReceivedList): boolean => list.events.some((e) => e.resourceURL === url);

    const changes: Array<[string, string]> = [
      ['PUT', FLAGS[0] ?? ''],
      ['PUT', FLAGS[1] ?? ''],
      ['DELETE', FLAGS[0] ?? ''],
    ];
    const lists: ReceivedList[] = [];
    for (const [method, flag] of changes) {
      const from = sub.sink.lists.length;
      const target = `${url}/flags/${encodeURIComponent(flag)}`;
      await run.http.request(method, target, method === 'PUT' ? { json: {} } : {});
      const list = await sub.sink.waitFor(about, notificationWaitMs(ctx), from);
      if (!list) {
        const took = (await carriesFlag(run, url, flag)) === (method === 'PUT');
        if (took)
          run.find(
            `${method} ${target}: no event list about the object reached the callback ` +
              `within ${notificationWaitMs(ctx)} ms (change ${lists.length + 1} of 3)`,
          );
        else
          run.find(
            `${method} ${target} was answered but the flag did not change, so no event could follow`,
            FLAG_UPDATE_CLAUSE,
          );
        return;
      }
      lists.push(list);
    }

    const first = sub.sink.lists.slice();
    const indexes = first.map((l) => String(l.index)).join(', ');
    run.note(`before the update ${first.length} event lists arrived, index ${indexes}`);
    if (first.some((list, i) => list.index !== i + 1))
      run.find(`the event lists before the update carried index ${indexes}, not 1, 2, 3, …`);
    first.forEach((list, i) => {
      if (typeof list.restartToken !== 'string' || list.restartToken === '')
        run.find(`event list ${i + 1} (index ${String(list.index)}) carried no restartToken`);
    });
    const token = lists[0]?.restartToken;
    if (typeof token !== 'string' || token === '') return;

    const wanted = latestByResource(lists.slice(1));
    const before = first.length;
    const update = await run.http.request('POST', sub.resourceURL, {
      json: { nmsSubscriptionUpdate: { restartToken: token } },
    });
    const covered = (): boolean => {
      const again = latestByResource(sub.sink.lists.slice(before));
      return [...wanted].every(([resource, seq]) => atLeast(again.get(resource), seq));
    };
    await sub.sink.waitFor(() => covered(), notificationWaitMs(ctx), before);
    const replayed = sub.sink.lists.slice(before);
    run.note(
      `after POST ${sub.resourceURL} (restartToken ${token}) -> ${update.status}: ` +
        `${replayed.length} lists, index ${replayed.map((l) => String(l.index)).join(', ')}`,
    );
    if (!covered())
      run.find(
        `POST ${sub.resourceURL} with restartToken ${token} (-> ${update.status}): the ` +
          `events of lists 2 and 3 were not delivered again (with their latest lastModSeq) within ${notificationWaitMs(ctx)} ms`,
      );
    const last = first.at(-1)?.index;
    const base = typeof last === 'number' ? last : first.length;
    replayed.forEach((list, i) => {
      const expected = base + 1 + i;
      if (list.index !== expected)
        run.find(
          `replayed event list ${i + 1} carried index ${String(list.index)}, expected ` +
            `${expected}: the index continues across an update, never restarts`,
        );
    });
  });

/**
 * For each resource, the highest lastModSeq the lists carried. A replay may coalesce
 * several changes of one resource into one event with the net state (NMS spec, strict
 * synchronization), so "delivered again" means: every resource of the later lists comes
 * back with at least the lastModSeq it last had.
 */
function latestByResource(lists: ReceivedList[]): Map<string, unknown> {
  const latest = new Map<string, unknown>();
  for (const event of lists.flatMap((l) => l.events)) {
    const key = event.resourceURL ?? '';
    if (!latest.has(key) || atLeast(event.lastModSeq, latest.get(key)))
      latest.set(key, event.lastModSeq);
  }
  return latest;
}

function atLeast(value: unknown, floor: unknown): boolean {
  if (typeof value === 'number' && typeof floor === 'number') return value >= floor;
  return value !== undefined && value === floor;
}
