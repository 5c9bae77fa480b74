/**
 * Step 1: request the list of folders (5.5.2.9). `LIST "" "*"`, with
 * `RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))` when LIST-STATUS is offered.
 */
import type { ListedFolder } from '../../src/bindings/imap/client/index.ts';
import type { SyncContext } from './sync-context.ts';

export async function listFolders(ctx: SyncContext): Promise<ListedFolder[]> {
  const { replica } = ctx;
  if (ctx.mutant === 'select-without-list' && replica.delimiter !== undefined) {
    // Mutant: no LIST after the first sync; the folders known on the server are assumed.
    const delimiter = replica.delimiter;
    const known = [...replica.folders.values()].filter((f) => f.onServer).map((f) => f.name);
    const remembered = [...new Set([...known, ...replica.deletedFolders])].sort();
    ctx.report.foldersListed = remembered.length;
    return remembered.map((path) => ({ path, delimiter, flags: [], selectable: true }));
  }
  const listed = await ctx.client.list({ status: true });
  ctx.report.foldersListed = listed.filter((f) => f.selectable).length;
  replica.delimiter = listed[0]?.delimiter ?? '/';
  return listed;
}
