/** Lint: the NMS-only trace rules and store controls belong to client cases bound to NMS alone. */
import { expect } from 'chai';
import { loadClauses } from '../../src/clauses/registry.ts';
import { CLAUSES_FILE } from '../../src/config/paths.ts';
import { loadSuites } from '../../src/scenario/load.ts';

const registry = loadClauses(CLAUSES_FILE);

describe('scenario: NMS-only steps', () => {
  it('a case that also runs over IMAP gets one problem per NMS-only step or rule, at its position', () => {
    const { problems } = loadSuites(['test/fixtures/bad-cases/nms-only.yaml'], registry);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).to.deep.equal([
      '12: steps[1]: server-control reset-box needs a client case with bindings: [nms]',
      '14: steps[3].trace.rules[1]: trace rule restart-token judges NMS traffic: it needs a client case with bindings: [nms]',
    ]);
  });

  it('the shipped NMS-only client cases load without a problem', () => {
    const { problems, cases } = loadSuites(['suites/client'], registry);
    expect(problems).to.deep.equal([]);
    const nmsOnly = cases.filter((c) => c.definition.bindings.join() === 'nms');
    expect(nmsOnly.length).to.be.greaterThanOrEqual(5);
  });
});
