/**
 * The reference server's shared state behind the IMAP front end: users and their isolated
 * stores, subscriptions, mailbox ids, who is changing the model right now, and the few
 * hooks the mutants need. Implements ServerServices for the command handlers.
 */
import { CapabilitySet } from '../../src/bindings/imap/server/capabilities.ts';
import type {
  MailboxRef,
  ServerServices,
  Session,
} from '../../src/bindings/imap/server/context.ts';
import type { Deviation } from '../../src/bindings/imap/server/deviations.ts';
import { resolveLimits, type ServerLimits } from '../../src/bindings/imap/server/limits.ts';
import { MessageStore } from '../../src/model/store.ts';
import type { Folder } from '../../src/model/types.ts';
import { StoreBehaviours, type DeleteRefusal, type StoreBehaviour } from './store-behaviours.ts';

export interface UserAccount {
  name: string;
  password: string;
}

export interface ServerStateOptions {
  users: UserAccount[];
  disabledCapabilities?: string[];
  mutant?: Deviation;
  uidValidityBase?: number;
  clock?: () => Date;
  /** Behaviours of stores as vendors ship them (store-behaviours.ts). */
  behaviours?: StoreBehaviour[];
  /** Resource limits (limits.ts); fields left out keep their defaults. */
  limits?: Partial<ServerLimits>;
}

/** Mutants that need the mod-sequence each object was created with. */
const TRACKS_CREATION: readonly Deviation[] = [
  'flags-not-in-changedsince',
  'changedsince-needs-qresync',
  'message-modseq-stale',
];

interface UserEntry {
  account: UserAccount;
  store: MessageStore;
  subscriptions: Set<string>;
}

export class ServerState implements ServerServices {
  readonly stores = new Map<string, MessageStore>();
  private readonly users = new Map<string, UserEntry>();
  private readonly order: string[] = [];
  private readonly capabilitySet: CapabilitySet;
  private readonly mailboxIds = new WeakMap<Folder, string>();
  private nextMailboxId = 1;
  private actor: Session | undefined;
  private readonly created = new WeakMap<Folder, Map<number, bigint>>();
  /** list-hides-new: the folders that existed when the server started. */
  private readonly initialFolders = new WeakSet<Folder>();
  private readonly clock: () => Date;
  private readonly behaviours: StoreBehaviours;
  readonly limits: ServerLimits;

  constructor(private readonly options: ServerStateOptions) {
    this.limits = resolveLimits(options.limits);
    this.capabilitySet = new CapabilitySet(options.disabledCapabilities ?? []);
    this.clock = options.clock ?? (() => new Date());
    this.behaviours = new StoreBehaviours(options.behaviours ?? [], this.clock);
    for (const account of options.users) {
      if (this.users.has(account.name)) throw new Error(`duplicate user ${account.name}`);
      const store = new MessageStore(
        options.uidValidityBase !== undefined ? { uidValidityBase: options.uidValidityBase } : {},
      );
      store.createFolder('INBOX');
      this.behaviours.install(store);
      this.users.set(account.name, { account, store, subscriptions: new Set(['INBOX']) });
      this.order.push(account.name);
      this.stores.set(account.name, store);
      if (options.mutant && TRACKS_CREATION.includes(options.mutant)) this.trackCreation(store);
      for (const folder of store.listFolders()) this.initialFolders.add(folder);
    }
  }

  private trackCreation(store: MessageStore): void {
    store.onChange((change) => {
      if (
        change.kind !== 'object-new' ||
        change.uid === undefined ||
        !store.hasFolder(change.folder)
      )
        return;
      const folder = store.folder(change.folder);
      let uids = this.created.get(folder);
      if (!uids) this.created.set(folder, (uids = new Map()));
      uids.set(change.uid, change.modseq);
    });
  }

  capabilities(authenticated: boolean): string[] {
    const list = this.capabilitySet.list(authenticated);
    return authenticated && this.behaviours.advertised ? [...list, 'SPECIAL-USE'] : list;
  }

  capabilityOn(name: string): boolean {
    if (name.toUpperCase() === 'SPECIAL-USE') return this.behaviours.advertised;
    return this.capabilitySet.has(name);
  }

  specialUse(_user: string, name: string): string | undefined {
    return this.behaviours.specialUse(name);
  }

  deleteRefusal(user: string, name: string): DeleteRefusal | undefined {
    return this.behaviours.deleteRefusal(this.storeOf(user), name);
  }

  authenticate(user: string, password: string): string | undefined {
    const entry = this.users.get(user);
    return entry && entry.account.password === password ? user : undefined;
  }

  private entry(user: string): UserEntry {
    const entry = this.users.get(user);
    if (!entry) throw new Error(`no user ${user}`);
    return entry;
  }

  storeOf(user: string): MessageStore {
    return this.entry(user).store;
  }

  deviates(name: Deviation): boolean {
    return this.options.mutant === name;
  }

  now(): Date {
    return this.clock();
  }

  /** cross-user-leak: the first other user, whose folders leak in. */
  private leakSource(user: string): string | undefined {
    if (!this.deviates('cross-user-leak')) return undefined;
    return this.order.find((name) => name !== user);
  }

  visibleFolders(user: string): MailboxRef[] {
    const store = this.storeOf(user);
    let refs: MailboxRef[] = store.listFolders().map((folder) => ({ store, folder, owner: user }));
    const other = this.leakSource(user);
    if (other) {
      const otherStore = this.storeOf(other);
      for (const folder of otherStore.listFolders()) {
        if (!store.hasFolder(folder.name)) refs.push({ store: otherStore, folder, owner: other });
      }
    }
    if (this.deviates('list-hides-new'))
      refs = refs.filter((ref) => this.initialFolders.has(ref.folder));
    return refs;
  }

  resolveMailbox(user: string, name: string): MailboxRef | undefined {
    const store = this.storeOf(user);
    if (store.hasFolder(name)) return { store, folder: store.folder(name), owner: user };
    const other = this.leakSource(user);
    if (other && this.storeOf(other).hasFolder(name)) {
      const otherStore = this.storeOf(other);
      return { store: otherStore, folder: otherStore.folder(name), owner: other };
    }
    return undefined;
  }

  mailboxId(folder: Folder): string {
    let id = this.mailboxIds.get(folder);
    if (!id) {
      id = `F${this.nextMailboxId++}`;
      this.mailboxIds.set(folder, id);
    }
    return id;
  }

  createdModseq(folder: Folder, uid: number): bigint | undefined {
    return this.created.get(folder)?.get(uid);
  }

  subscriptions(user: string): Set<string> {
    return this.entry(user).subscriptions;
  }

  asActor<T>(session: Session, mutation: () => T): T {
    const previous = this.actor;
    this.actor = session;
    try {
      return mutation();
    } finally {
      this.actor = previous;
    }
  }

  currentActor(): Session | undefined {
    return this.actor;
  }
}
