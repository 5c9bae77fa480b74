/** The untagged STATUS response (STATUS, LIST-STATUS, NOTIFY). */
import { condstoreOn, type MailboxRef, type ServerServices, type Session } from './context.ts';
import { bad } from './errors.ts';
import { unclaimedCount } from './recent.ts';
import { highestModseqOut, mailboxOut, uidValidityOut } from './reported-state.ts';

export const STATUS_ITEMS = [
  'MESSAGES',
  'RECENT',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'HIGHESTMODSEQ',
  'MAILBOXID',
];

/** Check requested items against the grammar and the capabilities that are on. */
export function checkStatusItems(server: ServerServices, items: string[]): string[] {
  if (items.length === 0) throw bad('empty STATUS item list');
  return items.map((raw) => {
    const item = raw.toUpperCase();
    if (!STATUS_ITEMS.includes(item)) throw bad(`unknown STATUS item ${raw}`);
    if (item === 'HIGHESTMODSEQ' && !server.capabilityOn('CONDSTORE'))
      throw bad('CONDSTORE is off');
    if (item === 'MAILBOXID' && !server.capabilityOn('OBJECTID')) throw bad('OBJECTID is off');
    return item;
  });
}

/** `items === null`: the default set NOTIFY uses. */
export function statusResponse(
  session: Session,
  server: ServerServices,
  ref: MailboxRef,
  items: string[] | null,
): string {
  const { folder } = ref;
  const wanted =
    items ??
    ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN'].concat(
      condstoreOn(session) && server.capabilityOn('CONDSTORE') ? ['HIGHESTMODSEQ'] : [],
    );
  const parts: string[] = [];
  for (const item of wanted) {
    switch (item) {
      case 'MESSAGES':
        parts.push(`MESSAGES ${folder.objects.size}`);
        break;
      case 'RECENT': {
        // Unclaimed messages, plus this session's own when it has the mailbox selected.
        const own = session.selected?.ref.folder === folder ? session.selected.recentCount : 0;
        parts.push(`RECENT ${unclaimedCount(folder) + own}`);
        break;
      }
      case 'UIDNEXT':
        parts.push(`UIDNEXT ${folder.uidNext}`);
        break;
      case 'UIDVALIDITY':
        parts.push(`UIDVALIDITY ${uidValidityOut(server, folder, session, true)}`);
        break;
      case 'UNSEEN': {
        let unseen = 0;
        for (const object of folder.objects.values()) if (!object.flags.has('\\Seen')) unseen++;
        parts.push(`UNSEEN ${unseen}`);
        break;
      }
      case 'HIGHESTMODSEQ':
        parts.push(`HIGHESTMODSEQ ${highestModseqOut(server, folder)}`);
        break;
      case 'MAILBOXID':
        parts.push(`MAILBOXID (${server.mailboxId(folder)})`);
        break;
    }
  }
  return `* STATUS ${mailboxOut(folder.name)} (${parts.join(' ')})\r\n`;
}
