/** Runs cases one after another (no mocha): used by the mocha runner and by the harness's own tests. */
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

export function runOne(loaded: LoadedCase, target: Target): Promise<CaseResult> {
  return runCase(loaded, target.factory, target.settings, {
    binding: target.binding,
    ...(target.stepTimeoutMs !== undefined ? { stepTimeoutMs: target.stepTimeoutMs } : {}),
  });
}

export async function executeCases(cases: LoadedCase[], target: Target): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const loaded of cases) results.push(await runOne(loaded, target));
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
