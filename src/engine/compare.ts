/**
 * Compare the store and the devices with the oracle, each difference attributed to the
 * clause it proves broken (attribution.ts), the diff kept as evidence. Used by `expect`
 * steps, by the check after set-up, and by the damage report after a failed step.
 */
import { differences, type StoreView, type ViewDifference } from '../model/view.ts';
import type { CaseContext } from './context.ts';
import {
  CLAUSE,
  attributeDevice,
  attributeStore,
  serverSideReading,
  type Attributed,
  type Role,
} from './attribution.ts';

/** The store's observed views, read at most once per comparison. */
export class Observation {
  private readonly views = new Map<string, Promise<StoreView>>();
  constructor(private readonly ctx: CaseContext) {}

  store(user: string): Promise<StoreView> {
    let view = this.views.get(user);
    if (!view) {
      view = this.ctx.actor(user).then((a) => a.view());
      this.views.set(user, view);
    }
    return view;
  }

  async storeDifferences(user: string): Promise<ViewDifference[]> {
    return differences(this.ctx.oracle.storeView(user), await this.store(user));
  }
}

export function roleOf(ctx: CaseContext): Role {
  return ctx.definition.role;
}

/** Differences between the store of every user and the oracle. */
/** Which differences to report (the damage report keeps those no reading explains). */
export type DifferenceFilter = (place: string, diff: ViewDifference) => boolean;

export async function compareStore(
  ctx: CaseContext,
  seen: Observation,
  label: string,
  keep: DifferenceFilter = () => true,
): Promise<Attributed[]> {
  const out: Attributed[] = [];
  for (const user of ctx.oracle.stores.keys()) {
    const expected = ctx.oracle.storeView(user);
    const actual = await seen.store(user);
    const diff = differences(expected, actual).filter((d) => keep(user, d));
    if (diff.length === 0) continue;
    keepDiff(ctx, `store (${user}) ${label}`, expected, actual, diff);
    for (const d of diff)
      out.push(
        ...(await storeReading(ctx, user, d)).map((a) => ({
          clause: a.clause,
          text: `store (${user}): ${a.text}`,
        })),
      );
  }
  return out;
}

/** Differences between one device's replica and what the oracle expects of it. */
export async function compareDevice(
  ctx: CaseContext,
  seen: Observation,
  name: string,
  label: string,
  keep: DifferenceFilter = () => true,
): Promise<Attributed[]> {
  const expected = ctx.oracle.device(name);
  const actual = ctx.device(name).localView();
  const diff = deviceDifferences(ctx, name, expected.replica).filter((d) => keep(name, d));
  if (diff.length === 0) return [];
  keepDiff(ctx, `${name} ${label}`, expected.replica, actual, diff);
  return attributeDeviceDifferences(ctx, seen, name, diff);
}

/** A device's replica against a view the oracle expects of it. */
export function deviceDifferences(
  ctx: CaseContext,
  name: string,
  expected: StoreView,
): ViewDifference[] {
  const device = ctx.oracle.device(name);
  return differences(expected, ctx.device(name).localView(), {
    // Whole content versus metadata only is judged where the implementation declares
    // metadata-first (the ICS); otherwise only the dedicated `content` expectation judges it.
    content: ctx.settings.features.has('metadata-only'),
    folders: (folder) => ctx.oracle.folderInScope(device, folder),
  });
}

async function attributeDeviceDifferences(
  ctx: CaseContext,
  seen: Observation,
  name: string,
  diff: ViewDifference[],
): Promise<Attributed[]> {
  const expected = ctx.oracle.device(name);
  const role = roleOf(ctx);
  // A device the harness plays (every device in server role, simulated ones in client
  // role) only reflects the store: where the store itself is wrong on the same item, the
  // store's fault is what the difference proves.
  const trusted = role === 'server' || ctx.definition.devices[name]?.simulated === true;
  const storeDiff = trusted ? await seen.storeDifferences(expected.user) : [];
  const out: Attributed[] = [];
  for (const d of diff) {
    const same = storeDiff.find((s) => sameItem(d, s));
    const attributed = same
      ? await storeReading(ctx, expected.user, same)
      : attributeDevice(d, expected, ctx.oracle, role).map((a) =>
          role === 'server' ? { ...a, clause: serverSideReading(a.clause) } : a,
        );
    for (const a of attributed)
      out.push({
        clause: a.clause,
        text: `${name}: ${d.text}${same ? ` (the store holds it wrong too: ${same.text})` : ''}`,
      });
  }
  return out;
}

/** A store difference attributed; a folder the store does not list but opens is hidden (5.5.2.9). */
async function storeReading(
  ctx: CaseContext,
  user: string,
  d: ViewDifference,
): Promise<Attributed[]> {
  const hidden =
    d.kind === 'folder-missing' && roleOf(ctx) === 'server' && (await opens(ctx, user, d.folder));
  return hidden
    ? [{ clause: CLAUSE.list, text: `${d.text} (it opens: the store does not list it)` }]
    : attributeStore(d, user, roleOf(ctx), ctx.oracle);
}

async function opens(ctx: CaseContext, user: string, folder: string): Promise<boolean> {
  try {
    const actor = await ctx.actor(user);
    if (actor.opens) return await actor.opens(folder);
    await actor.uidValidity(folder);
    return true;
  } catch {
    return false;
  }
}

/** Whether a device difference and a store difference are about the same thing. */
function sameItem(device: ViewDifference, store: ViewDifference): boolean {
  if (store.kind === 'folder-missing' || store.kind === 'folder-extra') {
    const kindMatch =
      (store.kind === 'folder-missing') ===
      (device.kind === 'folder-missing' || device.kind === 'object-missing');
    return kindMatch && device.folder === store.folder;
  }
  if (device.kind !== store.kind || device.folder !== store.folder) return false;
  if (!('key' in device) || !('key' in store) || device.key !== store.key) return false;
  if (device.kind === 'flags' && store.kind === 'flags') {
    const mine = [...device.missing, ...device.extra];
    return [...store.missing, ...store.extra].some((f) => mine.includes(f));
  }
  return true;
}

export function keepDiff(
  ctx: CaseContext,
  label: string,
  expected: StoreView,
  actual: StoreView,
  diff: ViewDifference[],
): void {
  const render = (view: StoreView) =>
    view.folders
      .map(
        (f) =>
          `  ${f.name}\n${f.objects.map((o) => `    ${o.key} (${o.flags.join(' ')})${o.content ? ' ' + o.content : ''}`).join('\n')}`,
      )
      .join('\n');
  ctx.notes.push({
    kind: 'oracle-diff',
    label,
    text: `differences:\n${diff.map((d) => '  ' + d.text).join('\n')}\nexpected:\n${render(expected)}\nobserved:\n${render(actual)}`,
  });
}

/** Record attributed differences as findings, one per clause. */
export function findAttributed(ctx: CaseContext, step: number, found: Attributed[]): void {
  const byClause = new Map<string, string[]>();
  for (const a of found) byClause.set(a.clause, [...(byClause.get(a.clause) ?? []), a.text]);
  for (const [clause, messages] of byClause) ctx.find(step, [clause], messages);
}
