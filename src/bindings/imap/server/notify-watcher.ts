/**
 * NOTIFY (RFC 5465) for mailboxes other than the selected one: which events the client
 * asked for, per mailbox filter, and the untagged STATUS / LIST / METADATA responses
 * they turn into. Events for the selected mailbox travel through SelectedMailbox.
 */
import type { Change } from '../../../model/types.ts';
import type { ServerServices, Session } from './context.ts';
import type { FetchItem } from './fetch-items.ts';
import { mailboxOut } from './reported-state.ts';
import { statusResponse } from './status-response.ts';
import { stringOut } from './serializer.ts';

export type NotifyFilter =
  'selected' | 'selected-delayed' | 'personal' | 'inboxes' | 'subscribed' | 'subtree' | 'mailboxes';

export interface NotifyGroup {
  filter: NotifyFilter;
  names: string[];
  /** Upper-cased event names (MESSAGENEW, MESSAGEEXPUNGE, FLAGCHANGE, MAILBOXNAME, ...). */
  events: Set<string>;
  /** MessageNew fetch attributes, selected mailbox only. */
  fetchItems: FetchItem[];
}

const EVENT_OF: Partial<Record<Change['kind'], string>> = {
  'object-new': 'MESSAGENEW',
  'object-expunged': 'MESSAGEEXPUNGE',
  'object-flags': 'FLAGCHANGE',
  'folder-created': 'MAILBOXNAME',
  'folder-deleted': 'MAILBOXNAME',
  'folder-renamed': 'MAILBOXNAME',
  'folder-metadata': 'MAILBOXMETADATACHANGE',
};

/** Whether NOTIFY events are suppressed (idle-silent silences both; notify-silent only NOTIFY). */
export function notifySilenced(server: ServerServices): boolean {
  return server.deviates('idle-silent') || server.deviates('notify-silent');
}

export class NotifyWatcher {
  private readonly pendingStatus = new Set<string>();
  private readonly pendingLines: string[] = [];
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly groups: NotifyGroup[],
    private readonly session: Session,
    private readonly server: ServerServices,
  ) {}

  /** The group for the selected mailbox, if the client asked for one. */
  get selectedGroup(): NotifyGroup | undefined {
    return this.groups.find((g) => g.filter === 'selected' || g.filter === 'selected-delayed');
  }

  /** Selected-mailbox events may be sent at once, not only at command boundaries. */
  get selectedImmediate(): boolean {
    return this.selectedGroup?.filter === 'selected' && this.selectedGroup.events.size > 0;
  }

  start(): void {
    const user = this.session.user;
    if (!user) return;
    this.unsubscribe = this.server.storeOf(user).onChange((change) => this.observe(change));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Mailboxes (other than the selected one) that a non-selected filter covers. */
  matches(name: string): NotifyGroup | undefined {
    const user = this.session.user ?? '';
    return this.groups.find((group) => {
      switch (group.filter) {
        case 'personal':
          return true;
        case 'inboxes':
          return name === 'INBOX';
        case 'subscribed':
          return this.server.subscriptions(user).has(name);
        case 'subtree':
          return group.names.some((n) => name === n || name.startsWith(n + '/'));
        case 'mailboxes':
          return group.names.includes(name);
        default:
          return false;
      }
    });
  }

  private isSelected(name: string): boolean {
    const selected = this.session.selected;
    return !!selected && selected.name === name && selected.ref.owner === this.session.user;
  }

  private observe(change: Change): void {
    if (notifySilenced(this.server)) return;
    if (this.server.currentActor() === this.session) return;
    const event = EVENT_OF[change.kind];
    if (!event) return;
    const names = change.from ? [change.folder, change.from] : [change.folder];
    const group = names.map((n) => this.matches(n)).find((g) => g !== undefined);
    if (!group || !group.events.has(event)) return;
    if (event === 'MAILBOXNAME') this.pendingLines.push(this.mailboxNameLine(change));
    else if (event === 'MAILBOXMETADATACHANGE')
      this.pendingLines.push(...this.metadataLine(change.folder));
    else if (!this.isSelected(change.folder)) this.pendingStatus.add(change.folder);
    else return;
    this.session.updatesPending();
  }

  private mailboxNameLine(change: Change): string {
    const name = mailboxOut(change.folder);
    if (change.kind === 'folder-deleted') return `* LIST (\\NonExistent) "/" ${name}\r\n`;
    if (change.kind === 'folder-renamed' && change.from !== undefined) {
      return `* LIST () "/" ${name} ("OLDNAME" (${mailboxOut(change.from)}))\r\n`;
    }
    return `* LIST () "/" ${name}\r\n`;
  }

  private metadataLine(folderName: string): string[] {
    const store = this.server.storeOf(this.session.user ?? '');
    if (!store.hasFolder(folderName)) return [];
    const entries = [...store.folder(folderName).metadata.keys()].map(stringOut);
    return entries.length === 0
      ? []
      : [`* METADATA ${mailboxOut(folderName)} (${entries.join(' ')})\r\n`];
  }

  hasPending(): boolean {
    return this.pendingStatus.size > 0 || this.pendingLines.length > 0;
  }

  /** Initial STATUS of every covered mailbox (NOTIFY SET STATUS). */
  queueInitialStatus(): void {
    const user = this.session.user ?? '';
    for (const folder of this.server.storeOf(user).listFolders()) {
      if (this.matches(folder.name) && !this.isSelected(folder.name))
        this.pendingStatus.add(folder.name);
    }
  }

  take(): string[] {
    const lines = this.pendingLines.splice(0);
    const user = this.session.user ?? '';
    for (const name of this.pendingStatus) {
      const ref = this.server.resolveMailbox(user, name);
      if (ref) lines.push(statusResponse(this.session, this.server, ref, null));
    }
    this.pendingStatus.clear();
    return lines;
  }
}
