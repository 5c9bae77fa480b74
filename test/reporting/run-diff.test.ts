import { expect } from 'chai';
import type { CaseResult, RunResult } from '../../src/engine/result.ts';
import { VERDICTS } from '../../src/engine/result.ts';
import {
  diffRuns,
  isWorse,
  keyedCases,
  renderDiffJson,
  type RunDiff,
} from '../../src/reporting/run-diff.ts';
import { renderDiffMarkdown } from '../../src/reporting/run-diff-markdown.ts';
import { escapeMarkdownCell } from '../../src/reporting/text.ts';
import { makeRun } from './fixture.ts';

function nameOf(run: RunResult, c: CaseResult): string {
  for (const [name, x] of keyedCases(run)) if (x === c) return name;
  throw new Error(`${c.id} not keyed`);
}

function at<T>(list: T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

const names = (list: { name: string }[]): string[] => list.map((c) => c.name).sort();

/** A later run of the fixture: one case broken, one fixed, one removed, one new and failing. */
function laterRun(before: RunResult) {
  const now = structuredClone(before);
  const broken = at(now.cases, 0);
  expect(broken.verdict).to.equal('pass');
  broken.verdict = 'fail';
  broken.reason = 'Inbox holds 2 objects, the oracle expects 3';
  const fixed = at(now.cases, 1);
  expect(fixed.verdict).to.equal('fail');
  fixed.verdict = 'pass';
  fixed.reason = '';
  const removed = now.cases.pop() as CaseResult;
  const added: CaseResult = { ...structuredClone(broken), id: 'MS-IMAP-NEW-008', verdict: 'error' };
  now.cases.push(added);
  const clauseFixed = now.clauses.find((c) => c.verdict === 'fail');
  const clauseBroken = now.clauses.find((c) => c.verdict === 'pass');
  const clauseCovered = now.clauses.find((c) => c.verdict === 'not-covered');
  if (!clauseFixed || !clauseBroken || !clauseCovered) throw new Error('fixture changed');
  clauseFixed.verdict = 'pass';
  clauseBroken.verdict = 'fail';
  clauseCovered.verdict = 'pass';
  return { now, broken, fixed, removed, added, clauseFixed, clauseBroken, clauseCovered };
}

describe('reporting: run diff', () => {
  it('orders verdicts as the engine does: of two different verdicts exactly one is worse', () => {
    for (const a of VERDICTS)
      for (const b of VERDICTS) {
        if (a === b) expect(isWorse(a, b)).to.equal(false);
        else expect(isWorse(a, b) !== isWorse(b, a), `${a} ${b}`).to.equal(true);
      }
    expect(isWorse('fail', 'pass')).to.equal(true);
    expect(isWorse('pass', 'warn')).to.equal(false);
  });

  it('a run against itself: nothing changed, no regression', () => {
    const run = makeRun();
    const diff = diffRuns({ run, source: 'a' }, { run, source: 'a' });
    expect(diff.regression).to.equal(false);
    expect(diff.cases.changed).to.deep.equal([]);
    expect(diff.cases.unchanged).to.equal(run.cases.length);
    expect(diff.clauses.unchanged).to.equal(
      run.clauses.filter((c) => c.verdict !== 'not-covered').length,
    );
  });

  describe('by case and by clause', () => {
    const before = makeRun();
    const later = laterRun(before);
    const diff: RunDiff = diffRuns(
      { run: before, source: 'old/report.json' },
      { run: later.now, source: 'new' },
    );
    const n = (c: CaseResult) => nameOf(later.now, c);

    it('new fails: the broken case and the new failing case', () => {
      expect(names(diff.cases.newFails)).to.deep.equal([n(later.broken), n(later.added)].sort());
    });

    it('fixed and changed carry both verdicts and the direction', () => {
      expect(diff.cases.fixed.map((c) => [c.name, c.before, c.now, c.direction])).to.deep.equal([
        [n(later.fixed), 'fail', 'pass', 'better'],
      ]);
      expect(names(diff.cases.changed)).to.deep.equal([n(later.broken), n(later.fixed)].sort());
      const worse = diff.cases.changed.find((c) => c.direction === 'worse');
      expect(worse?.reason).to.equal(later.broken.reason);
    });

    it('new and removed cases', () => {
      expect(names(diff.cases.added)).to.deep.equal([n(later.added)]);
      const removed = before.cases.find((c) => c.id === later.removed.id) as CaseResult;
      expect(names(diff.cases.removed)).to.deep.equal([nameOf(before, removed)]);
    });

    it('a regression: the case that got worse and the new case that fails', () => {
      expect(diff.regression).to.equal(true);
      expect(names(diff.regressions)).to.deep.equal([n(later.broken), n(later.added)].sort());
    });

    it('clauses: fixed, newly failing, newly covered', () => {
      expect(names(diff.clauses.fixed)).to.deep.equal([later.clauseFixed.id]);
      expect(names(diff.clauses.newFails)).to.deep.equal([later.clauseBroken.id]);
      expect(names(diff.clauses.added)).to.deep.equal([later.clauseCovered.id]);
    });

    it('markdown names every change, escaped, and says regression', () => {
      const text = renderDiffMarkdown(diff);
      expect(text).to.include('Regression');
      for (const c of [...diff.cases.changed, ...diff.cases.added, ...diff.cases.removed])
        expect(text).to.include(escapeMarkdownCell(c.name));
      expect(text).to.include(later.clauseFixed.id);
      expect(
        renderDiffMarkdown(diffRuns({ run: before, source: 'a' }, { run: before, source: 'a' })),
      )
        .to.include('No regression')
        .and.not.include('Regression:');
    });

    it('JSON is the diff as is', () => {
      expect(JSON.parse(renderDiffJson(diff))).to.deep.equal(diff);
    });
  });

  it('only fixes and removals are no regression', () => {
    const before = makeRun();
    const now = structuredClone(before);
    for (const c of now.cases) c.verdict = 'pass';
    now.cases.pop();
    const diff = diffRuns({ run: before, source: 'a' }, { run: now, source: 'b' });
    expect(diff.regression).to.equal(false);
    expect(diff.cases.fixed.length).to.be.greaterThan(0);
    expect(diff.cases.removed).to.have.length(1);
  });

  it('a variant or a binding is another case run; two profiles of one binding are told apart', () => {
    const run = makeRun();
    const first = at(run.cases, 0);
    run.cases.push({ ...structuredClone(first), variant: 'plain' });
    run.cases.push({ ...structuredClone(first), binding: 'nms' });
    run.cases.push({ ...structuredClone(first), profile: 'second-store' });
    first.profile = 'first-store';
    const keys = [...keyedCases(run).keys()];
    expect(keys).to.have.length(run.cases.length);
    expect(
      keys.filter((k) => k.includes('first-store') || k.includes('second-store')),
    ).to.have.length(2);
  });
});
