/**
 * reset-box — judges the NMS resetBox notification (the NMS counterpart of an IMAP
 * UIDVALIDITY change, which makes a client drop every id and resync, SD-5.5.2.20-notify
 * and 3a): when the server voids the box, a subscribed client is sent a resetBox event
 * (NMS spec, strict synchronization: ResetBox; protocol-digest b.2 step 3).
 * Needs the embedded simulator's control to reset the box.
 */
import { Inapplicable, runCheck } from './run.ts';
import { subscribe } from './subscribe.ts';
import { notificationWaitMs, type NmsCheck } from './types.ts';

export const resetBox: NmsCheck = (ctx) =>
  runCheck(ctx, 'reset-box', async (run) => {
    const control = ctx.control;
    if (!control) throw new Inapplicable('the store offers no server control to reset a box');
    const sub = await subscribe(run, 'cpmct-reset-box');
    const from = sub.sink.lists.length;
    await control.resetBox();
    const list = await sub.sink.waitFor(
      (l) => l.events.some((e) => e.kind === 'resetBox'),
      notificationWaitMs(ctx),
      from,
    );
    const kinds = sub.sink.lists.slice(from).flatMap((l) => l.events.map((e) => e.kind));
    run.note(`after the box reset: ${kinds.length} events (${kinds.join(', ') || 'none'})`);
    if (!list)
      run.find(
        `the box was reset but no resetBox event reached the subscription ${sub.resourceURL} ` +
          `within ${notificationWaitMs(ctx)} ms`,
      );
  });
