/**
 * The real IUT: `cpmct run --profile profiles/dovecot.yaml` starts Dovecot through the
 * profile's launch section, judges it under every sync variant Dovecot allows (by default: every
 * case under the best variant, the sync-path cases under the others), writes the four reports
 * and stops it. (`--variants qresync,condstore,plain,per-sync`, every case under every variant,
 * gives the same verdicts; it takes about four times as long, so it is not run here.)
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOVECOT_MISSING, dovecotInstalled } from '../../src/profiles/dovecot.ts';
import type { RunResult } from '../../src/engine/result.ts';
import { SYNC_VARIANTS } from '../../simulators/clients/sync-variant.ts';

/** Non-pass verdicts expected from Dovecot 2.3, each explained in the README's known-results table. */
const KNOWN_DOVECOT = { 'SRV-COPY-001': 'inapplicable' };

describe('e2e: Dovecot judged by cpmct run', function () {
  this.timeout(180_000);
  let out: string;

  before(function () {
    if (!dovecotInstalled()) {
      console.log(`      skipped: ${DOVECOT_MISSING}`);
      this.skip();
    }
    out = mkdtempSync(join(tmpdir(), 'cpmct-dovecot-'));
  });

  after(() => out && rmSync(out, { recursive: true, force: true }));

  it('writes the four reports, judges at least 30 cases, no error, only the known non-pass verdicts', () => {
    const run = spawnSync(
      'node',
      [
        'bin/cpmct.js',
        'run',
        '--profile',
        'profiles/dovecot.yaml',
        '--out',
        out,
        '--reporter',
        'dot',
      ],
      {
        encoding: 'utf8',
        timeout: 170_000,
      },
    );
    expect(run.status, run.stderr + run.stdout).to.equal(0);
    for (const file of ['report.json', 'junit.xml', 'report.html', 'summary.md'])
      expect(existsSync(join(out, file)), file).to.equal(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunResult;
    const [best, ...others] = SYNC_VARIANTS;
    expect(report.cases.filter((c) => c.variant === best).length).to.be.greaterThanOrEqual(30);
    for (const variant of others) {
      const cases = report.cases.filter((c) => c.variant === variant);
      // `notify` adds the notification scenarios, the others the sync-path scenarios.
      const least = variant === 'notify' ? 3 : 10;
      expect(cases.length, `cases under ${variant}`).to.be.greaterThanOrEqual(least);
    }
    expect(report.summary.error).to.equal(0);
    const nonPass = Object.fromEntries(
      report.cases.filter((c) => c.verdict !== 'pass').map((c) => [c.id, c.verdict]),
    );
    expect(nonPass).to.deep.equal(KNOWN_DOVECOT);
    expect(report.profile.iut).to.match(/Dovecot/);
    const transcripts = report.cases
      .flatMap((c) => c.evidence)
      .filter((e) => e.kind === 'imap-transcript');
    expect(transcripts.length).to.be.greaterThan(0);
    expect(
      transcripts.some((t) => /alicepass/.test(t.text)),
      'passwords are redacted',
    ).to.equal(false);
  });

  it("passes the same with Debian's standard special-use mailboxes (auto = subscribe), keeping them emptied, under one variant", () => {
    // One variant only: the special-use folders change the set-up and what every sync lists,
    // not the sync paths the other variants exercise (kept to add little to npm test).
    const dir = join(out, 'special-use');
    const run = spawnSync(
      'node',
      [
        'bin/cpmct.js',
        'run',
        '--profile',
        'profiles/dovecot-special-use.yaml',
        '--variants',
        SYNC_VARIANTS[0]!,
        '--out',
        dir,
        '--reporter',
        'dot',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr + run.stdout).to.equal(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunResult;
    expect(report.cases.length).to.be.greaterThanOrEqual(30);
    const nonPass = Object.fromEntries(
      report.cases.filter((c) => c.verdict !== 'pass').map((c) => [c.id, c.verdict]),
    );
    expect(nonPass).to.deep.equal(KNOWN_DOVECOT);
    const kept = (report.notes ?? []).find((n) => n.includes('set-up kept these folders'));
    for (const name of ['Archive', 'Drafts', 'Junk', 'Sent', 'Trash'])
      expect(kept, 'run notes').to.include(`alice: ${name} (special use \\${name})`);
  });
});
