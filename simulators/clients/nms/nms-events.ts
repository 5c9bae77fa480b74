/**
 * Strict synchronisation's event side (protocol digest b.2): one subscription per device,
 * created at the first sync, whose restartToken is kept. At each later sync the
 * subscription is updated with the last token, so the server replays every event since
 * (`index` of the answer = the index the replay will carry); lists with a lower index were
 * sent before and are covered by the replay. From the replay:
 * - deletedObject / expiredObject: the object is removed locally;
 * - changedObject of a known object: its flags are applied when its lastModSeq is greater
 *   than the one stored (merged with pending local deltas);
 * - resetBox: every id is void; each folder is resynchronised, objects found again by key
 *   keep their content and pending flag changes.
 * The enumeration that follows in each folder stays the authority, so a replay that does
 * not come within the wait leaves the result unchanged. A store that let a replay it
 * announced go undelivered is not waited for again: later syncs apply what has already
 * arrived and go on at once, until the store delivers again. What a store did is kept in a
 * StoreDelivery record that every device of one run against that store shares, so a store
 * that drops events costs one wait per run, not one per sync.
 */
import {
  CallbackListener,
  createSubscription,
  deleteSubscription,
  idOfUrl,
  NmsError,
  updateSubscription,
  type NmsEvent,
} from '../../../src/bindings/nms/client/index.ts';
import { mergeServerFlags } from '../merge.ts';
import type { NmsSyncContext } from './nms-context.ts';
import { uploadEverythingAgain } from './nms-mutant-upload.ts';
import type { NmsClientMutant } from './mutants.ts';
import { flagsOf, isDeleted } from './nms-object.ts';

/** What the devices of one run have seen a store do with the replays it announced. */
export class StoreDelivery {
  /** The last replay the store announced never came within the wait. */
  dropsReplays = false;
}

export class SyncEvents {
  private listener: CallbackListener | undefined;
  private subscription: string | undefined;
  private token: string | undefined;

  /** waitMs: how long to wait for an announced replay before the walk alone decides. */
  constructor(
    private readonly waitMs: number,
    private readonly store: StoreDelivery = new StoreDelivery(),
    private readonly mutant?: NmsClientMutant,
  ) {}

  /**
   * Before the folder passes: subscribe (first sync) or apply the replay since the token.
   * A token the store refuses (expired, unknown) or a subscription it no longer holds: a new
   * subscription, and the folder walk that follows decides (the ids it holds stay valid).
   */
  async catchUp(ctx: NmsSyncContext): Promise<void> {
    if (!this.subscription || !this.token) return this.subscribe(ctx);
    // Mutant walks-every-sync: the subscription is never used again; the walk alone decides.
    if (this.mutant === 'walks-every-sync') return;
    // Mutant ignores-restart-token: the update does not name the token, so nothing is replayed.
    const ignoresToken = this.mutant === 'ignores-restart-token';
    let answer: Awaited<ReturnType<typeof updateSubscription>>;
    try {
      answer = await updateSubscription(
        ctx.http,
        this.subscription,
        ignoresToken ? {} : { restartToken: this.token },
      );
    } catch (err) {
      if (!refused(err)) throw err;
      await deleteSubscription(ctx.http, this.subscription).catch(() => undefined);
      this.subscription = undefined;
      await this.subscribe(ctx);
      // Mutant duplicates-after-expired-token: everything it holds goes up again.
      if (this.mutant === 'duplicates-after-expired-token') await uploadEverythingAgain(ctx);
      return;
    }
    if (ignoresToken) return;
    if (answer.restartToken === undefined || answer.restartToken === this.token) return;
    const first = answer.index ?? 1;
    const listener = this.listener!;
    const deadline = Date.now() + (this.store.dropsReplays ? 0 : this.waitMs);
    for (;;) {
      const received = listener.take();
      if (received.length > 0) this.store.dropsReplays = false;
      const lists = received.filter((r) => (r.list.index ?? 0) >= first);
      for (const { list } of lists) {
        for (const event of list.nmsEvent ?? []) applyEvent(ctx, event);
        if (list.restartToken) this.token = list.restartToken;
      }
      if (lists.length > 0) return;
      if (Date.now() >= deadline) {
        this.store.dropsReplays = true;
        return;
      }
      await listener.waitForAny(deadline - Date.now());
    }
  }

  async close(http: NmsSyncContext['http'] | undefined): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription && http) await deleteSubscription(http, subscription).catch(() => undefined);
    await this.listener?.close();
    this.listener = undefined;
  }

  private async subscribe(ctx: NmsSyncContext): Promise<void> {
    this.listener ??= await CallbackListener.start(
      ctx.http.recording ? { log: ctx.http.recording } : {},
    );
    const s = await createSubscription(ctx.http, {
      notifyURL: this.listener.url('sync'),
      callbackData: 'sync',
    });
    this.subscription = s.resourceURL;
    this.token = s.restartToken;
  }
}

/** The store refused the update itself (not a busy or unreachable store). */
function refused(err: unknown): boolean {
  return (
    err instanceof NmsError &&
    err.status >= 400 &&
    err.status < 500 &&
    ![401, 403, 429].includes(err.status)
  );
}

function applyEvent(ctx: NmsSyncContext, event: NmsEvent): void {
  const removed = event.deletedObject ?? event.expiredObject;
  // Mutant skips-server-deletions: the store's removals are not applied.
  if (removed && ctx.mutant === 'skips-server-deletions') return;
  if (removed) return removeObject(ctx, idOfUrl(removed.resourceURL));
  // Mutant ignores-reset-box: the ids it holds are kept as they were.
  if (event.resetBox) return ctx.mutant === 'ignores-reset-box' ? undefined : resetBox(ctx);
  const changed = event.changedObject;
  if (!changed) return;
  const id = idOfUrl(changed.resourceURL);
  const modSeq = changed.lastModSeq ?? 0;
  const stored = ctx.state.modSeqs.get(id);
  if (stored === undefined || modSeq <= stored) return;
  for (const folder of ctx.replica.folders.values()) {
    const obj = folder.byUid.get(id);
    if (!obj) continue;
    ctx.state.modSeqs.set(id, modSeq);
    const server = flagsOf(changed);
    if (isDeleted(server) && ctx.mutant !== 'skips-server-deletions') return removeObject(ctx, id);
    if (mergeServerFlags(obj, server) && !obj.hidden) ctx.report.flagsPulled++;
  }
}

function removeObject(ctx: NmsSyncContext, id: string): void {
  ctx.state.modSeqs.delete(id);
  for (const folder of ctx.replica.folders.values()) {
    const obj = folder.byUid.get(id);
    if (!obj) continue;
    folder.byUid.delete(id);
    if (!obj.hidden) ctx.report.removedLocally++;
  }
}

/** Every id is void: known objects are carried by key into the resync of their folder. */
function resetBox(ctx: NmsSyncContext): void {
  ctx.state.modSeqs.clear();
  ctx.state.payloadUrls.clear();
  for (const folder of ctx.replica.folders.values()) {
    const carry = ctx.carry.get(folder.name) ?? new Map();
    for (const o of folder.byUid.values()) carry.set(o.key, o);
    ctx.carry.set(folder.name, carry);
    folder.byUid.clear();
    for (const d of folder.deleted) d.uid = undefined;
    for (const o of folder.pending) o.uploaded = false;
    if (!ctx.report.resynced.includes(folder.name)) ctx.report.resynced.push(folder.name);
  }
}
