/**
 * What the implementation damaged, shown even when a step fails: after a failed step the
 * store and every device are still compared with the oracle, and what neither reading of
 * the failed step explains (it did not happen at all, or it completed) is a finding,
 * attributed like any other difference. Also the check that the store holds the case's
 * `given` state before the first step (server role).
 */
import type { Step } from '../scenario/types.ts';
import type { ViewDifference } from '../model/view.ts';
import { differences } from '../model/view.ts';
import { CLAUSE, type Role } from './attribution.ts';
import {
  compareDevice,
  compareStore,
  deviceDifferences,
  findAttributed,
  Observation,
} from './compare.ts';
import type { CaseContext } from './context.ts';

/**
 * The operation behind an IMAP command that was refused (`SELECT x: NO [...]`): in server
 * role the store's operation, in client role the sync step that sent a wrong command.
 */
const REFUSED: Array<{ verbs: RegExp; server: string; client: string }> = [
  { verbs: /^(SELECT|EXAMINE)$/, server: CLAUSE.select, client: CLAUSE.folders },
  { verbs: /^APPEND$/, server: CLAUSE.store, client: CLAUSE.upload },
  { verbs: /^(UID )?FETCH$/, server: CLAUSE.fetch, client: CLAUSE.download },
  { verbs: /^(UID )?(COPY|MOVE)$/, server: CLAUSE.copyResponse, client: CLAUSE.copyRequest },
  { verbs: /^(UID )?STORE$/, server: CLAUSE.metadata, client: CLAUSE.flagsBothWays },
  { verbs: /^(UID )?EXPUNGE$/, server: CLAUSE.delete, client: CLAUSE.deleteOnServer },
  { verbs: /^CREATE$/, server: CLAUSE.createFolder, client: CLAUSE.folders },
  { verbs: /^DELETE$/, server: CLAUSE.deleteFolder, client: CLAUSE.folders },
  { verbs: /^LIST$/, server: CLAUSE.list, client: 'SD-5.5.2.20-1' },
];
const VERB =
  /\b(UID (?:FETCH|STORE|COPY|MOVE|EXPUNGE)|SELECT|EXAMINE|APPEND|FETCH|STORE|COPY|MOVE|EXPUNGE|CREATE|DELETE|LIST)\b/;
const REFUSED_ANSWER = /\b(NO|BAD)\b|\[MODIFIED/;

/** The clause a failed step proves broken, from what was refused or else from the step. */
export function failedStepClause(step: Step, role: Role, message = ''): string {
  // A rebuilt folder the device was not told about (UIDVALIDITY) is the selection's fault.
  if (/UIDVALIDITY/.test(message)) return role === 'server' ? CLAUSE.select : CLAUSE.detectChanges;
  const refused = REFUSED_ANSWER.test(message) ? VERB.exec(message)?.[1] : undefined;
  const operation = refused ? REFUSED.find((r) => r.verbs.test(refused)) : undefined;
  if (operation) return operation[role];
  if (role === 'server') {
    switch (step.do) {
      case 'fetch-content':
        return CLAUSE.fetch;
      case 'copy':
        return CLAUSE.copyResponse;
      case 'listen':
        return CLAUSE.notify;
      default:
        return CLAUSE.serverSync;
    }
  }
  switch (step.do) {
    case 'fetch-content':
      return CLAUSE.download;
    case 'copy':
      return CLAUSE.copyRequest;
    default:
      return CLAUSE.scope;
  }
}

/** Compare everything with the oracle after step `index` failed; findings for real damage. */
export async function reportDamage(ctx: CaseContext, step: Step, index: number): Promise<void> {
  const syncing = step.do === 'sync' ? [step.device].flat() : [];
  const seen = new Observation(ctx);
  // Differences against the oracle as if the failed step had not happened...
  const before = new Set<string>();
  for (const user of ctx.oracle.stores.keys())
    for (const d of differences(ctx.oracle.storeView(user), await seen.store(user)))
      before.add(mark(user, d));
  for (const name of ctx.devices.keys()) {
    for (const d of deviceDifferences(ctx, name, ctx.oracle.device(name).replica))
      before.add(mark(name, d));
  }
  // ...and as if it had completed: only what both readings find is damage.
  for (const name of syncing) ctx.oracle.synced(name);
  const keep = (place: string, d: ViewDifference) => before.has(mark(place, d));
  const label = `after the failed step ${index + 1}`;
  const found = await compareStore(ctx, seen, label, keep);
  for (const name of ctx.devices.keys())
    found.push(...(await compareDevice(ctx, seen, name, label, keep)));
  findAttributed(
    ctx,
    index,
    found.map((a) => ({ ...a, text: `${label}: ${a.text}` })),
  );
}

/** Server role: the store must hold the `given` state the harness just put there. */
export async function checkGiven(ctx: CaseContext): Promise<boolean> {
  const found = await compareStore(ctx, new Observation(ctx), 'after set-up');
  findAttributed(
    ctx,
    -1,
    found.map((a) => ({ ...a, text: `set-up: ${a.text}` })),
  );
  return found.length === 0;
}

function mark(place: string, d: ViewDifference): string {
  return `${place}\u0000${d.text}`;
}
