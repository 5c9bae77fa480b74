/** The run's notes about preparing the store, summed up from the cases' evidence. */
import { expect } from 'chai';
import type { CaseResult, Evidence } from '../../src/engine/result.ts';
import { KEPT_LABEL, RETRY_LABEL } from '../../src/engine/setup.ts';
import { setupNotes } from '../../src/engine/setup-notes.ts';

function run(id: string, evidence: Evidence[]): CaseResult {
  return {
    id,
    title: id,
    clauses: [],
    level: 'SHALL',
    binding: 'imap',
    role: 'server',
    verdict: 'pass',
    reason: '',
    brokenClauses: [],
    durationMs: 0,
    steps: [],
    evidence,
  };
}

const kept = (text: string): Evidence => ({ kind: 'note', label: KEPT_LABEL, text });
const retried = (label: string, text: string): Evidence => ({ kind: 'note', label, text });

describe('engine: set-up notes for the run', () => {
  it('lists each kept folder once, and counts the runs that kept some', () => {
    const notes = setupNotes([
      run('A', [kept('alice: Trash (special use \\Trash)\nalice: Sent (special use \\Sent)')]),
      run('B', [kept('alice: Trash (special use \\Trash)')]),
      run('C', []),
    ]);
    expect(notes).to.deep.equal([
      'set-up kept these folders, emptied and not deleted, in 2 of 3 cases: alice: Trash (special use \\Trash); alice: Sent (special use \\Sent)',
    ]);
  });

  it('counts the refusals retried, in set-up and in steps, and says whether they lasted', () => {
    const first = 'DELETE x, attempt 1: NO [INUSE] busy -> accepted later';
    const notes = setupNotes([
      run('A', [
        retried(RETRY_LABEL, `${first}\nDELETE x, attempt 2: NO [INUSE] busy -> accepted later`),
      ]),
      run('B', [
        retried(
          'step 3 (phone: sync): refusals retried',
          'step 3, attempt 1: NO [INUSE] -> still refused',
        ),
      ]),
    ]);
    expect(notes).to.deep.equal([
      `3 refusals retried with backoff in 2 cases (1 still refused), e.g. A: ${first}`,
    ]);
  });

  it('says nothing when nothing was kept or retried', () => {
    expect(
      setupNotes([run('A', [{ kind: 'note', label: 'linkage control', text: 'x' }])]),
    ).to.deep.equal([]);
  });
});
