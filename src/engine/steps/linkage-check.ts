/**
 * `expect linked` and `expect sameContent`: copies share one content (SD-5.5.2.5).
 *
 * A shared content identity proves a link only if the store gives separately stored copies of
 * the same bytes different identities. So when the copies share one, a negative control
 * stores the same bytes twice, separately, in a scratch folder (removed afterwards): if those
 * two share an identity too, the store derives it from the bytes, linkage cannot be observed,
 * and the check is inconclusive rather than passed.
 */
import { housekeepingRetry } from '../step-retry.ts';
import type { CaseContext } from '../context.ts';
import type { ObjectSpec } from '../ports.ts';
import { InconclusiveError } from '../trouble.ts';

/** The scratch folder of the negative control; it never outlives the check. */
export const LINKAGE_CONTROL_FOLDER = 'cpmct-linkage-control';

export async function linkage(ctx: CaseContext, names: string[]): Promise<string[]> {
  const identities: string[] = [];
  const objects = ctx.names.resolve(names);
  for (const o of objects) {
    const ids = await (await ctx.actor(o.user)).contentIdentities(o.folder, o.key);
    if (ids === undefined)
      throw new InconclusiveError(
        'the store exposes no content identity (OBJECTID), linkage cannot be observed',
      );
    if (ids.length === 0) return [`${o.folder} ${o.key}: not found in the store`];
    identities.push(...ids);
  }
  const distinct = [...new Set(identities)];
  if (distinct.length !== 1) {
    return [
      `copies of ${names.join(', ')} have ${distinct.length} content identities (${distinct.join(', ')}): content was duplicated, not linked`,
    ];
  }
  const first = objects[0];
  const spec = first ? ctx.oracle.specs.get(first.key) : undefined;
  if (!first || !spec)
    throw new InconclusiveError(`no known content for ${names[0]}: no linkage control possible`);
  await linkageControl(ctx, first.user, spec, distinct[0]!);
  return [];
}

/** Store the same bytes twice, separately; throws InconclusiveError if they share an identity. */
async function linkageControl(
  ctx: CaseContext,
  user: string,
  spec: ObjectSpec,
  linkedId: string,
): Promise<void> {
  const actor = await ctx.actor(user);
  let ids: string[] | undefined;
  try {
    await actor.createFolder(LINKAGE_CONTROL_FOLDER);
    await actor.deliver(LINKAGE_CONTROL_FOLDER, spec);
    await actor.deliver(LINKAGE_CONTROL_FOLDER, spec);
    ids = await actor.contentIdentities(LINKAGE_CONTROL_FOLDER, spec.key);
  } catch (error) {
    await actor.deleteFolder(LINKAGE_CONTROL_FOLDER).catch(() => undefined);
    throw error;
  }
  // A store that keeps the scratch folder after deleting it is judged on that (5.5.2.11).
  await housekeepingRetry(ctx, `DELETE ${LINKAGE_CONTROL_FOLDER}`, () =>
    actor.deleteFolder(LINKAGE_CONTROL_FOLDER),
  );
  const control = `two separate deliveries of the bytes of ${spec.key} to ${LINKAGE_CONTROL_FOLDER}`;
  ctx.notes.push({
    kind: 'note',
    label: 'linkage control',
    text: `copies share ${linkedId}; ${control} got ${ids?.join(', ') || 'no identity'}`,
  });
  if (!ids || ids.length !== 2)
    throw new InconclusiveError(
      `linkage control: ${control} show ${ids?.length ?? 0} content identities, expected 2: a shared identity cannot be told from a link`,
    );
  if (ids[0] === ids[1] || ids.includes(linkedId))
    throw new InconclusiveError(
      `linkage not observable: ${control} share the content identity ${ids[0]}, so the store derives it from the bytes and a shared identity proves no link`,
    );
}

export async function sameContent(ctx: CaseContext, names: string[]): Promise<string[]> {
  const contents: Array<Buffer | undefined> = [];
  for (const o of ctx.names.resolve(names))
    contents.push(await (await ctx.actor(o.user)).content(o.folder, o.key));
  const first = contents[0];
  if (!first) return [`${names[0]}: no content in the store`];
  return contents.every((c) => c && c.equals(first))
    ? []
    : [`${names.join(', ')}: contents differ`];
}
