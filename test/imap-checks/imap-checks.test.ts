/**
 * The IMAP binding checks (imap-modseq, imap-uidplus) against the reference store, its
 * mutants, and a store without the extension; and their cases through the engine.
 */
import { expect } from 'chai';
import { runImapBindingCheck } from '../../src/targets/imap-binding-check.ts';
import type { BindingCheckOutcome } from '../../src/engine/ports.ts';
import { startImapServer, type ImapServerOptions } from '../../simulators/server/imap-server.ts';
import { MUTANTS } from '../../simulators/server/mutants.ts';
import { profile, runAll, settings } from '../e2e/helpers.ts';

const ALICE = { name: 'alice', password: 'alice-pw' };

async function runCheck(
  name: string,
  options: Partial<ImapServerOptions> = {},
): Promise<BindingCheckOutcome> {
  const server = await startImapServer({ users: [ALICE], ...options });
  try {
    return await runImapBindingCheck(name, {
      endpoint: { host: server.host, port: server.port },
      user: ALICE.name,
      password: ALICE.password,
      connectTimeoutMs: 5000,
      commandTimeoutMs: 5000,
      seed: 7,
      clockStart: settings().clockStart,
    });
  } finally {
    await server.stop();
  }
}

describe('IMAP binding checks', function () {
  this.timeout(30_000);

  for (const name of ['imap-modseq', 'imap-uidplus']) {
    it(`${name} passes on the reference store, measures, records and cleans up`, async () => {
      const outcome = await runCheck(name);
      expect(outcome.findings).to.deep.equal([]);
      expect(outcome.inapplicable).to.equal(undefined);
      expect(outcome.notes).to.have.length.above(0);
      expect(outcome.evidence.map((e) => e.kind)).to.include('imap-transcript');
      expect(outcome.evidence.map((e) => e.text).join('\n')).to.match(/DELETE "?cpmct-check-/);
    });
  }

  const killed: Array<[check: string, mutant: string, pattern: RegExp]> = [
    ['imap-modseq', 'message-modseq-stale', /MODSEQ stayed/],
    ['imap-modseq', 'modseq-frozen', /stayed/],
    ['imap-modseq', 'modseq-raised-by-noop', /changed nothing but (HIGHEST)?MODSEQ moved/],
    ['imap-modseq', 'unchangedsince-ignored', /no \[MODIFIED\]/],
    ['imap-uidplus', 'uidplus-codes-missing', /without \[APPENDUID\]/],
    // A store that breaks an operation the check relies on is blamed on that operation.
    ['imap-modseq', 'store-ignored', /answered OK but the flags stayed/],
    ['imap-modseq', 'append-dropped', /APPEND answered OK but \S+ is not in/],
    ['imap-modseq', 'expunge-ignored', /answered OK but the message is still there/],
    ['imap-modseq', 'peek-sets-seen', /reading the message changed its flags/],
    [
      'imap-modseq',
      'create-folder-ignored',
      /CREATE \S+ answered OK but the folder cannot be opened/,
    ],
    ['imap-uidplus', 'uidvalidity-churn', /gives UIDVALIDITY \d+, the folder's is \d+/],
    ['imap-uidplus', 'append-dropped', /APPEND answered OK but \S+ is not in/],
  ];
  for (const [check, mutant, pattern] of killed) {
    it(`${check} finds mutant ${mutant}, on the mutant's clause`, async () => {
      const outcome = await runCheck(check, { mutant });
      expect(outcome.findings.join('\n')).to.match(pattern);
      expect(outcome.clause).to.equal(MUTANTS[mutant as keyof typeof MUTANTS].clause);
      // Only a missing code is a mere recommendation.
      expect(outcome.level).to.equal(mutant === 'uidplus-codes-missing' ? 'SHOULD' : undefined);
    });
  }

  it('imap-uidplus is a recommendation: its findings carry level SHOULD', async () => {
    const outcome = await runCheck('imap-uidplus', { mutant: 'uidplus-codes-missing' });
    expect(outcome.level).to.equal('SHOULD');
    expect(outcome.findings.join('\n')).to.match(/without \[COPYUID\]/);
  });

  it('cannot be judged where the store lacks the extension', async () => {
    const modseq = await runCheck('imap-modseq', {
      disabledCapabilities: ['CONDSTORE', 'QRESYNC'],
    });
    expect(modseq.inapplicable).to.match(/does not advertise CONDSTORE/);
    const uidplus = await runCheck('imap-uidplus', { disabledCapabilities: ['UIDPLUS'] });
    expect(uidplus.inapplicable).to.match(/does not advertise UIDPLUS/);
  });

  it('cannot be judged when the store cannot be reached; an unknown name is a case error', async () => {
    const outcome = await runImapBindingCheck('imap-modseq', {
      endpoint: { host: '127.0.0.1', port: 1 },
      user: ALICE.name,
      password: ALICE.password,
      connectTimeoutMs: 2000,
      commandTimeoutMs: 2000,
      seed: 1,
      clockStart: settings().clockStart,
    });
    expect(outcome.inapplicable).to.match(/^cannot open a connection: /);
    let message = '';
    await runImapBindingCheck('imap-nothing', {} as never).catch(
      (e: Error) => (message = e.message),
    );
    expect(message).to.match(
      /unknown check "imap-nothing"; IMAP checks: imap-modseq, imap-uidplus/,
    );
  });

  it('through the engine: the cases pass on the reference, fail or warn on the mutants', async () => {
    const only = (id: string) => id.startsWith('SRV-IMAP-');
    const verdicts = async (mutant?: string) =>
      (await runAll(profile('reference-imap'), mutant ? { mutant } : {}, only))
        .filter((r) => r.variant === undefined || r.variant === 'qresync')
        .map((r) => `${r.id} ${r.verdict} ${r.brokenClauses.join(',')}`);
    expect(await verdicts()).to.deep.equal([
      'SRV-IMAP-MODSEQ-001 pass ',
      'SRV-IMAP-UIDPLUS-001 pass ',
    ]);
    expect(await verdicts('uidplus-codes-missing')).to.deep.equal([
      'SRV-IMAP-MODSEQ-001 pass ',
      'SRV-IMAP-UIDPLUS-001 warn SD-5.5.2.3',
    ]);
    expect(await verdicts('modseq-raised-by-noop')).to.deep.equal([
      'SRV-IMAP-MODSEQ-001 fail SD-5.5.2.2',
      'SRV-IMAP-UIDPLUS-001 pass ',
    ]);
  });
});
