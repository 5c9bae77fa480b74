/**
 * Local changes as a user's mail program would make them to mbsync's Maildir: the upper
 * tester's "make this change on the device" for the mbsync adapter.
 */
import {
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { LocalChange, ObjectSpec } from '../../engine/ports.ts';
import {
  folderDir,
  isFolder,
  lettersOf,
  listFiles,
  makeMaildir,
  readMessages,
  renamed,
  uniqueName,
  type MaildirMessage,
} from './maildir.ts';

export function applyToMaildir(root: string, change: LocalChange): void {
  switch (change.kind) {
    case 'add':
      return add(root, change.folder, change.object);
    case 'delete':
      return remove(root, change.folder, change.key);
    case 'flags':
      return flags(root, change.folder, change.key, change.add ?? [], change.remove ?? []);
    case 'create-folder':
      return makeMaildir(folderDir(root, change.folder));
    case 'delete-folder':
      return deleteFolder(root, change.folder);
  }
}

/** Files with T are deleted (mbsync expunges them at the next run): not shown. */
export function live(messages: MaildirMessage[]): MaildirMessage[] {
  return messages.filter((m) => !m.letters.includes('T'));
}

/** The live messages of a local folder; throws when the folder does not exist. */
export function messagesOf(root: string, folder: string): MaildirMessage[] {
  const dir = folderDir(root, folder);
  if (!isFolder(dir)) throw new Error(`no local folder ${folder}`);
  return live(readMessages(dir));
}

/** A new message file: written in tmp/, then moved to new/ (or cur/ with its flags). */
function add(root: string, folder: string, spec: ObjectSpec): void {
  const dir = folderDir(root, folder);
  if (!isFolder(dir)) makeMaildir(dir); // a new conversation creates its folder
  if (live(readMessages(dir)).some((m) => m.key === spec.key))
    throw new Error(`${folder} already holds ${spec.key}`);
  const letters = lettersOf(spec.flags);
  const name = uniqueName();
  const tmp = join(dir, 'tmp', name);
  // Maildir files use LF line ends (mbsync turns them back into CRLF when it uploads).
  writeFileSync(tmp, Buffer.from(spec.raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'));
  utimesSync(tmp, spec.date, spec.date); // the arrival date (CopyArrivalDate yes)
  renameSync(tmp, letters ? join(dir, 'cur', `${name}:2,${letters}`) : join(dir, 'new', name));
}

/**
 * Unlink the file. mbsync sees the message gone from the near side and propagates it
 * (Sync Delete: UID STORE +FLAGS (\Deleted) on the store, then CLOSE expunges it, Expunge
 * Both). Setting the T flag instead would do the same in two steps.
 */
function remove(root: string, folder: string, key: string): void {
  const found = messagesOf(root, folder).filter((m) => m.key === key);
  if (!found.length) throw new Error(`${folder} holds no ${key}`);
  for (const m of found) unlinkSync(m.path);
}

/** Rename with the new `:2,` letters; a file that was in new/ moves to cur/. */
function flags(root: string, folder: string, key: string, add: string[], remove: string[]): void {
  const found = messagesOf(root, folder).filter((m) => m.key === key);
  if (!found.length) throw new Error(`${folder} holds no ${key}`);
  const plus = lettersOf(add);
  const minus = lettersOf(remove);
  const dir = folderDir(root, folder);
  for (const m of found) {
    const letters = new Set([...m.letters].filter((l) => !minus.includes(l)));
    for (const l of plus) letters.add(l);
    const next = renamed(m.name, [...letters].sort().join(''));
    if (m.sub === 'cur' && next === m.name) continue;
    renameSync(m.path, join(dir, 'cur', next));
  }
}

/**
 * mbsync's own marker for a folder removed locally with `SyncState *`: the messages and
 * cur/ (with new/ and tmp/) are removed, `.mbsyncstate` stays. mbsync then deletes the
 * store's folder if it is empty; a non-empty one it never deletes (it warns "near side box
 * X cannot be opened and far side box X is not empty" at every run). Sub-folders stay.
 */
function deleteFolder(root: string, folder: string): void {
  const dir = folderDir(root, folder);
  if (!isFolder(dir)) throw new Error(`no local folder ${folder}`);
  for (const file of listFiles(dir)) unlinkSync(file.path);
  for (const sub of ['cur', 'new', 'tmp']) rmSync(join(dir, sub), { recursive: true, force: true });
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}
