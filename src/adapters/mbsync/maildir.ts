/**
 * The Maildir that mbsync keeps as the device's local storage (`SubFolders Verbatim`, the
 * INBOX at `<root>/INBOX`): folder layout, file names with the `:2,` flag suffix, the objects'
 * correlation keys, and the snapshots from which a run's effect is derived.
 *
 * - A folder is a directory holding `cur/` (mbsync's own test: with `SyncState *` a folder
 *   whose `cur/` is gone counts as deleted). Its name is the path below the root with `/`.
 * - A message file name is `<unique>[,U=<uid>][:2,<letters>]`; mbsync adds `,U=<uid>` (its
 *   Maildir UID) and it must be kept on every rename. `<unique>` never contains `,` or `:`.
 * - Letters: D \Draft, F \Flagged, R \Answered, S \Seen, T \Deleted (isync 1.4 knows no
 *   others: no keywords, no `P`/$Forwarded).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { headerValue, splitHeader } from '../../model/rfc822.ts';
import { objectKey } from '../../model/view.ts';

const LETTER_TO_FLAG: Record<string, string> = {
  D: '\\Draft',
  F: '\\Flagged',
  R: '\\Answered',
  S: '\\Seen',
  T: '\\Deleted',
};
const FLAG_TO_LETTER = new Map(
  Object.entries(LETTER_TO_FLAG).map(([letter, flag]) => [flag.toLowerCase(), letter]),
);
const SUBDIRS = ['cur', 'new', 'tmp'];

/** Maildir letters (sorted, as the Maildir convention wants) for IMAP flags. */
export function lettersOf(flags: Iterable<string>): string {
  const letters = new Set<string>();
  for (const flag of flags) {
    if (flag.toLowerCase() === '\\recent') continue;
    const letter = FLAG_TO_LETTER.get(flag.toLowerCase());
    if (!letter) {
      throw new Error(
        `mbsync cannot hold flag ${flag} in its Maildir (isync 1.4 synchronises only \\Draft \\Flagged \\Answered \\Seen \\Deleted)`,
      );
    }
    letters.add(letter);
  }
  return [...letters].sort().join('');
}

export function flagsOf(letters: string): string[] {
  return [...letters]
    .map((l) => LETTER_TO_FLAG[l])
    .filter((f): f is string => f !== undefined)
    .sort();
}

/** The flag letters of a file name ('' when it has no `:2,` suffix). */
export function lettersOfName(name: string): string {
  const at = name.indexOf(':2,');
  return at < 0 ? '' : name.slice(at + 3);
}

/** The file name with other flag letters (mbsync's `,U=` part kept). */
export function renamed(name: string, letters: string): string {
  const at = name.indexOf(':2,');
  return `${at < 0 ? name : name.slice(0, at)}:2,${letters}`;
}

/** The delivery-unique part of a name: stable across mbsync's renames. */
export function baseOf(name: string): string {
  return name.split(/[,:]/)[0] ?? name;
}

let counter = 0;
/** A unique Maildir name (time.MnPpid.host style), without `,` or `:`. */
export function uniqueName(): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${Math.floor(Date.now() / 1000)}.M${counter}P${process.pid}R${random}.cpmct`;
}

/** The directory of a store folder (`A/B` -> `<root>/A/B`); refuses names Maildir cannot hold. */
export function folderDir(root: string, name: string): string {
  const parts = name.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || SUBDIRS.includes(part)) {
      throw new Error(`folder name ${JSON.stringify(name)} cannot be a Maildir folder`);
    }
  }
  return join(root, ...parts);
}

export function makeMaildir(dir: string): void {
  for (const sub of SUBDIRS) mkdirSync(join(dir, sub), { recursive: true });
}

export function isFolder(dir: string): boolean {
  try {
    return statSync(join(dir, 'cur')).isDirectory();
  } catch {
    return false;
  }
}

/** Every folder below the root, by store name. */
export function listFolders(root: string): Array<{ name: string; dir: string }> {
  const out: Array<{ name: string; dir: string }> = [];
  const walk = (dir: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || SUBDIRS.includes(entry.name))
        continue;
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      const sub = join(dir, entry.name);
      if (isFolder(sub)) out.push({ name, dir: sub });
      walk(sub, name);
    }
  };
  walk(root, '');
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface MaildirFile {
  path: string;
  sub: 'cur' | 'new';
  name: string;
  base: string;
  letters: string;
}

export interface MaildirMessage extends MaildirFile {
  key: string;
  /** mbsync's MaxSize placeholder: headers only, the content was left on the server. */
  placeholder: boolean;
}

/** The message files of one folder (cur/ and new/), names only. */
export function listFiles(dir: string): MaildirFile[] {
  const out: MaildirFile[] = [];
  for (const sub of ['cur', 'new'] as const) {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      out.push({
        path: join(dir, sub, name),
        sub,
        name,
        base: baseOf(name),
        letters: lettersOfName(name),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * mbsync's MaxSize placeholder: the original headers with the subject prefixed
 * "[placeholder]" and, as body, "Having a size of ..., this message is over the MaxSize
 * limit. Flag it and sync again (Sync mode ReNew) to fetch its real contents."
 */
export function isPlaceholder(raw: Buffer): boolean {
  return (
    (headerValue(raw, 'Subject') ?? '').startsWith('[placeholder]') &&
    splitHeader(raw).body.toString('utf8').includes('this message is over the MaxSize limit')
  );
}

/** The messages of one folder with their keys (IMDN-Message-ID, else Message-ID). */
export function readMessages(dir: string): MaildirMessage[] {
  const out: MaildirMessage[] = [];
  for (const file of listFiles(dir)) {
    let raw: Buffer;
    try {
      raw = readFileSync(file.path);
    } catch {
      continue; // renamed or removed meanwhile
    }
    out.push({ ...file, key: objectKey(raw), placeholder: isPlaceholder(raw) });
  }
  return out;
}

/** folder -> base -> file: what a run changed is the difference of two of these. */
export type Snapshot = Map<string, Map<string, { name: string; letters: string }>>;

export function snapshot(root: string): Snapshot {
  const out: Snapshot = new Map();
  for (const folder of listFolders(root)) {
    const files = new Map<string, { name: string; letters: string }>();
    for (const file of listFiles(folder.dir))
      files.set(file.base, { name: file.name, letters: file.letters });
    out.set(folder.name, files);
  }
  return out;
}

/**
 * Date every directory a minute back. mbsync 1.4 sleeps a whole second when a Maildir
 * directory was modified within the current second ("sleeping due to recent directory
 * modification", its guard against deliveries racing with its scan); the harness makes no
 * change during a run, so the guard only costs time.
 */
export function ageDirectories(root: string): void {
  const past = new Date(Date.now() - 60_000);
  const walk = (dir: string) => {
    try {
      utimesSync(dir, past, past);
      for (const entry of readdirSync(dir, { withFileTypes: true }))
        if (entry.isDirectory()) walk(join(dir, entry.name));
    } catch {
      // gone meanwhile
    }
  };
  walk(root);
}
