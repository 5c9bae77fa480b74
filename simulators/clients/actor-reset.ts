/**
 * Rebuild a folder so that it gets a new UIDVALIDITY, keeping its objects (flags and internal
 * dates included). No IMAP command changes UIDVALIDITY, so: RENAME the folder to a temporary
 * name, CREATE it again (a new mailbox, a new UIDVALIDITY), RENAME any child folders back,
 * move every object back (UID MOVE, or UID COPY when MOVE is not offered), DELETE the temporary
 * folder. Then check with STATUS that UIDVALIDITY really changed; a store that reuses it is
 * reported with a clear message.
 */
import type { ImapClient } from '../../src/bindings/imap/client/index.ts';
import { CLAUSE } from '../../src/engine/attribution.ts';
import { StoreFault } from '../../src/engine/trouble.ts';

export async function resetFolder(client: ImapClient, name: string): Promise<void> {
  const before = (await client.status(name)).uidValidity;
  const listed = await client.list();
  const delimiter = listed.find((f) => f.path === name)?.delimiter ?? listed[0]?.delimiter ?? '/';
  const temporary = `cpmct-reset-${process.pid}-${Date.now()}`;
  await client.rename(name, temporary);
  await client.create(name);
  const prefix = `${temporary}${delimiter}`;
  const children = (await client.list())
    .map((f) => f.path)
    .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes(delimiter));
  for (const child of children) {
    await client.rename(child, `${name}${delimiter}${child.slice(prefix.length)}`);
  }
  const info = await client.select(temporary);
  if (info.exists > 0) {
    const all = await client.searchUids(['ALL']);
    if (client.has('MOVE')) await client.move(all, name);
    else await client.copy(all, name);
  }
  await client.delete(temporary);
  if ((await client.list()).some((f) => f.path === temporary))
    throw new StoreFault(
      CLAUSE.deleteFolder,
      `DELETE ${temporary} answered OK but the folder is still listed`,
    );
  const after = (await client.status(name)).uidValidity;
  if (after === before) {
    throw new Error(
      `UIDVALIDITY stayed ${before} after RENAME, CREATE and moving the objects back: this store does not give a re-created folder a new UIDVALIDITY`,
    );
  }
}
