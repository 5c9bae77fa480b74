import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { PROFILES_DIR } from '../../src/config/paths.ts';
import { toolVersion } from '../../src/config/tool-version.ts';
import type { CaseResult, RunResult, Verdict } from '../../src/engine/result.ts';
import { renderJson } from '../../src/reporting/json.ts';
import { renderMarkdown } from '../../src/reporting/markdown.ts';
import { keyedCases } from '../../src/reporting/run-diff.ts';
import { escapeMarkdownCell } from '../../src/reporting/text.ts';
import {
  baselineConsoleLines,
  baselineExitCode,
  compareWithBaseline,
} from '../../src/runner/baseline.ts';
import { makeRun } from '../reporting/fixture.ts';

function withVerdict(run: RunResult, verdict: Verdict): CaseResult {
  const c = run.cases.find((x) => x.verdict === verdict);
  if (!c) throw new Error(`the fixture has no ${verdict} case`);
  return c;
}

const nameIn = (run: RunResult, c: CaseResult): string =>
  [...keyedCases(run)].find(([, x]) => x === c)?.[0] ?? '?';

describe('runner: --baseline', () => {
  describe('compared with a baseline', () => {
    const baseline = makeRun();
    const now = structuredClone(baseline);
    const worse = withVerdict(now, 'pass'); // pass → inconclusive
    worse.verdict = 'inconclusive';
    const fixed = withVerdict(now, 'fail'); // fail → warn
    fixed.verdict = 'warn';
    const remains = withVerdict(now, 'error'); // error stays error
    const newFailing: CaseResult = { ...structuredClone(remains), id: 'MS-NEW-FAIL-009' };
    const newPassing: CaseResult = {
      ...structuredClone(worse),
      id: 'MS-NEW-PASS-010',
      verdict: 'pass',
    };
    now.cases.push(newFailing, newPassing);
    const outcome = compareWithBaseline(now, baseline, 'baseline/report.json');
    const names = (list: { case: string }[]) => list.map((e) => e.case).sort();

    it('worse: a case worse than in the baseline, and a new case that does not pass', () => {
      expect(names(outcome.regressions)).to.deep.equal(
        [nameIn(now, worse), nameIn(now, newFailing)].sort(),
      );
      const entry = outcome.regressions.find((e) => e.case === nameIn(now, newFailing));
      expect(entry?.baseline).to.equal(undefined);
      expect(baselineExitCode(outcome)).to.equal(1);
    });

    it('known failures: fixed when better, remaining when the same', () => {
      expect(outcome.fixed.map((e) => [e.case, e.baseline, e.verdict])).to.deep.equal([
        [nameIn(now, fixed), 'fail', 'warn'],
      ]);
      expect(names(outcome.remaining)).to.include(nameIn(now, remains));
      expect(names(outcome.remaining)).to.not.include(nameIn(now, newPassing));
      for (const e of outcome.remaining) expect(e.verdict).to.equal(e.baseline);
    });

    it('summary.md and the console say what is worse, fixed and remaining', () => {
      const md = renderMarkdown({ ...now, baseline: outcome });
      expect(md).to.include('Against the baseline');
      for (const e of [...outcome.regressions, ...outcome.fixed, ...outcome.remaining])
        expect(md).to.include(escapeMarkdownCell(e.case));
      expect(renderMarkdown(now)).to.not.include('Against the baseline');
      const lines = baselineConsoleLines(outcome);
      expect(lines).to.have.length(
        1 + outcome.regressions.length + outcome.fixed.length + outcome.remaining.length,
      );
      expect(lines.every((l) => l.startsWith('cpmct: baseline'))).to.equal(true);
    });
  });

  it('the same run as its own baseline passes the gate, whatever its verdicts', () => {
    const run = makeRun();
    const outcome = compareWithBaseline(run, run, 'x');
    expect(outcome.regressions).to.deep.equal([]);
    expect(baselineExitCode(outcome)).to.equal(0);
    const known = run.cases.filter((c) => !['pass', 'inapplicable'].includes(c.verdict));
    expect(outcome.remaining).to.have.length(known.length);
  });

  it('a waived case worse than the baseline is listed but does not fail the gate', () => {
    const baseline = makeRun();
    const now = structuredClone(baseline);
    const c = withVerdict(now, 'pass');
    c.verdict = 'fail';
    c.waived = { reason: 'ticket 42' };
    const outcome = compareWithBaseline(now, baseline, 'x');
    expect(outcome.regressions.map((e) => e.waived)).to.deep.equal([true]);
    expect(baselineExitCode(outcome)).to.equal(0);
  });

  describe('cpmct run --baseline (one case on the simulator)', function () {
    this.timeout(60_000);
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'cpmct-baseline-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    const cpmct = (...args: string[]) =>
      spawnSync('node', ['bin/cpmct.js', ...args], { encoding: 'utf8', timeout: 55_000 });
    const run = (out: string, ...extra: string[]) =>
      cpmct(
        'run',
        ...['--profile', join(PROFILES_DIR, 'reference-imap.yaml')],
        ...['--only', 'SRV-NEW-001', '--variants', 'qresync', '--reporter', 'dot'],
        ...['--format', 'json,md', '--out', out],
        ...extra,
      );

    it('a known failure the run fixed: exit 0, and summary.md and the console say so', () => {
      const baseline = makeRun();
      baseline.tool.version = toolVersion();
      const known = { ...structuredClone(baseline.cases[1]), verdict: 'fail' } as CaseResult;
      Object.assign(known, {
        id: 'SRV-NEW-001',
        variant: 'qresync',
        binding: 'imap',
        role: 'server',
      });
      baseline.cases = [known];
      const baselineFile = join(dir, 'baseline.json');
      writeFileSync(baselineFile, renderJson(baseline));

      const r = run(join(dir, 'out'), '--baseline', baselineFile);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.include('1 known failures fixed');
      const written = JSON.parse(
        readFileSync(join(dir, 'out', 'report.json'), 'utf8'),
      ) as RunResult;
      expect(written.baseline?.fixed.map((e) => [e.baseline, e.verdict])).to.deep.equal([
        ['fail', 'pass'],
      ]);
      const md = readFileSync(join(dir, 'out', 'summary.md'), 'utf8');
      expect(md).to.include('Known failures fixed (1)');
    });

    it('a baseline that is not a cpmct report: one line, exit 2, nothing run', async () => {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{"results": {}}');
      const errors: string[] = [];
      const error = console.error;
      console.error = (...a: unknown[]) => void errors.push(a.join(' '));
      let code: number;
      try {
        code = await main(['run', '--baseline', bad, '--out', join(dir, 'never')]);
      } finally {
        console.error = error;
      }
      expect(code).to.equal(2);
      expect(errors.join('\n').split('\n')).to.have.length(1);
      expect(errors[0]).to.include('not a cpmct report');
      expect(existsSync(join(dir, 'never'))).to.equal(false);
    });
  });
});
