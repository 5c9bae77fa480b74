/** Expectations: compare the store and devices with the oracle, and the other checks. */
import { diffViews, type StoreView } from '../../model/view.ts';
import type { CaseContext } from '../context.ts';
import type { Expectation } from '../../scenario/types.ts';
import { InconclusiveError } from '../trouble.ts';
import { judgeTrace } from '../trace-rules.ts';
import { notification } from './notification-check.ts';
import { linkage, sameContent } from './linkage-check.ts';

export async function expect(ctx: CaseContext, step: Expectation, index: number): Promise<void> {
  const clauses = step.clauses;
  const found = (messages: string[]) => ctx.find(index, clauses, messages);
  if (step.store || step.converged) found(await storeDifferences(ctx, index));
  const devices =
    step.converged || step.devices === 'all' ? [...ctx.devices.keys()] : (step.devices ?? []);
  for (const name of devices) found(deviceDifferences(ctx, name, index));
  if (step.notified) found(await notification(ctx, step.notified.device));
  if (step.linked) found(await linkage(ctx, step.linked));
  if (step.sameContent) found(await sameContent(ctx, step.sameContent));
  if (step.content) found(contentMarkers(ctx, step.content));
  if (step.uidValidityChanged) found(await uidValidityChanged(ctx, step.uidValidityChanged));
  if (step.quiet) found(quiet(ctx, step.quiet));
  if (step.trace) found(traceRules(ctx, step.trace));
}

function users(ctx: CaseContext): string[] {
  return [...ctx.oracle.stores.keys()];
}

async function storeDifferences(ctx: CaseContext, index: number): Promise<string[]> {
  const out: string[] = [];
  for (const user of users(ctx)) {
    const expected = ctx.oracle.storeView(user);
    const actual = await (await ctx.actor(user)).view();
    const diff = diffViews(expected, actual).map((line) => `store (${user}): ${line}`);
    if (diff.length) keepDiff(ctx, `store (${user}) at step ${index + 1}`, expected, actual, diff);
    out.push(...diff);
  }
  return out;
}

function deviceDifferences(ctx: CaseContext, name: string, index: number): string[] {
  const expected = ctx.oracle.device(name);
  const actual = ctx.device(name).localView();
  const diff = diffViews(expected.replica, actual, {
    // Whole content versus metadata only is judged where the implementation declares
    // metadata-first (the ICS); otherwise only the dedicated `content` expectation judges it.
    content: ctx.settings.features.has('metadata-only'),
    folders: (folder) => ctx.oracle.folderInScope(expected, folder),
  }).map((line) => `${name}: ${line}`);
  if (diff.length) keepDiff(ctx, `${name} at step ${index + 1}`, expected.replica, actual, diff);
  return diff;
}

function keepDiff(
  ctx: CaseContext,
  label: string,
  expected: StoreView,
  actual: StoreView,
  diff: string[],
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
    text: `differences:\n${diff.map((d) => '  ' + d).join('\n')}\nexpected:\n${render(expected)}\nobserved:\n${render(actual)}`,
  });
}

function contentMarkers(ctx: CaseContext, spec: NonNullable<Expectation['content']>): string[] {
  const view = ctx.device(spec.device).localView();
  const out: string[] = [];
  const check = (names: string[] | undefined, wanted: 'full' | 'metadata') => {
    for (const o of ctx.names.resolve(names ?? [])) {
      const held = view.folders
        .find((f) => f.name === o.folder)
        ?.objects.find((x) => x.key === o.key);
      if (!held) out.push(`${spec.device}: ${o.folder} ${o.key} missing`);
      else if (held.content !== wanted)
        out.push(
          `${spec.device}: ${o.folder} ${o.key} content ${held.content}, expected ${wanted}`,
        );
    }
  };
  check(spec.full, 'full');
  check(spec.metadata, 'metadata');
  return out;
}

async function uidValidityChanged(ctx: CaseContext, folder: string): Promise<string[]> {
  const user = ctx.defaultUser;
  const before = ctx.uidValidityBefore.get(`${user}/${folder}`);
  if (before === undefined)
    throw new InconclusiveError(`no server-reset-folder of ${folder} before this expectation`);
  const after = await (await ctx.actor(user)).uidValidity(folder);
  return after !== before
    ? []
    : [`${folder}: UIDVALIDITY still ${after} after the folder was rebuilt`];
}

function quiet(ctx: CaseContext, device: string): string[] {
  const report = ctx.lastReport.get(device);
  if (!report) throw new InconclusiveError(`${device} has not synchronised yet`);
  const busy = Object.entries({
    downloadedMetadata: report.downloadedMetadata,
    downloadedContent: report.downloadedContent,
    uploaded: report.uploaded,
    deletedOnServer: report.deletedOnServer,
    removedLocally: report.removedLocally,
    flagsPulled: report.flagsPulled,
    resynced: report.resynced.length,
  }).filter(([, n]) => n > 0);
  return busy.length === 0
    ? []
    : [
        `${device}: a sync with nothing changed still did work: ${busy.map(([k, n]) => `${k}=${n}`).join(', ')}${report.resynced.length ? ` (resynced ${report.resynced.join(', ')})` : ''}`,
      ];
}

function traceRules(ctx: CaseContext, spec: NonNullable<Expectation['trace']>): string[] {
  if (!ctx.trace.enabled)
    throw new InconclusiveError(
      'no store-side trace: trace assertions need the harness to play the store',
    );
  const syncs = ctx.trace.syncsOf(spec.device);
  const last = syncs[syncs.length - 1];
  if (!last) throw new InconclusiveError(`${spec.device} has not synchronised yet`);
  const all = ctx.trace.of(spec.device);
  return spec.rules.flatMap((rule) =>
    judgeTrace(rule, last, all, spec.folders).map((m) => `${spec.device}: ${m}`),
  );
}
