/**
 * expiry — judges the NMS distinction between a user deletion and a server expiry that
 * the removal step SD-5.5.2.20-3c depends on: a DELETE is notified as deletedObject, an
 * object the server removes by policy as expiredObject, never as a deletion (NMS spec,
 * strict synchronization: DeletedObject vs ExpiredObject events; protocol-digest b.2).
 * Needs the embedded simulator's control to cause the expiry.
 */
import type { ReceivedList } from './callback.ts';
import { scratchFolder, storeObject } from './box.ts';
import { Inapplicable, runCheck } from './run.ts';
import { DELETION_CLAUSE, NOTIFY_CLAUSE, stillThere } from './change-took.ts';
import { subscribe } from './subscribe.ts';
import { notificationWaitMs, type NmsCheck } from './types.ts';

export const expiry: NmsCheck = (ctx) =>
  runCheck(ctx, 'expiry', async (run) => {
    const control = ctx.control;
    if (!control) throw new Inapplicable('the store offers no server control to expire objects');
    const folder = await scratchFolder(run, 'cpmct-expiry');
    const deletedObject = ctx.makeObject(1);
    const expiredObject = ctx.makeObject(2);
    const deleted = await storeObject(run.http, {
      parentFolder: folder.resourceURL,
      ...deletedObject,
      flags: [],
    });
    const expired = await storeObject(run.http, {
      parentFolder: folder.resourceURL,
      ...expiredObject,
      flags: [],
    });
    const sub = await subscribe(run, 'cpmct-expiry');

    const kindsFor = (url: string, from: number): string[] =>
      sub.sink.lists
        .slice(from)
        .flatMap((l) => l.events)
        .filter((e) => e.resourceURL === url)
        .map((e) => e.kind);
    const removedEvent = (url: string) => (l: ReceivedList) =>
      l.events.some(
        (e) => e.resourceURL === url && (e.kind === 'deletedObject' || e.kind === 'expiredObject'),
      );

    let from = sub.sink.lists.length;
    const answer = await run.http.request('DELETE', deleted.resourceURL);
    await sub.sink.waitFor(removedEvent(deleted.resourceURL), notificationWaitMs(ctx), from);
    const afterDelete = kindsFor(deleted.resourceURL, from);
    run.note(`DELETE ${deleted.resourceURL} -> ${answer.status}: events ${afterDelete.join(', ')}`);
    if (!afterDelete.includes('deletedObject')) {
      if (await stillThere(run, deleted.resourceURL))
        run.find(
          `DELETE ${deleted.resourceURL} (-> ${answer.status}) left the object in place, so no deletedObject event could follow`,
          DELETION_CLAUSE,
        );
      else
        run.find(
          `DELETE ${deleted.resourceURL} (-> ${answer.status}): no deletedObject event within ` +
            `${notificationWaitMs(ctx)} ms (got: ${afterDelete.join(', ') || 'none'})`,
          NOTIFY_CLAUSE,
        );
    }

    from = sub.sink.lists.length;
    const folderName = folder.path.replace(/^\/+/, '');
    await control.expireObject(folderName, expiredObject.key);
    await sub.sink.waitFor(removedEvent(expired.resourceURL), notificationWaitMs(ctx), from);
    const afterExpiry = kindsFor(expired.resourceURL, from);
    run.note(`expireObject(${folderName}, ${expiredObject.key}): events ${afterExpiry.join(', ')}`);
    if (afterExpiry.includes('deletedObject'))
      run.find(
        `server expiry of ${expired.resourceURL} was notified as deletedObject; ` +
          `a policy removal must be expiredObject`,
      );
    else if (!afterExpiry.includes('expiredObject'))
      run.find(
        `server expiry of ${expired.resourceURL}: no expiredObject event within ` +
          `${notificationWaitMs(ctx)} ms (got: ${afterExpiry.join(', ') || 'none'})`,
        NOTIFY_CLAUSE,
      );
  });
