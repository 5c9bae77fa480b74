/**
 * `cpmct run` and sync variants: by default every variant the store allows, each case named
 * with its variant in report.json and JUnit; `--variants` chooses; a wrong name is one line
 * and exit 2.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNC_VARIANTS } from '../../simulators/clients/sync-variant.ts';
import type { RunResult } from '../../src/engine/result.ts';

describe('e2e: cpmct run under sync variants', function () {
  this.timeout(120_000);
  let out: string;
  before(() => (out = mkdtempSync(join(tmpdir(), 'cpmct-variants-'))));
  after(() => rmSync(out, { recursive: true, force: true }));

  const cpmct = (...args: string[]) =>
    spawnSync(
      'node',
      ['bin/cpmct.js', 'run', '--profile', 'profiles/reference-imap.yaml', '--out', out, ...args],
      { encoding: 'utf8', timeout: 110_000 },
    );
  const report = () => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunResult;

  it('by default runs a sync-path case under every variant and names each run', () => {
    const run = cpmct('--reporter', 'dot', '--only', 'SRV-DELS-001', '--only', 'SRV-META-001');
    expect(run.status, run.stderr).to.equal(0);
    const cases = report().cases;
    const variantsOf = (id: string) => cases.filter((c) => c.id === id).map((c) => c.variant);
    // Every sync variant; `notify` only adds the notification scenarios.
    const syncPaths = SYNC_VARIANTS.filter((v) => v !== 'notify');
    expect(variantsOf('SRV-DELS-001')).to.deep.equal(syncPaths);
    expect(variantsOf('SRV-META-001'), 'not a sync-path case: the best variant only').to.deep.equal(
      [SYNC_VARIANTS[0]],
    );
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    for (const v of syncPaths) expect(junit).to.contain(`name="SRV-DELS-001 [${v}] `);
    expect(report().notes?.some((n) => /sync variants: qresync \(every case\)/.test(n))).to.equal(
      true,
    );
  });

  it('--variants runs every selected case under exactly the variants named', () => {
    const run = cpmct(
      '--reporter',
      'dot',
      '--only',
      'SRV-META-001',
      '--variants',
      'plain,per-sync',
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(report().cases.map((c) => c.variant)).to.deep.equal(['plain', 'per-sync']);
  });

  it('--variants with an unknown name is one line and exit 2', () => {
    const run = cpmct('--variants', 'qresync,fast');
    expect(run.status).to.equal(2);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.match(/"fast".*qresync, condstore, plain, per-sync/);
  });
});
