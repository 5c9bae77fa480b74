/**
 * Expectations: compare the store and devices with the oracle, and the other checks. Each
 * finding names the clause that what was wrong proves broken (attribution.ts), never the
 * case's whole clause list.
 */
import type { CaseContext } from '../context.ts';
import type { Expectation } from '../../scenario/types.ts';
import { InconclusiveError } from '../trouble.ts';
import { judgeTrace, type TraceRule } from '../trace-rules.ts';
import {
  isNmsOnlyRule,
  judgeNmsTrace,
  NMS_RULE_LEVEL,
  NMS_TRACE_CLAUSE,
  type NmsOnlyTraceRule,
} from '../nms-trace-rules.ts';
import type { WireEntry } from '../ports.ts';
import { CLAUSE, type Attributed } from '../attribution.ts';
import { compareDevice, compareStore, findAttributed, Observation, roleOf } from '../compare.ts';
import { notification } from './notification-check.ts';
import { linkage, sameContent } from './linkage-check.ts';

export async function expect(ctx: CaseContext, step: Expectation, index: number): Promise<void> {
  const found = (clause: string, messages: string[]) => ctx.find(index, [clause], messages);
  const seen = new Observation(ctx);
  const label = `at step ${index + 1}`;
  if (step.store || step.converged)
    findAttributed(ctx, index, await compareStore(ctx, seen, label));
  const devices =
    step.converged || step.devices === 'all' ? [...ctx.devices.keys()] : (step.devices ?? []);
  for (const name of devices)
    findAttributed(ctx, index, await compareDevice(ctx, seen, name, label));
  if (step.notified) {
    const silent = await notification(ctx, step.notified.device);
    // No notification for a change the store never made: the store's fault is the change.
    const unmade = silent.length ? await compareStore(ctx, seen, label) : [];
    if (unmade.length)
      findAttributed(
        ctx,
        index,
        unmade.map((a) => ({ ...a, text: `${silent[0]}; the change it announces: ${a.text}` })),
      );
    else found(CLAUSE.notify, silent);
  }
  // Copies that are not one linked content: the store's copy, or the client's request.
  const copyClause = roleOf(ctx) === 'server' ? CLAUSE.copy : CLAUSE.copyRequest;
  if (step.linked) found(copyClause, await linkage(ctx, step.linked));
  if (step.sameContent) found(copyClause, await sameContent(ctx, step.sameContent));
  if (step.content) findAttributed(ctx, index, contentMarkers(ctx, step.content));
  if (step.uidValidityChanged)
    found(CLAUSE.select, await uidValidityChanged(ctx, step.uidValidityChanged));
  if (step.quiet) findAttributed(ctx, index, quiet(ctx, step.quiet));
  if (step.trace) findAttributed(ctx, index, traceRules(ctx, step.trace, index));
}

function contentMarkers(ctx: CaseContext, spec: NonNullable<Expectation['content']>): Attributed[] {
  const view = ctx.device(spec.device).localView();
  const expected = ctx.oracle.device(spec.device);
  const server = roleOf(ctx) === 'server';
  const out: Attributed[] = [];
  const check = (names: string[] | undefined, wanted: 'full' | 'metadata') => {
    for (const o of ctx.names.resolve(names ?? [])) {
      const held = view.folders
        .find((f) => f.name === o.folder)
        ?.objects.find((x) => x.key === o.key);
      const text = held
        ? `${spec.device}: ${o.folder} ${o.key} content ${held.content}, expected ${wanted}`
        : `${spec.device}: ${o.folder} ${o.key} missing`;
      if (!held) out.push({ clause: CLAUSE.download, text });
      else if (held.content !== wanted) out.push({ clause: contentClause(wanted), text });
    }
  };
  check(spec.full, 'full');
  check(spec.metadata, 'metadata');
  return out;

  /** Content missing where it was fetched: the fetch failed; content where only metadata was due. */
  function contentClause(wanted: 'full' | 'metadata'): string {
    if (wanted === 'full') return server ? CLAUSE.fetch : CLAUSE.download;
    return expected.preferences.maxSize !== undefined ? CLAUSE.partial : CLAUSE.metadataOnly;
  }
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

/** A sync with nothing changed did work: a UIDVALIDITY change is 5.5.2.2, anything else 3a. */
function quiet(ctx: CaseContext, device: string): Attributed[] {
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
  if (busy.length === 0) return [];
  const text = `${device}: a sync with nothing changed still did work: ${busy.map(([k, n]) => `${k}=${n}`).join(', ')}${report.resynced.length ? ` (resynced ${report.resynced.join(', ')})` : ''}`;
  return [{ clause: report.resynced.length ? CLAUSE.select : CLAUSE.detectChanges, text }];
}

/** The sync step each trace rule judges. */
const TRACE_CLAUSE: Record<TraceRule | NmsOnlyTraceRule, string> = {
  'lists-first': 'SD-5.5.2.20-1',
  selects: CLAUSE.detectChanges,
  'metadata-only': CLAUSE.metadataOnly,
  'peek-only': CLAUSE.fetch,
  'no-refetch': CLAUSE.download,
  'not-selected': CLAUSE.partial,
  ...NMS_TRACE_CLAUSE,
};

function traceRules(
  ctx: CaseContext,
  spec: NonNullable<Expectation['trace']>,
  index: number,
): Attributed[] {
  if (!ctx.trace.enabled)
    throw new InconclusiveError(
      'no store-side trace: trace assertions need the harness to play the store',
    );
  const syncs = ctx.trace.syncsOf(spec.device);
  const last = syncs[syncs.length - 1];
  if (!last) throw new InconclusiveError(`${spec.device} has not synchronised yet`);
  const all = ctx.trace.of(spec.device);
  if (ctx.factory.endpoint.binding === 'nms')
    return nmsTraceRules(ctx, spec, index, { last, all, earlier: syncs.slice(0, -1) });
  return spec.rules.flatMap((rule) => {
    if (isNmsOnlyRule(rule))
      throw new InconclusiveError(`trace rule ${rule} judges NMS traffic only`);
    return judgeTrace(rule, last, all, spec.folders).map((m) => ({
      clause: TRACE_CLAUSE[rule],
      text: `${spec.device}: ${m}`,
    }));
  });
}

/** NMS: each finding on its rule's clause; a rule weaker than its clause finds at its level. */
function nmsTraceRules(
  ctx: CaseContext,
  spec: NonNullable<Expectation['trace']>,
  index: number,
  traffic: { last: WireEntry[]; all: WireEntry[]; earlier: WireEntry[][] },
): Attributed[] {
  const out: Attributed[] = [];
  for (const rule of spec.rules) {
    const found = judgeNmsTrace(rule, traffic.last, traffic.all, spec.folders, traffic.earlier);
    const level = NMS_RULE_LEVEL[rule];
    for (const f of found) {
      const clause = f.clause ?? TRACE_CLAUSE[rule];
      const text = `${spec.device}: ${f.text}`;
      if (level) ctx.findings.push({ step: index, clauses: [clause], messages: [text], level });
      else out.push({ clause, text });
    }
  }
  return out;
}
