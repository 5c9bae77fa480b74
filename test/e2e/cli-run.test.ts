/** The main job: `cpmct run` with no profile judges the embedded simulator and writes the reports. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/engine/result.ts';

describe('e2e: cpmct run (the main job)', function () {
  this.timeout(120_000);
  let out: string;
  before(() => (out = mkdtempSync(join(tmpdir(), 'cpmct-run-'))));
  after(() => rmSync(out, { recursive: true, force: true }));

  const cpmct = (...args: string[]) =>
    spawnSync('node', ['bin/cpmct.js', ...args], { encoding: 'utf8', timeout: 110_000 });

  it('passes every case on the simulator, exits 0 and writes report.json, junit.xml, report.html, summary.md', () => {
    const run = cpmct('run', '--out', out, '--reporter', 'dot', '--seed', '7');
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunResult;
    expect(report.seed).to.equal(7);
    expect(report.summary.pass).to.equal(report.cases.length);
    expect(
      report.clauses.filter(
        (c) => c.verdict === 'not-covered' && c.side !== 'client' && c.level === 'SHALL',
      ),
    ).to.deep.equal([]);
    for (const file of ['junit.xml', 'report.html', 'summary.md'])
      expect(existsSync(join(out, file))).to.equal(true);
  });

  it('--only selects by case id or clause prefix', () => {
    const run = cpmct(
      'run',
      '--out',
      out,
      '--reporter',
      'dot',
      '--only',
      'SRV-FOLD',
      '--only',
      'SD-5.5.2.5',
      '--format',
      'json',
    );
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunResult;
    const ids = report.cases.map((c) => c.id);
    expect(ids.every((id) => /^(SRV-FOLD|SRV-COPY|CLI-COPY)/.test(id))).to.equal(true);
    expect(ids).to.include('SRV-FOLD-001').and.to.include('SRV-COPY-001');
  });

  it('a bad --seed, --format or profile gives one line and exit 2', () => {
    for (const args of [
      ['--seed', 'abc'],
      ['--format', 'xml'],
      ['--profile', 'nope.yaml'],
      ['--only', 'ZZZ'],
    ]) {
      const run = cpmct('run', '--out', out, ...args);
      expect(run.status, args.join(' ')).to.equal(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
      expect(run.stderr).to.not.match(/\n\s+at /);
    }
  });
});
