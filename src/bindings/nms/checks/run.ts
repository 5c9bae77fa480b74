/**
 * The frame every NMS check runs in: one recorded NmsHttp for the box under test,
 * findings and notes, cleanups run in reverse order whatever happens, and any
 * unexpected failure turned into one finding line (a check never throws).
 */
import type { Evidence } from '../../../engine/result.ts';
import { NmsHttp } from '../client/http.ts';
import { ExchangeLog } from '../http-exchange.ts';
import type { NmsCheckContext, NmsCheckOutcome } from './types.ts';

import { guarded, messageOf, runCleanups, type StoreFault } from '../../check-frame.ts';

export { Inapplicable, messageOf, StoreFault } from '../../check-frame.ts';

export class CheckRun {
  readonly findings: string[] = [];
  readonly findingClauses: Array<string | undefined> = [];
  readonly notes: string[] = [];
  readonly http: NmsHttp;
  private readonly cleanups: Array<() => Promise<unknown> | unknown> = [];
  private readonly evidenceSources: Array<() => Evidence> = [];

  constructor(
    readonly ctx: NmsCheckContext,
    readonly name: string,
  ) {
    this.http = this.client(ctx.root, `${name} (${ctx.user})`);
  }

  /** Another recorded client (e.g. the user's credentials on another box). */
  client(root: string, label: string): NmsHttp {
    const http = new NmsHttp({
      root,
      user: this.ctx.user,
      password: this.ctx.password,
      timeoutMs: this.ctx.timeoutMs,
      log: new ExchangeLog(label),
    });
    this.evidenceSources.push(() => http.log.evidence());
    return http;
  }

  /** A finding; `clause` when it proves another clause broken than the check's own. */
  find(line: string, clause?: string): void {
    this.findings.push(line);
    this.findingClauses.push(clause);
  }

  note(line: string): void {
    this.notes.push(line);
  }

  /** Run at the end, last registered first; failures become notes. */
  onCleanup(step: () => Promise<unknown> | unknown): void {
    this.cleanups.push(step);
  }

  addEvidence(source: () => Evidence): void {
    this.evidenceSources.push(source);
  }

  /** The store broke an operation the check relies on: a finding on that operation's clause. */
  faulted(fault: StoreFault): void {
    this.find(fault.message, fault.clause);
  }

  async finish(inapplicable?: string): Promise<NmsCheckOutcome> {
    await runCleanups(this.cleanups, (line) => this.note(line));
    const evidence = this.evidenceSources
      .map((source) => source())
      .filter((item) => item.text.length > 0);
    return {
      findings: this.findings,
      ...(this.findingClauses.some(Boolean) ? { findingClauses: this.findingClauses } : {}),
      notes: this.notes,
      ...(inapplicable !== undefined ? { inapplicable } : {}),
      evidence,
    };
  }
}

/** Runs `body` in a CheckRun; never throws. */
export async function runCheck(
  ctx: NmsCheckContext,
  name: string,
  body: (run: CheckRun) => Promise<void>,
): Promise<NmsCheckOutcome> {
  let run: CheckRun;
  try {
    run = new CheckRun(ctx, name);
  } catch (error) {
    return { findings: [], notes: [], inapplicable: messageOf(error), evidence: [] };
  }
  return guarded(run, () => body(run));
}
