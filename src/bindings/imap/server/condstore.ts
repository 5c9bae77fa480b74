/**
 * CONDSTORE enabling commands (RFC 7162 3.1): FETCH with MODSEQ or CHANGEDSINCE, SEARCH
 * with MODSEQ, STORE with UNCHANGEDSINCE turn CONDSTORE on for the rest of the connection.
 * The first one issued while a mailbox is selected also reports the mailbox's
 * HIGHESTMODSEQ, in an untagged OK ahead of the command's own responses (as Dovecot does).
 */
import { condstoreOn, type ServerServices, type Session } from './context.ts';
import { highestModseqOut } from './reported-state.ts';

export function enableCondstore(session: Session, server: ServerServices): void {
  if (condstoreOn(session)) return;
  session.enabled.add('CONDSTORE');
  const selected = session.selected;
  if (!selected) return;
  const highest = highestModseqOut(server, selected.ref.folder);
  session.write(`* OK [HIGHESTMODSEQ ${highest}] highest mod-sequence\r\n`);
}
