/**
 * Step 3b: fetch the new objects (5.5.2.4), metadata only:
 * `UID FETCH <uidnext>:* (UID FLAGS INTERNALDATE RFC822.SIZE MODSEQ BODY.PEEK[HEADER])`
 * (1:* on a fresh folder). Never BODY[] without PEEK.
 *
 * Each new object is correlated by its key (IMDN-Message-ID, else Message-ID) with
 * - a new local object not uploaded yet: they are the same object, so it is bound to the UID
 *   and never uploaded (another device, or an earlier interrupted sync, stored it already);
 * - a local deletion whose UID was lost in a UIDVALIDITY change: the deletion now has a UID;
 * - an object known before a UIDVALIDITY change: its content and flag changes are kept.
 * Objects flagged \Deleted on the server count as removed and are not taken.
 * Then the partial-sync filters decide what is visible, and in eager mode the content of newly
 * visible objects is downloaded with BODY.PEEK[].
 */
import type { SyncPreferences } from '../../src/engine/ports.ts';
import { objectKey } from '../../src/model/view.ts';
import { cleanFlags } from '../../src/model/view.ts';
import { downloadContent, eagerCandidates } from './content.ts';
import { applyVisibility, dateWindowSearch } from './filters.ts';
import { headerDate, objectTypeOfHeaders } from './object-type.ts';
import type { LocalObject } from './replica.ts';
import { hasNewObjects } from './step3a-select.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

const isDeleted = (flags: Iterable<string>) =>
  [...flags].some((f) => f.toLowerCase() === '\\deleted');

export async function fetchNewObjects(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const { folder } = pass;
  // Mutant redownload-all: metadata and content of everything, from 1:*, at every sync.
  const all = ctx.mutant === 'redownload-all' && pass.select.exists > 0;
  if (all || hasNewObjects(pass)) {
    const start = pass.fresh || all ? 1 : (folder.uidNext ?? 1);
    const { messages } = await ctx.client.fetch(`${start}:*`, {
      flags: true,
      size: true,
      internalDate: true,
      headers: true,
      ...(all ? { source: true } : {}),
    });
    for (const m of messages) {
      const known = folder.byUid.get(m.uid);
      if (all && known) downloadedAgain(ctx, known, m.source);
      if (m.uid < start || known) continue;
      ctx.report.downloadedMetadata++;
      if (m.source) ctx.report.downloadedContent++;
      if (isDeleted(m.flags)) continue;
      const header = m.headers ?? Buffer.alloc(0);
      const key = objectKey(header);
      const serverFlags = new Set(cleanFlags(m.flags));
      const tombstone = folder.deleted.find((d) => d.key === key && d.uid === undefined);
      if (tombstone) {
        tombstone.uid = m.uid;
        continue;
      }
      const pendingIndex = folder.pending.findIndex((o) => o.key === key);
      const pending = folder.pending[pendingIndex];
      if (pending) {
        folder.pending.splice(pendingIndex, 1);
        bind(pending, m.uid, serverFlags, m.size);
        folder.byUid.set(m.uid, pending);
        continue;
      }
      const obj: LocalObject = {
        key,
        uid: m.uid,
        flags: serverFlags,
        date: m.internalDate ?? headerDate(header) ?? new Date(0),
        type: objectTypeOfHeaders(header),
        size: m.size ?? 0,
        raw: m.source ?? ctx.contentByKey.get(key),
        hidden: true,
        local: false,
        added: new Set(),
        removed: new Set(),
      };
      const before = pass.carry.get(key);
      if (before) {
        pass.carry.delete(key);
        obj.raw = before.raw ?? obj.raw;
        obj.local = before.local;
        for (const f of before.added) obj.added.add(f);
        for (const f of before.removed) obj.removed.add(f);
        for (const f of obj.added) obj.flags.add(f);
        for (const f of obj.removed) obj.flags.delete(f);
      }
      folder.byUid.set(m.uid, obj);
    }
  }
  await markDateWindow(ctx, pass);
  await refreshVisibility(ctx, pass);
}

/** Partial sync by date: the store's own SEARCH decides which objects are inside the window. */
async function markDateWindow(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const criteria = dateWindowSearch(ctx.prefs);
  if (!criteria || pass.folder.byUid.size === 0) return;
  const inside = new Set(await ctx.client.searchUids(criteria));
  for (const o of pass.folder.byUid.values()) o.inWindow = inside.has(o.uid ?? 0);
}

/** Re-evaluate the filters; in eager mode download what became visible. */
export async function refreshVisibility(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const newlyVisible = applyVisibility(pass.folder, ctx.prefs);
  // Mutant eager-content: content with the metadata whatever the preferences say.
  const prefs: SyncPreferences =
    ctx.mutant === 'eager-content' ? { ...ctx.prefs, content: 'eager' } : ctx.prefs;
  const wanted = eagerCandidates(newlyVisible, prefs);
  if (wanted.length === 0) return;
  ctx.report.downloadedContent += await downloadContent(ctx.client, wanted, ctx.mutant);
  for (const o of wanted) if (o.raw) ctx.contentByKey.set(o.key, o.raw);
}

/** Mutant redownload-all: an object already known is downloaded again, metadata and content. */
function downloadedAgain(ctx: SyncContext, o: LocalObject, source: Buffer | undefined): void {
  ctx.report.downloadedMetadata++;
  if (!source) return;
  o.raw = source;
  ctx.report.downloadedContent++;
}

/**
 * A local object found on the server: the server's flags plus what the user added locally
 * (pushed in 3f); local removals are not inferred, the server's flags stand.
 */
function bind(
  o: LocalObject,
  uid: number,
  serverFlags: Set<string>,
  size: number | undefined,
): void {
  o.uid = uid;
  o.uploaded = false;
  o.hidden = false;
  o.added = new Set([...o.flags].filter((f) => !serverFlags.has(f)));
  o.removed = new Set();
  o.flags = new Set([...serverFlags, ...o.flags]);
  if (size !== undefined) o.size = size;
}
