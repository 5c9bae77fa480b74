/** A case run under several sync variants is named with its variant in every report. */
import { expect } from 'chai';
import type { CaseResult, RunResult } from '../../src/engine/result.ts';
import { clauseResults } from '../../src/runner/clause-results.ts';
import { renderHtml } from '../../src/reporting/html.ts';
import { renderJson } from '../../src/reporting/json.ts';
import { renderJunit } from '../../src/reporting/junit.ts';
import { renderMarkdown } from '../../src/reporting/markdown.ts';
import { caseName } from '../../src/reporting/text.ts';
import { makeRun } from './fixture.ts';

/** The fixture's failing case, run twice: passing under one variant, failing under another. */
function runUnderVariants(): { run: RunResult; failing: CaseResult; passing: CaseResult } {
  const run = makeRun();
  const base = run.cases.find((c) => c.verdict === 'fail')!;
  const failing: CaseResult = { ...base, variant: 'plain' };
  const passing: CaseResult = { ...base, variant: 'qresync', verdict: 'pass', reason: '' };
  passing.brokenClauses = [];
  run.cases = [passing, failing, ...run.cases.filter((c) => c !== base)];
  return { run, failing, passing };
}

describe('reporting: sync variants', () => {
  const { run, failing, passing } = runUnderVariants();

  it('names a case with its variant, and without one as before', () => {
    expect(caseName(failing)).to.equal(`${failing.id} [plain]`);
    expect(caseName({ id: failing.id })).to.equal(failing.id);
  });

  it('puts the variant into report.json, JUnit, summary.md and report.html', () => {
    const json = JSON.parse(renderJson(run)) as { cases: Array<{ id: string; variant?: string }> };
    const variants = json.cases.filter((c) => c.id === failing.id).map((c) => c.variant);
    expect(variants).to.deep.equal(['qresync', 'plain']);
    const junit = renderJunit(run);
    expect(junit).to.contain(`name="${caseName(failing)} `);
    expect(junit).to.contain(`name="${caseName(passing)} `);
    expect(renderMarkdown(run)).to.contain(`${failing.id} \\[plain\\]`);
    expect(renderHtml(run)).to.contain(`${failing.id} [plain]`);
  });

  it('judges a clause by the worst of its variants', () => {
    const broken = failing.brokenClauses[0]!;
    const registry = {
      clauses: [{ id: broken, level: 'SHALL', side: 'server', title: 't', status: 'active' }],
    } as unknown as Parameters<typeof clauseResults>[0];
    const [clause] = clauseResults(registry, [passing, failing]);
    expect(clause!.verdict).to.equal('fail');
    expect(clause!.cases).to.deep.equal([failing.id]);
  });
});
