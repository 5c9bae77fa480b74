/**
 * Step 1: request the list of folders (5.5.2.9). `LIST "" "*"`, with
 * `RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))` when LIST-STATUS is offered.
 */
import type { ListedFolder } from '../../src/bindings/imap/client/index.ts';
import type { SyncContext } from './sync-context.ts';

export async function listFolders(ctx: SyncContext): Promise<ListedFolder[]> {
  const listed = await ctx.client.list({ status: true });
  ctx.report.foldersListed = listed.filter((f) => f.selectable).length;
  return listed;
}
