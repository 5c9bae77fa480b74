/**
 * Content download over NMS: `GET {payloadURL}` (else `GET objects/{id}/payload`), never a
 * write, so no flag changes. Used in eager mode after the filters ran, and by fetchContent().
 */
import { getPayload, type NmsHttp } from '../../../src/bindings/nms/client/index.ts';
import { eagerCandidates } from '../content.ts';
import { applyVisibility } from '../filters.ts';
import type { LocalFolder } from '../replica.ts';
import type { NmsDeviceState, NmsObjectState, NmsSyncContext } from './nms-context.ts';

/** Download the content of known objects; returns how many arrived. */
export async function downloadPayloads(
  http: NmsHttp,
  state: NmsDeviceState,
  objects: NmsObjectState[],
): Promise<number> {
  let count = 0;
  for (const o of objects) {
    if (o.uid === undefined) continue;
    o.raw = await getPayload(http, state.payloadUrls.get(o.uid) ?? o.uid);
    o.size = o.raw.length;
    count++;
  }
  return count;
}

/** Re-evaluate the filters; in eager mode download what became visible. */
export async function refreshVisibility(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
): Promise<void> {
  const wanted = eagerCandidates(applyVisibility(folder, ctx.prefs), ctx.prefs);
  if (wanted.length === 0) return;
  ctx.report.downloadedContent += await downloadPayloads(ctx.http, ctx.state, wanted);
  for (const o of wanted) if (o.raw) ctx.contentByKey.set(o.key, o.raw);
}
