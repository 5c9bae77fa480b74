/** `expect linked` and `expect sameContent`: copies share one content (SD-5.5.2.5). */
import type { CaseContext } from '../context.ts';
import { InconclusiveError } from '../trouble.ts';

export async function linkage(ctx: CaseContext, names: string[]): Promise<string[]> {
  const identities: string[] = [];
  for (const o of ctx.names.resolve(names)) {
    const ids = await (await ctx.actor(o.user)).contentIdentities(o.folder, o.key);
    if (ids === undefined)
      throw new InconclusiveError(
        'the store exposes no content identity (OBJECTID), linkage cannot be observed',
      );
    if (ids.length === 0) return [`${o.folder} ${o.key}: not found in the store`];
    identities.push(...ids);
  }
  const distinct = [...new Set(identities)];
  return distinct.length === 1
    ? []
    : [
        `copies of ${names.join(', ')} have ${distinct.length} content identities (${distinct.join(', ')}): content was duplicated, not linked`,
      ];
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
