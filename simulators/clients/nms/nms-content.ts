/**
 * Content download over NMS: `GET {payloadURL}` (else `GET objects/{id}/payload`), never a
 * write, so no flag changes. Used in eager mode after the filters ran, and by fetchContent().
 */
import { getPayload, type NmsHttp } from '../../../src/bindings/nms/client/index.ts';
import { eagerCandidates } from '../content.ts';
import { applyVisibility } from '../filters.ts';
import type { LocalFolder } from '../replica.ts';
import type { NmsDeviceState, NmsObjectState, NmsSyncContext } from './nms-context.ts';

/** Requests in flight at once, as an HTTP/1.1 client with a small connection pool. */
const PARALLEL_DOWNLOADS = 4;

/** Download the content of known objects; returns how many arrived. */
export async function downloadPayloads(
  http: NmsHttp,
  state: NmsDeviceState,
  objects: NmsObjectState[],
): Promise<number> {
  const queue = objects.filter((o) => o.uid !== undefined);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const o = queue[next++]!;
      o.raw = await getPayload(http, state.payloadUrls.get(o.uid!) ?? o.uid!);
      o.size = o.raw.length;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, queue.length) }, worker));
  return queue.length;
}

/** Re-evaluate the filters; in eager mode download what became visible. */
export async function refreshVisibility(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
): Promise<void> {
  const wanted = wantedContent(ctx, folder, applyVisibility(folder, ctx.prefs));
  if (wanted.length === 0) return;
  ctx.report.downloadedContent += await downloadPayloads(ctx.http, ctx.state, wanted);
  for (const o of wanted) if (o.raw) ctx.contentByKey.set(o.key, o.raw);
}

/**
 * The objects whose content a sync downloads: in eager mode the newly visible ones within the
 * size limit; none in on-demand mode.
 * Mutant payloads-during-sync: every newly visible one, whatever the mode.
 * Mutant redownloads-payloads: also every visible one whose content it already holds.
 */
function wantedContent(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  newlyVisible: NmsObjectState[],
): NmsObjectState[] {
  if (ctx.mutant === 'payloads-during-sync')
    return newlyVisible.filter((o) => !o.hidden && o.uid !== undefined);
  const wanted = eagerCandidates(newlyVisible, ctx.prefs);
  if (ctx.mutant !== 'redownloads-payloads') return wanted;
  const held = [...folder.byUid.values()].filter((o) => !o.hidden && o.raw && !wanted.includes(o));
  return [...wanted, ...held];
}
