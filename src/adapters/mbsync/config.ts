/**
 * The mbsync configuration cpmct generates for one device, and the mapping of the user's
 * partial-sync preferences onto what mbsync 1.4 can do.
 *
 * - Folder subset -> `Patterns` (IMAP patterns: an exact name, or a prefix ending in `*`,
 *   where `*` also matches `/` just as the preference's prefix does; an empty list is
 *   `Patterns !*`). The INBOX lives under `Path`, so `*` matches it too.
 * - Latest N -> `MaxMessages N` with `ExpireUnread yes`. mbsync applies it to the near side
 *   (the Maildir) only and never deletes on the server; it keeps the N messages that arrived
 *   last (highest UIDs, *not* the latest by date), never expires \Flagged messages, and
 *   without `ExpireUnread yes` it keeps every unread one (or refuses with "unread messages
 *   in excess of MaxMessages ... Skipping mailbox", exit 1). `MaxMessages 0` means
 *   unlimited, so latest 0 cannot be expressed.
 * - Size limit -> `MaxSize N` on the Maildir store only (a channel-wide MaxSize would also
 *   stop uploads): a larger message arrives as a placeholder (original headers, subject
 *   prefixed "[placeholder]", a short note as body) until it is flagged and synced again.
 * - Date window, types and metadata-only/on-demand content: mbsync has no such thing.
 * - TLS (the profile's endpoint.tls): `SSLType STARTTLS` or `IMAPS`, the profile's caFile as
 *   `CertificateFile`. mbsync 1.4 always verifies the certificate (a file holding the
 *   server's own certificate is trusted too); it cannot be told not to, so tlsVerify: false
 *   without a caFile is refused with one line.
 */
import type { SyncPreferences } from '../../engine/ports.ts';

export interface MbsyncSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The Maildir root (the device's local storage). */
  maildir: string;
  /** `Patterns` arguments; undefined = every folder. */
  patterns?: string[];
  maxMessages?: number;
  maxSize?: number;
  /** Transport security; absent or `none`: plain IMAP. */
  tls?: { mode: 'none' | 'starttls' | 'implicit' | 'https'; verify: boolean; caFile?: string };
}

/** The account's TLS lines; throws one line for what mbsync cannot do. */
export function tlsLines(tls: MbsyncSettings['tls']): string[] {
  if (!tls || tls.mode === 'none') return ['SSLType None'];
  if (tls.mode === 'https') throw new Error('mbsync speaks IMAP, not https');
  if (!tls.verify && tls.caFile === undefined)
    throw new Error(
      "mbsync always verifies the certificate: give the store's CA (or certificate) in endpoint.caFile",
    );
  return [
    `SSLType ${tls.mode === 'starttls' ? 'STARTTLS' : 'IMAPS'}`,
    ...(tls.caFile !== undefined ? [`CertificateFile ${quote(tls.caFile)}`] : []),
  ];
}

/** What of the preferences mbsync can express; throws one line for what it cannot. */
export function mapPreferences(
  prefs: SyncPreferences,
): Pick<MbsyncSettings, 'patterns' | 'maxMessages' | 'maxSize'> {
  const unsupported = (what: string) => new Error(`mbsync cannot ${what} (unsupported preference)`);
  if (prefs.since !== undefined || prefs.before !== undefined)
    throw unsupported('limit sync to a date window (since/before)');
  if (prefs.types !== undefined) throw unsupported('filter objects by type');
  if (prefs.content === 'on-demand')
    throw unsupported('sync metadata only and fetch content on demand (content: on-demand)');
  const out: Pick<MbsyncSettings, 'patterns' | 'maxMessages' | 'maxSize'> = {};
  if (prefs.folders !== undefined) {
    for (const p of prefs.folders) {
      const exact = p.endsWith('*') ? p.slice(0, -1) : p;
      if (/[*%]/.test(exact) || p.startsWith('!'))
        throw unsupported(`match the folder ${JSON.stringify(p)} (IMAP pattern characters)`);
    }
    out.patterns = prefs.folders.length ? [...prefs.folders] : ['!*'];
  }
  if (prefs.latest !== undefined) {
    if (!Number.isInteger(prefs.latest) || prefs.latest < 0)
      throw new Error(`preferences: latest must be a non-negative integer, got ${prefs.latest}`);
    if (prefs.latest === 0) throw unsupported('keep 0 messages (MaxMessages 0 means unlimited)');
    out.maxMessages = prefs.latest;
  }
  if (prefs.maxSize !== undefined) {
    if (!Number.isInteger(prefs.maxSize) || prefs.maxSize < 0)
      throw new Error(`preferences: maxSize must be a non-negative integer, got ${prefs.maxSize}`);
    if (prefs.maxSize === 0) throw unsupported('limit size to 0 bytes (MaxSize 0 means unlimited)');
    out.maxSize = prefs.maxSize;
  }
  return out;
}

/** A config argument, quoted (mbsync's parser takes "..." with backslash escapes). */
export function quote(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error('mbsync config values cannot hold line breaks');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function renderConfig(s: MbsyncSettings, label: string): string {
  const root = s.maildir.endsWith('/') ? s.maildir : `${s.maildir}/`;
  const patterns = s.patterns ?? ['*'];
  return [
    `# generated by cpmct for ${label}`,
    '# FSync off: a test Maildir needs no crash safety, and fsync dominates run time.',
    'FSync no',
    '',
    'IMAPAccount cpmct',
    `Host ${quote(s.host)}`,
    `Port ${s.port}`,
    `User ${quote(s.user)}`,
    `Pass ${quote(s.password)}`,
    ...tlsLines(s.tls),
    'AuthMechs LOGIN',
    '',
    'IMAPStore far',
    'Account cpmct',
    '',
    'MaildirStore near',
    `Path ${quote(root)}`,
    `Inbox ${quote(`${root}INBOX`)}`,
    'SubFolders Verbatim',
    ...(s.maxSize !== undefined ? [`MaxSize ${s.maxSize}`] : []),
    '',
    'Channel cpmct',
    'Far :far:',
    'Near :near:',
    `Patterns ${patterns.map(quote).join(' ')}`,
    'Create Both',
    'Remove Both',
    'Expunge Both',
    'Sync All',
    'SyncState *',
    // The arrival date travels both ways (file mtime <-> INTERNALDATE), as the reference
    // device APPENDs with the object's date.
    'CopyArrivalDate yes',
    ...(s.maxMessages !== undefined ? [`MaxMessages ${s.maxMessages}`, 'ExpireUnread yes'] : []),
    '',
  ].join('\n');
}

/** Text with every occurrence of the password (raw and as quoted in the config) masked. */
export function redact(text: string, password: string): string {
  if (!password) return text;
  let out = text.split(quote(password)).join('"***"');
  out = out.split(password).join('***');
  return out;
}
