/**
 * The simulator's NmsBackend: one NmsBox per user over the shared `Map<user,
 * MessageStore>`, credential checks (Basic user:password, or Bearer = the box owner's
 * password; any other token is wrong, 401) and the box operations. `stop()` closes the boxes and every delivery.
 */
import type {
  Authorization,
  Credentials,
  FlagOperation,
  NmsBackend,
  SubscriptionInput,
} from '../../../src/bindings/nms/server/backend.ts';
import type { NmsDeviation } from '../../../src/bindings/nms/server/deviations.ts';
import { STORE_NAME } from '../../../src/bindings/nms/server/box-routes.ts';
import { notFound } from '../../../src/bindings/nms/server/request-error.ts';
import { MessageStore } from '../../../src/model/store.ts';
import { NmsBox } from './box.ts';
import * as ops from './box-operations.ts';
import { EventDelivery } from './event-delivery.ts';

export interface UserAccount {
  name: string;
  password: string;
}

export interface SimulatorBackendOptions {
  users: UserAccount[];
  /** Shared with the IMAP front end; a user without a store gets one with INBOX. */
  stores?: Map<string, MessageStore>;
  origin: string;
  mutant?: NmsDeviation;
  clock?: () => Date;
  uidValidityBase?: number;
}

export class SimulatorBackend implements NmsBackend {
  readonly stores: Map<string, MessageStore>;
  private readonly boxes = new Map<string, NmsBox>();
  private readonly delivery: EventDelivery;

  constructor(private readonly options: SimulatorBackendOptions) {
    this.stores = options.stores ?? new Map();
    this.delivery = new EventDelivery(options.mutant === 'nms-events-missing');
    const origin = options.origin.replace(/\/+$/, '');
    for (const { name } of options.users) {
      let store = this.stores.get(name);
      if (!store) {
        const base = options.uidValidityBase;
        store = new MessageStore(base !== undefined ? { uidValidityBase: base } : {});
        store.createFolder('INBOX');
        this.stores.set(name, store);
      }
      const box = new NmsBox({
        user: name,
        store,
        root: `${origin}/nms/v1/${STORE_NAME}/${encodeURIComponent(name)}`,
        deviates: (d) => this.deviates(d),
        clock: options.clock ?? (() => new Date()),
        delivery: this.delivery,
      });
      this.boxes.set(name, box);
    }
  }

  box(user: string): NmsBox {
    const box = this.boxes.get(user);
    if (!box) throw notFound(user);
    return box;
  }

  deviates(name: NmsDeviation): boolean {
    return this.options.mutant === name;
  }

  authorize(box: string, credentials: Credentials | undefined): Authorization {
    if (!credentials) return 'unauthenticated';
    // A bearer token names no user: it is checked against the box owner's password only,
    // so another user's password is as wrong as any other string (401, never 403).
    const user = credentials.scheme === 'basic' ? credentials.user : box;
    const account = this.options.users.find(
      (u) => u.name === user && u.password === credentials.secret,
    );
    if (!account) return 'unauthenticated';
    if (account.name === box) return 'ok';
    return this.deviates('nms-cross-box') && this.boxes.has(box) ? 'ok' : 'forbidden';
  }

  folder = (box: string, id: string) => this.box(box).folderRecord(id);
  folderByPath = (box: string, path: string) => this.box(box).folderByPath(path);
  folders = (box: string) => this.box(box).folderRecords();
  createFolder = (box: string, parentPath: string, name: string) =>
    ops.createFolder(this.box(box), parentPath, name);
  deleteFolder = (box: string, id: string) => ops.deleteFolder(this.box(box), id);
  renameFolder = (box: string, id: string, name: string) =>
    ops.renameFolder(this.box(box), id, name);

  object = (box: string, id: string) => this.box(box).objectById(id);
  objects = (box: string) => this.box(box).objectRecords();
  payload(box: string, contentId: string): Buffer | undefined {
    try {
      return this.box(box).store.content(contentId).raw;
    } catch {
      return undefined;
    }
  }
  createObject = (
    box: string,
    input: { folderId: string; raw: Buffer; flags: string[]; date?: Date },
  ) => ops.createObject(this.box(box), input);
  deleteObject = (box: string, id: string) => ops.removeObject(this.box(box), id, false);
  setFlags = (box: string, id: string, op: FlagOperation, flags: string[]) =>
    ops.setFlags(this.box(box), id, op, flags);
  copyObject = (box: string, id: string, target: string, move: boolean) =>
    ops.copyObject(this.box(box), id, target, move);
  creationPosition = (box: string) => this.box(box).store.highestModseq;
  vanished = (box: string) => this.box(box).objects.vanished();

  createSubscription = (box: string, input: SubscriptionInput) =>
    this.box(box).subscriptions.create(input);
  subscriptions = (box: string) => this.box(box).subscriptions.list();
  subscription = (box: string, id: string) => this.box(box).subscriptions.get(id);
  updateSubscription = (box: string, id: string, u: { restartToken?: string; duration?: number }) =>
    this.box(box).subscriptions.update(id, u);
  deleteSubscription = (box: string, id: string) => this.box(box).subscriptions.delete(id);

  /** Server control: remove an object as server policy (`expiredObject`). */
  expireObject(user: string, folder: string, uid: number): void {
    const box = this.box(user);
    const entry = box.folders.byFolderName(folder);
    if (!entry || !entry.folder.objects.has(uid))
      throw new Error(`no object ${uid} in ${user}'s ${folder}`);
    ops.removeObject(box, `${entry.id}-${entry.folder.uidValidity}-${uid}`, true);
  }

  /** Server control: a new UIDVALIDITY everywhere (`resetBox`). */
  resetBox(user: string): void {
    ops.resetBox(this.box(user));
  }

  async stop(): Promise<void> {
    for (const box of this.boxes.values()) box.close();
    await this.delivery.stop();
  }
}
