/** Runs cases one after another (no mocha): used by the mocha runner and by the harness's own tests. */
import { caseName } from '../reporting/text.ts';
import { runCase } from '../engine/run-case.ts';
import type { EngineSettings } from '../engine/context.ts';
import type { DriverFactory } from '../engine/ports.ts';
import type { CaseResult } from '../engine/result.ts';
import type { LoadedCase } from '../scenario/types.ts';

export interface Target {
  binding: 'imap' | 'nms';
  factory: DriverFactory;
  settings: EngineSettings;
  stepTimeoutMs?: number;
  /**
   * Sync variants (IMAP server conformance): every case runs once per variant, its devices
   * created for that variant. Absent or empty: once, with the devices' default.
   */
  variants?: string[];
  /** Which cases a variant runs (default: all of them). */
  variantCases?: (variant: string, loaded: LoadedCase) => boolean;
}

/** One run of one case: the case, and the variant it runs under (if the target has any). */
export interface CaseRun {
  loaded: LoadedCase;
  variant?: string;
}

export function casesFor(
  cases: LoadedCase[],
  target: Target,
  role: 'server' | 'client',
): LoadedCase[] {
  return cases.filter(
    (c) => c.definition.role === role && c.definition.bindings.includes(target.binding),
  );
}

/** Every run of the cases on the target: each case under each variant, case by case. */
export function caseRuns(cases: LoadedCase[], target: Target): CaseRun[] {
  const variants = target.variants ?? [];
  if (variants.length === 0) return cases.map((loaded) => ({ loaded }));
  const applies = target.variantCases ?? (() => true);
  return cases.flatMap((loaded) =>
    variants.filter((variant) => applies(variant, loaded)).map((variant) => ({ loaded, variant })),
  );
}

/** A run's name in titles and reports: the case id, then the variant, e.g. `SRV-DELS-001 [plain]`. */
export function runName(run: CaseRun): string {
  return caseName({ id: run.loaded.definition.id, variant: run.variant });
}

export function runOne(loaded: LoadedCase, target: Target, variant?: string): Promise<CaseResult> {
  return runCase(loaded, target.factory, target.settings, {
    binding: target.binding,
    ...(target.stepTimeoutMs !== undefined ? { stepTimeoutMs: target.stepTimeoutMs } : {}),
    ...(variant !== undefined ? { variant } : {}),
  });
}

export async function executeCases(cases: LoadedCase[], target: Target): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const run of caseRuns(cases, target)) {
    results.push(await runOne(run.loaded, target, run.variant));
  }
  return results;
}

/** `--only`: a case id, an id prefix, or a clause id prefix. */
export function selectCases(cases: LoadedCase[], only: string[]): LoadedCase[] {
  if (only.length === 0) return cases;
  return cases.filter((c) =>
    only.some(
      (o) => c.definition.id.startsWith(o) || c.definition.clauses.some((cl) => cl.startsWith(o)),
    ),
  );
}
