/**
 * Everything a session has to be told about changes made elsewhere: selected-mailbox
 * updates (EXPUNGE/VANISHED, EXISTS, FETCH FLAGS) and NOTIFY events for other mailboxes.
 */
import type { ServerServices, Session } from './context.ts';
import { renderFetch } from './fetch-render.ts';
import { notifySilenced } from './notify-watcher.ts';
import type { Chunk } from './serializer.ts';

export function takeUpdates(
  session: Session,
  server: ServerServices,
  withExpunges: boolean,
): Chunk[] {
  const out: Chunk[] = [];
  const selected = session.selected;
  if (selected && !selected.gone) {
    const { lines, newUids } = selected.takeUpdates(withExpunges);
    out.push(...lines);
    const items = session.notify?.selectedGroup?.events.has('MESSAGENEW')
      ? session.notify.selectedGroup.fetchItems
      : [];
    if (items.length > 0 && !notifySilenced(server)) {
      for (const uid of newUids) {
        const response = renderFetch(session, server, selected, uid, items, {
          withUid: true,
          withModseq: false,
        });
        if (response) out.push(...response);
      }
    }
  }
  if (session.notify) out.push(...session.notify.take());
  return out;
}

export function hasUpdates(session: Session): boolean {
  return !!(
    session.selected?.hasPending() ||
    session.selected?.gone ||
    session.notify?.hasPending()
  );
}
