/**
 * `check`: one of the binding's own conformance checks (e.g. nms-paging), run by the
 * factory against the store. Its findings judge the clause the check names (else the step's);
 * what it measured and recorded joins the case evidence.
 */
import type { CaseContext } from '../context.ts';
import type { Step } from '../../scenario/types.ts';
import { HarnessError, InconclusiveError } from '../trouble.ts';

export async function check(
  ctx: CaseContext,
  step: Extract<Step, { do: 'check' }>,
  index: number,
): Promise<void> {
  if (!ctx.factory.check)
    throw new InconclusiveError(`the store under test offers no binding checks (${step.check})`);
  const outcome = await ctx.factory.check(step.check, step.user ?? ctx.defaultUser);
  ctx.notes.push(...outcome.evidence);
  if (outcome.notes.length)
    ctx.notes.push({
      kind: 'note',
      label: `${step.check} measured`,
      text: outcome.notes.join('\n'),
    });
  if (outcome.inapplicable)
    throw new InconclusiveError(`${step.check} could not be judged: ${outcome.inapplicable}`);
  // The check says which clause its findings prove broken; a case may narrow it.
  const clauses = outcome.clause ? [outcome.clause] : step.clauses;
  const own = outcome.findings.filter((_, i) => !outcome.findingClauses?.[i]);
  if (!clauses && own.length)
    throw new HarnessError('E_CASE', `check ${step.check} names no clause for its findings`);
  ctx.find(
    index,
    clauses ?? [],
    own.map((f) => `${step.check}: ${f}`),
  );
  // A recommendation the check judges (e.g. an RFC SHOULD) warns instead of failing.
  if (outcome.level && own.length) ctx.findings.at(-1)!.level = outcome.level;
  // Findings where what went wrong proves another clause broken (a change that did not take).
  outcome.findings.forEach((f, i) => {
    const other = outcome.findingClauses?.[i];
    if (other) ctx.find(index, [other], [`${step.check}: ${f}`]);
  });
}
