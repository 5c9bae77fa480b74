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
import { adoptServerObject } from './merge.ts';
import { insideDateWindow } from './mutant-hooks.ts';
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
      adoptServerObject(
        folder,
        {
          id: m.uid,
          key,
          flags: new Set(cleanFlags(m.flags)),
          date: m.internalDate ?? headerDate(header) ?? new Date(0),
          type: objectTypeOfHeaders(header),
          size: m.size,
          raw: m.source,
        },
        pass.carry,
        ctx.contentByKey,
      );
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
  for (const o of pass.folder.byUid.values())
    o.inWindow = insideDateWindow(ctx.mutant, inside, o.uid ?? 0);
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
