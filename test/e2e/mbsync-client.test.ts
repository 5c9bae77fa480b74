/** Client conformance of the real mbsync: `cpmct run --profile profiles/mbsync.yaml`. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MBSYNC_MISSING, mbsyncInstalled } from '../../src/adapters/mbsync/mbsync-device.ts';
import type { RunResult } from '../../src/engine/result.ts';

/** mbsync 1.4's non-pass verdicts, each explained in the README's known-results table. */
const KNOWN_MBSYNC = {
  'CLI-FOLD-002': 'fail',
  'CLI-FOLD-003': 'fail',
  'CLI-UIDV-001': 'fail',
  'CLI-META-001': 'warn',
  'CLI-PART-002': 'inapplicable',
  'CLI-COPY-001': 'inapplicable',
  'CLI-PER-001': 'inapplicable',
};

describe('e2e: mbsync judged as a sync client', function () {
  this.timeout(180_000);
  let out: string;
  before(function () {
    if (!mbsyncInstalled()) {
      console.log(`      skipped: ${MBSYNC_MISSING}`);
      this.skip();
    }
    out = mkdtempSync(join(tmpdir(), 'cpmct-mbsync-'));
  });
  after(() => out && rmSync(out, { recursive: true, force: true }));

  it('judges every client case, with only the known non-pass verdicts, and exits 1 for the failures', () => {
    const run = spawnSync(
      'node',
      [
        'bin/cpmct.js',
        'run',
        '--profile',
        'profiles/mbsync.yaml',
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
    expect(run.status, run.stderr).to.equal(1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunResult;
    expect(report.summary.error).to.equal(0);
    const nonPass = Object.fromEntries(
      report.cases.filter((c) => c.verdict !== 'pass').map((c) => [c.id, c.verdict]),
    );
    expect(nonPass).to.deep.equal(KNOWN_MBSYNC);
  });
});
