/** `cpmct diff OLD NEW` in-process: output formats, exit codes, and bad input as one line, exit 2. */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { toolVersion } from '../../src/config/tool-version.ts';
import { renderCtrf } from '../../src/reporting/ctrf.ts';
import { renderJson } from '../../src/reporting/json.ts';
import type { RunDiff } from '../../src/reporting/run-diff.ts';
import { makeRun } from '../reporting/fixture.ts';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with stdout and stderr captured. */
async function cpmct(...args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const write = process.stdout.write.bind(process.stdout);
  const log = console.log;
  const error = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  console.log = (...a: unknown[]) => void (stdout += `${a.join(' ')}\n`);
  console.error = (...a: unknown[]) => void (stderr += `${a.join(' ')}\n`);
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.stdout.write = write;
    console.log = log;
    console.error = error;
  }
}

describe('cli: cpmct diff', () => {
  let dir: string;
  let oldDir: string;
  let newFile: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpmct-diff-'));
    const before = makeRun();
    before.tool.version = toolVersion();
    oldDir = join(dir, 'old');
    mkdirSync(oldDir);
    writeFileSync(join(oldDir, 'report.json'), renderJson(before));
    const now = structuredClone(before);
    const first = now.cases[0];
    if (!first || first.verdict !== 'pass') throw new Error('fixture changed');
    first.verdict = 'fail';
    newFile = join(dir, 'new.json');
    writeFileSync(newFile, renderJson(now));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a case that got worse: markdown on stdout, exit 1', async () => {
    const r = await cpmct('diff', oldDir, newFile);
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(1);
    expect(r.stdout)
      .to.match(/^## cpmct diff/)
      .and.include('Regression');
  });

  it('--format json: the diff as JSON', async () => {
    const r = await cpmct('diff', oldDir, newFile, '--format', 'json');
    expect(r.code).to.equal(1);
    const diff = JSON.parse(r.stdout) as RunDiff;
    expect(diff.regression).to.equal(true);
    expect(diff.cases.newFails).to.have.length(1);
  });

  it('the other way round only fixes: exit 0', async () => {
    const r = await cpmct('diff', newFile, join(oldDir, 'report.json'));
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include('No regression');
  });

  describe('bad input: one readable line on stderr, nothing on stdout, exit 2', () => {
    const cases: [string, () => string[], RegExp][] = [
      ['a missing file', () => [join(dir, 'nope.json'), newFile], /no such file/],
      ['a directory without report.json', () => [dir, newFile], /no report\.json/],
      [
        'a truncated report',
        () => [write('cut.json', '{"tool": {"name": "cp'), newFile],
        /not JSON/,
      ],
      [
        'another tool\u2019s report (CTRF)',
        () => [write('ctrf.json', renderCtrf(makeRun())), newFile],
        /not a cpmct report/,
      ],
      [
        'a report of another cpmct version',
        () => [otherVersion(), newFile],
        /written by cpmct 99\.0\.0/,
      ],
      ['one run only', () => [newFile], /two runs/],
      [
        'an unknown format',
        () => [newFile, newFile, '--format', 'xml'],
        /--format must be md or json/,
      ],
    ];
    const write = (name: string, text: string): string => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const otherVersion = (): string => {
      const run = makeRun();
      run.tool.version = '99.0.0';
      return write('v99.json', renderJson(run));
    };
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const r = await cpmct('diff', ...args());
        expect(r.code).to.equal(2);
        expect(r.stdout).to.equal('');
        expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
        expect(r.stderr).to.match(message);
      });
    }
  });
});
