/**
 * The contract between command handlers (this folder) and the runtime that owns sockets,
 * users and stores (simulators/server). Handlers decode, check state, call the model,
 * let the session notify, and encode.
 */
import type { MessageStore } from '../../../model/store.ts';
import type { Folder } from '../../../model/types.ts';
import type { ArgReader } from './args.ts';
import type { Deviation } from './deviations.ts';
import type { ServerLimits } from './limits.ts';
import type { NotifyWatcher } from './notify-watcher.ts';
import type { SelectedMailbox } from './selected-mailbox.ts';
import type { Chunk } from './serializer.ts';

export type SessionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** A folder as one session addresses it: the store it lives in and its owner. */
export interface MailboxRef {
  store: MessageStore;
  folder: Folder;
  owner: string;
}

export interface ServerServices {
  /** Resource limits in force (limits.ts). */
  readonly limits: ServerLimits;
  /** The capability list for a connection state (switched-off capabilities left out). */
  capabilities(authenticated: boolean): string[];
  /** Whether an optional capability (CONDSTORE, IDLE, LITERAL+...) is on. */
  capabilityOn(name: string): boolean;
  /** The canonical user name when the credentials are right. */
  authenticate(user: string, password: string): string | undefined;
  storeOf(user: string): MessageStore;
  /** Whether the server runs as the named broken variant. */
  deviates(name: Deviation): boolean;
  now(): Date;
  /** Folders a user's LIST shows. */
  visibleFolders(user: string): MailboxRef[];
  /** The folder a mailbox name designates for a user. */
  resolveMailbox(user: string, name: string): MailboxRef | undefined;
  /** Stable MAILBOXID (RFC 8474): survives RENAME, unique per folder. */
  mailboxId(folder: Folder): string;
  /** The modseq at which an object was created, when known (used by some mutants). */
  createdModseq(folder: Folder, uid: number): bigint | undefined;
  subscriptions(user: string): Set<string>;
  /** Run a model mutation on behalf of a session, so its own changes are not echoed back. */
  asActor<T>(session: Session, mutation: () => T): T;
  currentActor(): Session | undefined;
  /** The RFC 6154 special-use attribute LIST shows for a user's folder, if any. */
  specialUse?(user: string, name: string): string | undefined;
  /** Why the store refuses to DELETE a user's folder (a protected or busy folder), if it does. */
  deleteRefusal?(user: string, name: string): { code: string; text: string } | undefined;
}

export interface Session {
  readonly id: number;
  state: SessionState;
  user: string | undefined;
  selected: SelectedMailbox | undefined;
  /** Extensions turned on by ENABLE or implicitly (CONDSTORE, QRESYNC). */
  readonly enabled: Set<string>;
  notify: NotifyWatcher | undefined;
  /** True while the IDLE command waits for DONE. */
  idling: boolean;
  /** Queue response bytes (each response ends with CRLF). */
  write(chunks: Chunk[] | string): void;
  /** Bytes of output written and not yet taken by the client. */
  outputBacklog(): number;
  /** Wait while output over the high-water mark waits for the client (large FETCH responses). */
  drain(): Promise<void>;
  /** A raw line from the client (AUTHENTICATE responses, IDLE's DONE); undefined if too long. */
  readLine(): Promise<string | undefined>;
  /** Updates for this session are waiting; the session sends them as soon as it may. */
  updatesPending(): void;
  /** Text to mask in traces (a password seen in a continuation line). */
  redactNext(): void;
  /**
   * Right credentials for `user`: undefined lets them in; a text refuses the login with
   * `NO [LIMIT]` (too many connections of the user from this address).
   */
  admitLogin?(user: string): string | undefined;
}

export interface CommandContext {
  tag: string;
  name: string;
  args: ArgReader;
  session: Session;
  server: ServerServices;
}

/** What to put in the tagged OK. */
export interface CommandResult {
  code?: string;
  text?: string;
}

export interface CommandHandler {
  /** `FETCH`, `UID FETCH`, ... */
  name: string;
  states: readonly SessionState[];
  /** Optional capability the command belongs to; BAD when switched off. */
  capability?: string;
  /** EXPUNGE responses must wait (FETCH, STORE, SEARCH by sequence number: RFC 3501 7.4.1). */
  holdsExpunges?: boolean;
  run(ctx: CommandContext): Promise<CommandResult | void> | CommandResult | void;
}

export const AUTHENTICATED: readonly SessionState[] = ['authenticated', 'selected'];
export const SELECTED: readonly SessionState[] = ['selected'];
export const ANY_STATE: readonly SessionState[] = [
  'not-authenticated',
  'authenticated',
  'selected',
];

/** CONDSTORE is in effect for this session (enabled explicitly or by a CONDSTORE command). */
export function condstoreOn(session: Session): boolean {
  return session.enabled.has('CONDSTORE');
}

export function qresyncOn(session: Session): boolean {
  return session.enabled.has('QRESYNC');
}
