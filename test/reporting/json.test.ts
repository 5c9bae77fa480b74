import { expect } from 'chai';
import type { RunResult } from '../../src/engine/result.ts';
import { renderJson } from '../../src/reporting/json.ts';
import { makeRun } from './fixture.ts';

/** Rebuilds every object with its keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)]));
}

describe('reporting: report.json', () => {
  it('is the RunResult as is', () => {
    const run = makeRun();
    expect(JSON.parse(renderJson(run))).to.deep.equal(run);
  });

  it('has a stable key order whatever order the engine built the objects in', () => {
    const run = makeRun();
    expect(renderJson(reverseKeys(run) as RunResult)).to.equal(renderJson(run));
    const text = renderJson(run);
    expect(text.indexOf('"tool"')).to.be.lessThan(text.indexOf('"profile"'));
    expect(text).to.match(/^\{\n {2}"tool": \{\n {4}"name": "cpmct",/);
    expect(text.endsWith('}\n')).to.equal(true);
  });

  it('keeps unknown keys, sorted after the known ones', () => {
    const run = { ...makeRun(), zeta: 1, alpha: { b: 2, a: 1 } } as unknown as RunResult;
    const text = renderJson(run);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed).slice(-3)).to.deep.equal(['clauses', 'alpha', 'zeta']);
    expect(text).to.include('"alpha": {\n    "a": 1,\n    "b": 2\n  }');
  });
});
