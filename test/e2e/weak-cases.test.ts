/**
 * Cases that used to be unable to fail (issue 9, section 3): each passes on the reference
 * store and client, and a mutant that the old case let through is now judged broken on the
 * case's own clause (or, for linkage that cannot be observed, inconclusive).
 */
import { expect } from 'chai';
import { startTarget, type TargetOptions } from '../../src/targets/start-target.ts';
import type { CaseResult } from '../../src/engine/result.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { profile, settings, suites } from './helpers.ts';

async function run(
  p: Profile,
  role: 'server' | 'client',
  ids: string[],
  options: Partial<TargetOptions> = {},
): Promise<Map<string, CaseResult>> {
  const running = await startTarget(p, { settings: settings(), ...options });
  try {
    const cases = casesFor(suites.cases, running.target, role).filter((c) =>
      ids.includes(c.definition.id),
    );
    expect(cases.map((c) => c.definition.id).sort()).to.deep.equal([...ids].sort());
    const results = await executeCases(cases, running.target);
    return new Map(results.map((r) => [r.id, r]));
  } finally {
    await running.stop();
  }
}

function verdicts(results: Map<string, CaseResult>): Record<string, string> {
  return Object.fromEntries(
    [...results.values()].map((r) => [
      r.id,
      r.verdict === 'pass' ? 'pass' : `${r.verdict}: ${r.reason}`,
    ]),
  );
}

function brokenOn(result: CaseResult | undefined, clause: string): void {
  expect(result, 'case ran').to.not.equal(undefined);
  expect(result!.verdict, `${result!.id}: ${result!.reason}`).to.equal('fail');
  expect(result!.brokenClauses).to.include(clause);
}

const CLIENT_CASES = ['CLI-PER-001', 'CLI-PART-002', 'CLI-FOLD-003', 'CLI-PEEK-001'];
const SERVER_CASES = ['SRV-PART-002', 'SRV-COPY-001', 'SRV-FOLD-005'];

describe('e2e: cases that could not fail now can', function () {
  this.timeout(120_000);

  describe('client role (the harness plays the store)', () => {
    it('the reference client passes every strengthened client case', async () => {
      const results = await run(profile('reference-client-imap'), 'client', CLIENT_CASES);
      expect(verdicts(results)).to.deep.equal(
        Object.fromEntries(CLIENT_CASES.map((id) => [id, 'pass'])),
      );
    });

    it('the reference client behind the command adapter syncs by itself at each period', async () => {
      const results = await run(profile('command-reference'), 'client', ['CLI-PER-001']);
      expect(verdicts(results)).to.deep.equal({ 'CLI-PER-001': 'pass' });
    });

    it('no-periodic (syncs only when told to) fails CLI-PER-001 on RD-STOR-x1', async () => {
      const results = await run(profile('reference-client-imap'), 'client', ['CLI-PER-001'], {
        clientMutant: 'no-periodic',
      });
      brokenOn(results.get('CLI-PER-001'), 'RD-STOR-x1');
      expect(results.get('CLI-PER-001')!.reason).to.match(/did not synchronise by itself/);
    });

    it('a client without periodic or content-on-demand gets those cases inapplicable', async () => {
      const base = profile('reference-client-imap');
      const features = { ...base.features, periodic: false, 'content-on-demand': false };
      const results = await run({ ...base, features }, 'client', ['CLI-PER-001', 'CLI-PEEK-001']);
      for (const id of ['CLI-PER-001', 'CLI-PEEK-001']) {
        expect(results.get(id)!.verdict, id).to.equal('inapplicable');
      }
    });

    it('date-window-by-uid ("UID >= lowest match") fails CLI-PART-002 on RD-STOR-x1', async () => {
      const results = await run(profile('reference-client-imap'), 'client', ['CLI-PART-002'], {
        clientMutant: 'date-window-by-uid',
      });
      brokenOn(results.get('CLI-PART-002'), 'RD-STOR-x1');
    });

    it('drops-only-empty-folders passes CLI-FOLD-001 (empty) and fails CLI-FOLD-003 on SD-5.5.2.20-2', async () => {
      const results = await run(
        profile('reference-client-imap'),
        'client',
        ['CLI-FOLD-001', 'CLI-FOLD-003'],
        { clientMutant: 'drops-only-empty-folders' },
      );
      expect(results.get('CLI-FOLD-001')!.verdict).to.equal('pass');
      brokenOn(results.get('CLI-FOLD-003'), 'SD-5.5.2.20-2');
    });
  });

  describe('server role (the reference store and its mutants)', () => {
    it('the reference store passes the strengthened cases over IMAP and NMS', async () => {
      for (const name of ['reference-imap', 'reference-nms']) {
        const results = await run(profile(name), 'server', SERVER_CASES);
        expect(verdicts(results), name).to.deep.equal(
          Object.fromEntries(SERVER_CASES.map((id) => [id, 'pass'])),
        );
      }
    });

    for (const mutant of ['search-since-off-by-one', 'search-date-uid-floor']) {
      it(`${mutant} fails SRV-PART-002 on RD-STOR-x1`, async () => {
        const results = await run(profile('reference-imap'), 'server', ['SRV-PART-002'], {
          mutant,
        });
        brokenOn(results.get('SRV-PART-002'), 'RD-STOR-x1');
      });
    }

    it('delete-folder-keeps-objects passes SRV-FOLD-002/004 and fails SRV-FOLD-005 on SD-5.5.2.11', async () => {
      const results = await run(
        profile('reference-imap'),
        'server',
        ['SRV-FOLD-002', 'SRV-FOLD-004', 'SRV-FOLD-005'],
        { mutant: 'delete-folder-keeps-objects' },
      );
      expect(results.get('SRV-FOLD-002')!.verdict).to.equal('pass');
      expect(results.get('SRV-FOLD-004')!.verdict).to.equal('pass');
      brokenOn(results.get('SRV-FOLD-005'), 'SD-5.5.2.11');
    });

    it('nms-date-min-off-by-one fails SRV-PART-002 over NMS on RD-STOR-x1', async () => {
      const results = await run(profile('reference-nms'), 'server', ['SRV-PART-002'], {
        mutant: 'nms-date-min-off-by-one',
      });
      brokenOn(results.get('SRV-PART-002'), 'RD-STOR-x1');
    });

    it('content-id-from-bytes makes SRV-COPY-001 inconclusive (linkage not observable), not pass', async () => {
      const results = await run(profile('reference-imap'), 'server', ['SRV-COPY-001'], {
        mutant: 'content-id-from-bytes',
      });
      const result = results.get('SRV-COPY-001')!;
      expect(result.verdict, result.reason).to.equal('inconclusive');
      expect(result.reason).to.match(/linkage not observable/);
    });
  });
});
