/**
 * From a difference to the one clause it proves broken. The oracle's provenance says why the
 * expected state holds (which step, which side); what was wrong, and who is under test, say
 * which rule of seed 003/004 the implementation broke:
 *
 * - the store is under test (server role): the store operation behind the expected state
 *   (5.5.2.3 store, 5.5.2.6 delete, 5.5.2.8 create folder, 5.5.2.11 delete folder,
 *   5.5.2.13 metadata, 5.5.2.5 copy, 5.5.2.9 list); a device that misses what the store
 *   holds correctly was misinformed during the sync (3b, 3c, 3f);
 * - the client is under test (client role): the sync step that should have carried the
 *   change (3b download, 3c remove locally, 3d upload, 3e delete on the server, 3f flags,
 *   2 folders).
 *
 * `\Seen` that appears with no step setting it is 5.5.2.4 (a fetch changed state), and an
 * object a device holds against its filter preferences is RD-STOR-x1, whoever is under test.
 */
import type { ViewDifference } from '../model/view.ts';
import type { ExpectedDevice, Oracle } from './oracle.ts';
import type { Cause } from './provenance.ts';

export type Role = 'server' | 'client';

export const CLAUSE = {
  partial: 'RD-STOR-x1',
  folders: 'SD-5.5.2.20-2',
  download: 'SD-5.5.2.20-3b',
  removeLocally: 'SD-5.5.2.20-3c',
  upload: 'SD-5.5.2.20-3d',
  deleteOnServer: 'SD-5.5.2.20-3e',
  flagsBothWays: 'SD-5.5.2.20-3f',
  metadataOnly: 'SD-5.5.2.20-3-note',
  select: 'SD-5.5.2.2',
  store: 'SD-5.5.2.3',
  fetch: 'SD-5.5.2.4',
  copy: 'SD-5.5.2.5',
  copyRequest: 'SD-5.5.2.5-request',
  copyResponse: 'SD-5.5.2.5-response',
  delete: 'SD-5.5.2.6',
  createFolder: 'SD-5.5.2.8',
  list: 'SD-5.5.2.9',
  deleteFolder: 'SD-5.5.2.11',
  metadata: 'SD-5.5.2.13',
  serverSync: 'SD-COPY-5.5.2.20-server-sync',
  notify: 'SD-5.5.2.20-notify',
  detectChanges: 'SD-5.5.2.20-3a',
  scope: 'SD-5.5.2.20-scope',
} as const;

/** Folders the harness creates for itself and always deletes (linkage control, rebuilds). */
export const SCRATCH_PREFIX = 'cpmct-';

/** One difference with the clause it proves broken. */
export interface Attributed {
  clause: string;
  text: string;
}

/** A difference between the store (of `user`) and the oracle. */
export function attributeStore(
  diff: ViewDifference,
  user: string,
  role: Role,
  oracle: Oracle,
): Attributed[] {
  const server = role === 'server';
  const one = (clause: string): Attributed[] => [{ clause, text: diff.text }];
  const p = oracle.provenance;
  // Objects of a folder the store rebuilt (new UIDVALIDITY) must come through unchanged.
  const rebuilt = 'key' in diff && p.predatesReset(user, diff.folder, diff.key);
  if (rebuilt && presence(diff)) return one(server ? CLAUSE.select : CLAUSE.detectChanges);
  switch (diff.kind) {
    case 'folder-missing':
      return one(server ? CLAUSE.createFolder : CLAUSE.folders);
    case 'folder-extra': {
      const cause = p.folderCause(user, diff.folder);
      if (!server) return one(CLAUSE.folders);
      // The harness's own scratch folders (cpmct-*) are always deleted by the harness.
      const removed = cause?.op === 'delete-folder' || diff.folder.startsWith(SCRATCH_PREFIX);
      return one(removed ? CLAUSE.deleteFolder : CLAUSE.list);
    }
    case 'object-missing':
      return one(storeLost(p.objectCause(user, diff.folder, diff.key), server));
    case 'copies': {
      const cause = p.objectCause(user, diff.folder, diff.key);
      if (diff.actual < diff.expected) return one(storeLost(cause, server));
      if (cause?.op === 'copy' || p.wasCopied(user, diff.key))
        return one(server ? CLAUSE.copy : CLAUSE.copyRequest);
      return one(server ? CLAUSE.store : CLAUSE.upload);
    }
    case 'object-extra': {
      const cause = p.objectCause(user, diff.folder, diff.key);
      if (server) {
        if (cause?.op === 'delete') return one(CLAUSE.delete);
        if (cause?.op === 'delete-folder') return one(CLAUSE.deleteFolder);
        return one(CLAUSE.serverSync);
      }
      if (cause?.op === 'delete' && cause.device === undefined) return one(CLAUSE.removeLocally);
      if (cause?.op === 'delete' || cause?.op === 'delete-folder')
        return one(cause.op === 'delete' ? CLAUSE.deleteOnServer : CLAUSE.folders);
      return one(CLAUSE.upload);
    }
    case 'flags':
      return byFlag(diff, (flag, cause) => {
        if (isSeen(flag) && diff.extra.includes(flag) && !cause) return CLAUSE.fetch;
        if (rebuilt && !changedSince(cause, p.resetStep(user, diff.folder)))
          return server ? CLAUSE.select : CLAUSE.detectChanges;
        if (!server) return cause?.op === 'add' ? CLAUSE.upload : CLAUSE.flagsBothWays;
        if (cause && cause.op !== 'flags') return CLAUSE.store;
        return CLAUSE.metadata;
      });
    case 'content':
      return one(server ? CLAUSE.fetch : CLAUSE.download);
  }
  return one(CLAUSE.serverSync);

  function byFlag(
    d: Extract<ViewDifference, { kind: 'flags' }>,
    clauseOf: (flag: string, cause: Cause | undefined) => string,
  ): Attributed[] {
    return groupFlags(d, (flag) => clauseOf(flag, p.flagCause(user, d.folder, d.key, flag)));
  }
}

/** What it proves when the store lacks an object the oracle expects there. */
function storeLost(cause: Cause | undefined, server: boolean): string {
  if (cause?.op === 'copy') return server ? CLAUSE.copy : CLAUSE.copyRequest;
  if (server) return CLAUSE.store;
  // The harness's store lost nothing by itself: the client under test removed it, or never
  // sent what it created.
  return cause?.op === 'add' ? CLAUSE.upload : CLAUSE.deleteOnServer;
}

/** A difference between a device's replica and what the oracle expects of it. */
export function attributeDevice(
  diff: ViewDifference,
  device: ExpectedDevice,
  oracle: Oracle,
  role: Role,
): Attributed[] {
  const one = (clause: string): Attributed[] => [{ clause, text: diff.text }];
  const p = oracle.provenance;
  const { user } = device;
  const prefs = device.preferences;
  // The client must notice a rebuilt folder (new UIDVALIDITY) when it selects it (3a).
  const rebuilt = 'key' in diff && p.predatesReset(user, diff.folder, diff.key);
  if (rebuilt && presence(diff)) return one(CLAUSE.detectChanges);
  switch (diff.kind) {
    case 'folder-missing':
    case 'folder-extra':
      return one(CLAUSE.folders);
    case 'object-missing': {
      if (p.objectCause(user, diff.folder, diff.key)?.op === 'copy') return one(CLAUSE.copyRequest);
      const held = device.before.folders
        .find((f) => f.name === diff.folder)
        ?.objects.some((o) => o.key === diff.key);
      return one(held ? CLAUSE.removeLocally : CLAUSE.download);
    }
    case 'copies':
      return one(p.wasCopied(user, diff.key) ? CLAUSE.copyRequest : CLAUSE.download);
    case 'object-extra': {
      if (oracle.inStore(user, diff.folder, diff.key)) return one(CLAUSE.partial);
      const cause = p.objectCause(user, diff.folder, diff.key);
      if (cause?.op === 'delete' && cause.device === device.name) return one(CLAUSE.deleteOnServer);
      if (cause?.op === 'delete') return one(CLAUSE.removeLocally);
      if (cause?.op === 'delete-folder') return one(CLAUSE.folders);
      return one(CLAUSE.download);
    }
    case 'flags':
      return groupFlags(diff, (flag) => {
        const cause = p.flagCause(user, diff.folder, diff.key, flag);
        if (isSeen(flag) && diff.extra.includes(flag) && !cause) return CLAUSE.fetch;
        const resetMatters = rebuilt && !changedSince(cause, p.resetStep(user, diff.folder));
        return resetMatters ? CLAUSE.detectChanges : CLAUSE.flagsBothWays;
      });
    case 'content': {
      // Content the device asked for and does not hold: the store did not serve it (server
      // role), or the client under test did not bring it down (client role).
      if (diff.expected === 'full') return one(role === 'server' ? CLAUSE.fetch : CLAUSE.download);
      const size = oracle.specs.get(diff.key)?.raw.length ?? 0;
      const overLimit = prefs.maxSize !== undefined && size > prefs.maxSize;
      return one(overLimit ? CLAUSE.partial : CLAUSE.metadataOnly);
    }
  }
  return one(CLAUSE.download);
}

/** Server role: what a device got wrong while the store holds it right says the store misinformed it. */
export function serverSideReading(clause: string): string {
  switch (clause) {
    case CLAUSE.folders:
      return CLAUSE.list;
    case CLAUSE.deleteOnServer:
      return CLAUSE.removeLocally;
    case CLAUSE.detectChanges:
      return CLAUSE.select;
    case CLAUSE.copyRequest:
      return CLAUSE.copy;
    default:
      return clause;
  }
}

function groupFlags(
  diff: Extract<ViewDifference, { kind: 'flags' }>,
  clauseOf: (flag: string) => string,
): Attributed[] {
  const byClause = new Map<string, string[]>();
  for (const flag of [...diff.missing, ...diff.extra]) {
    const clause = clauseOf(flag);
    byClause.set(clause, [...(byClause.get(clause) ?? []), flag]);
  }
  return [...byClause].map(([clause, flags]) => ({
    clause,
    text: byClause.size > 1 ? `${diff.text} [${flags.join(' ')}]` : diff.text,
  }));
}

/** Whether an object is there or not (not its flags or content): what a rebuild may break. */
function presence(diff: ViewDifference): boolean {
  return diff.kind === 'object-missing' || diff.kind === 'object-extra' || diff.kind === 'copies';
}

/**
 * A flag a device changed, or one changed after the folder was rebuilt, is judged as any
 * flag change; only flags the store held before the rebuild are the rebuild's to keep.
 */
function changedSince(cause: Cause | undefined, reset: number | undefined): boolean {
  if (cause?.op !== 'flags') return false;
  return cause.device !== undefined || (reset !== undefined && cause.step > reset);
}

function isSeen(flag: string): boolean {
  return flag.toLowerCase() === '\\seen';
}
