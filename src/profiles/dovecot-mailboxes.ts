/** The system folders cpmct's throwaway Dovecot may have in its inbox namespace. */

/**
 * `none`: only INBOX. `special-use`: as Debian's 15-mailboxes.conf with `auto = subscribe`,
 * the way stores ship: Drafts, Junk, Trash, Sent, Archive with their RFC 6154 special uses,
 * re-created by Dovecot whenever they are missing (so a DELETE of one does not last).
 */
export type DovecotMailboxes = 'none' | 'special-use';
export const DOVECOT_MAILBOXES: readonly DovecotMailboxes[] = ['none', 'special-use'];

/** Debian's standard special-use mailboxes, each auto-created and subscribed. */
const SYSTEM_MAILBOXES: ReadonlyArray<[string, string]> = [
  ['Drafts', '\\Drafts'],
  ['Junk', '\\Junk'],
  ['Trash', '\\Trash'],
  ['Sent', '\\Sent'],
  ['Archive', '\\Archive'],
];

/** The `mailbox` blocks of the inbox namespace (dovecot.conf text). */
export function mailboxBlocks(mailboxes: DovecotMailboxes): string {
  if (mailboxes === 'none') return '';
  return SYSTEM_MAILBOXES.map(
    ([name, use]) => `  mailbox ${name} {\n    special_use = ${use}\n    auto = subscribe\n  }\n`,
  ).join('');
}
