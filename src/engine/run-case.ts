/** Runs one compiled case against a store under test and judges it. */
import type { LoadedCase } from '../scenario/types.ts';
import { CaseContext, type EngineSettings } from './context.ts';
import type { DriverFactory } from './ports.ts';
import type { CaseResult, StepResult, Verdict } from './result.ts';
import { stepLabel } from './steps/registry.ts';
import { runStepRetrying } from './step-retry.ts';
import { classify, InconclusiveError, oneLine } from './trouble.ts';
import { prepareStore } from './setup.ts';
import { verdictOf } from './verdict.ts';
import { failedStepClause, reportDamage } from './damage.ts';
import { STORE_ACTOR } from './trace.ts';
import { withVariant } from './variant-factory.ts';
import { CaseScope } from './case-scope.ts';

export interface RunCaseOptions {
  binding: string;
  /** Per-step limit: a store that hangs makes the step fail instead of the run hanging. */
  stepTimeoutMs?: number;
  /** The sync variant: given to every device the case creates, and kept in the result. */
  variant?: string;
}

export async function runCase(
  loaded: LoadedCase,
  anyVariantFactory: DriverFactory,
  settings: EngineSettings,
  options: RunCaseOptions,
): Promise<CaseResult> {
  const def = loaded.definition;
  // Everything the case's factory creates is closed when the case ends, whatever happened.
  const scope = new CaseScope();
  const factory = scope.wrap(withVariant(anyVariantFactory, options.variant));
  const started = Date.now();
  const result: CaseResult = {
    id: def.id,
    title: def.title,
    clauses: def.clauses,
    level: def.level,
    binding: options.binding,
    role: def.role,
    ...(options.variant !== undefined ? { variant: options.variant } : {}),
    verdict: 'pass',
    reason: '',
    brokenClauses: [],
    durationMs: 0,
    steps: [],
    evidence: [],
  };
  const missing = (def.requires ?? []).filter((f) => !settings.features.has(f));
  if (missing.length) {
    return finish(
      result,
      started,
      'inapplicable',
      `the profile does not declare: ${missing.join(', ')}`,
    );
  }
  const offered = factory.bindings ?? [factory.endpoint.binding];
  const unserved = Object.entries(def.devices).filter(
    ([, d]) => d.binding && !offered.includes(d.binding),
  );
  if (unserved.length) {
    return finish(
      result,
      started,
      'inapplicable',
      `the store does not answer on ${unserved.map(([n, d]) => `${d.binding} (device ${n})`).join(', ')}`,
    );
  }
  factory.beginCase?.(def.id, options.variant);
  const ctx = new CaseContext(def, factory, settings, caseSeed(settings.seed, def.id));
  const limit = options.stepTimeoutMs ?? 60_000;
  let verdict: Verdict = 'pass';
  let reason = '';
  try {
    let ready: boolean;
    try {
      ready = await withTimeout(prepareStore(ctx), limit, 'preparing the store');
      ctx.trace.settle(STORE_ACTOR);
    } catch (error) {
      const trouble = classify(error);
      if (trouble.kind === 'error') throw error;
      // The store under test broke an operation of the set-up: judged on that operation.
      if (trouble.kind === 'iut' && trouble.clause) {
        ctx.find(-1, [trouble.clause], [`set-up: ${trouble.message}`]);
        ready = false;
      } else throw new InconclusiveError(`precondition: ${trouble.message}`);
    }
    for (const [index, step] of def.steps.entries()) {
      if (!ready) break;
      ctx.oracle.step = index;
      const stepStarted = Date.now();
      const entry: StepResult = {
        index,
        label: stepLabel(step),
        outcome: 'ok',
        durationMs: 0,
        messages: [],
      };
      result.steps.push(entry);
      const before = ctx.findings.length;
      try {
        await withTimeout(
          runStepRetrying(ctx, step, index),
          limit,
          `step ${index + 1} (${entry.label})`,
        );
        ctx.trace.settle(STORE_ACTOR);
      } catch (error) {
        entry.outcome = 'error';
        entry.messages.push(oneLine(error));
        entry.durationMs = Date.now() - stepStarted;
        const trouble = classify(error);
        const where = `${loaded.file}:${loaded.stepPositions[index]?.line ?? 0}: step ${index + 1} (${entry.label})`;
        if (trouble.kind === 'iut') {
          const clause = trouble.clause ?? failedStepClause(step, def.role, trouble.message);
          ctx.find(index, [clause], [`${where}: ${trouble.message}`]);
          entry.outcome = 'failed';
          await withTimeout(reportDamage(ctx, step, index), limit, 'damage report').catch(
            (damage: unknown) => entry.messages.push(`damage report: ${oneLine(damage)}`),
          );
          const damage = ctx.findings.slice(before + 1);
          entry.messages.push(...damage.flatMap((f) => f.messages));
          entry.clauses = [...new Set(ctx.findings.slice(before).flatMap((f) => f.clauses))];
          break;
        }
        verdict = trouble.kind === 'error' ? 'error' : 'inconclusive';
        reason = `${where}: ${trouble.message}`;
        if (trouble.kind === 'error') result.errorCode = trouble.code;
        break;
      }
      const fresh = ctx.findings.slice(before);
      if (fresh.length) {
        entry.outcome = 'failed';
        entry.messages.push(...fresh.flatMap((f) => f.messages));
        entry.clauses = [...new Set(fresh.flatMap((f) => f.clauses))];
      } else if (step.do === 'expect' || step.do === 'check') {
        // What a passing expectation covers.
        entry.clauses = step.clauses ?? def.clauses;
      }
      entry.durationMs = Date.now() - stepStarted;
    }
    for (let i = result.steps.length; i < def.steps.length; i++) {
      result.steps.push({
        index: i,
        label: stepLabel(def.steps[i]!),
        outcome: 'skipped',
        durationMs: 0,
        messages: [],
      });
    }
  } catch (error) {
    const trouble = classify(error);
    verdict = trouble.kind === 'error' ? 'error' : 'inconclusive';
    reason = trouble.message;
    if (trouble.kind === 'error') result.errorCode = trouble.code;
  } finally {
    result.evidence.push(...ctx.notes);
    collectEvidence(ctx, result);
    // Closes every device and actor the case created (also one still being created).
    await scope.end();
  }
  if (verdict === 'pass' && ctx.findings.length) {
    verdict = verdictOf(ctx.findings, settings, (def.requires ?? []).length > 0);
    reason = ctx.findings[0]!.messages[0] ?? '';
    if (ctx.findings.length > 1 || ctx.findings[0]!.messages.length > 1) {
      reason += ` (+${ctx.findings.flatMap((f) => f.messages).length - 1} more)`;
    }
  }
  result.brokenClauses = [...new Set(ctx.findings.flatMap((f) => f.clauses))].sort();
  return finish(result, started, verdict, reason);
}

function finish(result: CaseResult, started: number, verdict: Verdict, reason: string): CaseResult {
  result.verdict = verdict;
  result.reason = reason;
  if (
    verdict === 'pass' ||
    verdict === 'inapplicable' ||
    verdict === 'inconclusive' ||
    verdict === 'error'
  ) {
    result.brokenClauses = verdict === 'pass' ? [] : result.brokenClauses;
  }
  result.durationMs = Date.now() - started;
  return result;
}

function collectEvidence(ctx: CaseContext, result: CaseResult): void {
  const parties = [...ctx.devices.values(), ...ctx.actors.values()];
  for (const party of parties) result.evidence.push(...party.evidence());
  for (const name of ctx.devices.keys()) {
    const entries = ctx.trace.of(name);
    if (entries.length === 0) continue;
    const start = entries[0]!.at;
    const text = entries
      .map((e) => `+${e.at - start}ms #${e.connection} ${e.direction}: ${e.line}`)
      .join('\n');
    result.evidence.push({
      kind: entries.some((e) => e.http) ? 'http-exchanges' : 'imap-transcript',
      label: `${name}, as the harness's store saw it`,
      text,
    });
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A per-case seed derived from the run seed and the case id: order-independent replay. */
export function caseSeed(seed: number, id: string): number {
  let hash = seed >>> 0;
  for (const char of id) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash;
}
