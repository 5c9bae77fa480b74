import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LATEST_CLAUSE_SET,
  clauseSets,
  findClauseSet,
  readCases,
  readRegistry,
} from '../../src/clauses/clause-sets.ts';
import { loadClauses } from '../../src/clauses/registry.ts';
import { compareCommand } from '../../src/cli/compare.ts';
import { CLAUSES_FILE, DEFAULT_SUITES } from '../../src/config/paths.ts';
import type { RunResult } from '../../src/engine/result.ts';
import {
  buildImplementationReport,
  type ImplementationReport,
} from '../../src/reporting/implementation-report.ts';
import { renderImplementationHtml } from '../../src/reporting/implementation-report-html.ts';
import { renderImplementationMarkdown } from '../../src/reporting/implementation-report-markdown.ts';
import { readRunReport } from '../../src/reporting/read-run-report.ts';
import { clauseResults } from '../../src/runner/clause-results.ts';
import { loadSuites } from '../../src/scenario/load.ts';
import { runOf, writeRun } from './implementation-fixture.ts';

const registry = loadClauses(CLAUSES_FILE);
const shall = registry.clauses
  .filter((c) => c.status !== 'superseded' && c.level === 'SHALL' && c.side !== 'client')
  .map((c) => c.id);
const [X, Y, Z] = shall as [string, string, string];
const superseded = registry.clauses.find((c) => c.status === 'superseded' && c.supersededBy)!;
const NOTIFY = superseded.supersededBy!;
const OLDER = superseded.seed;

async function capture(fn: () => Promise<number>): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const [error, log] = [console.error, console.log];
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  console.log = () => {};
  try {
    return { code: await fn(), err };
  } finally {
    console.error = error;
    console.log = log;
  }
}

describe('implementation report (cpmct compare)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpmct-compare-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function build(runs: Record<string, RunResult>): Promise<ImplementationReport> {
    const reports = [];
    for (const [name, run] of Object.entries(runs)) {
      reports.push(readRunReport(await writeRun(join(dir, name), run), '0.1.0'));
    }
    return buildImplementationReport(reports, {
      clauses: registry.clauses,
      readings: clauseSets(registry),
      judge: (cases) => clauseResults(registry, cases),
      outDir: join(dir, 'out'),
      toolVersion: '0.1.0',
    });
  }

  it('flags clauses where implementations disagree first, then fewer than two passes', async () => {
    const report = await build({
      a: runOf({ name: 'Store A' }, [
        { id: 'C-1', clauses: [X], verdict: 'pass' },
        { id: 'C-2', clauses: [Y], verdict: 'pass' },
        { id: 'C-3', clauses: [Z], verdict: 'pass' },
      ]),
      b: runOf({ name: 'Store B' }, [
        { id: 'C-1', clauses: [X], verdict: 'pass' },
        { id: 'C-2', clauses: [Y], verdict: 'fail' },
        { id: 'C-3', clauses: [Z], verdict: 'inapplicable' },
      ]),
    });
    const ids = report.rows.map((r) => r.clause.id);
    const row = (id: string) => report.rows.find((r) => r.clause.id === id)!;
    expect(row(Y).disagree).to.equal(true);
    expect(row(X)).to.include({ disagree: false, fewerThanTwo: false });
    expect(row(X).passing).to.deep.equal(['Store A', 'Store B']);
    expect(row(Z)).to.include({ disagree: false, fewerThanTwo: true });
    expect(ids[0]).to.equal(Y);
    expect(ids.indexOf(Z)).to.be.lessThan(ids.indexOf(X));
    expect(ids.at(-1)).to.equal(X);
    // The evidence of a failure is the failing case in that run's report.html.
    expect(row(Y).cells.map((c) => c.href)).to.deep.equal([
      `../a/report.html#clause-${Y}`,
      '../b/report.html#case-C-2',
    ]);
    const md = renderImplementationMarkdown(report);
    const matrix = md.slice(md.indexOf('## Clauses'));
    expect(matrix.split('\n')[4]).to.include(`\`${Y}\``).and.include('implementations disagree');
    expect(md).to.include('(../b/report.html#case-C-2)');
  });

  it('counts an implementation once however many runs it has', async () => {
    const report = await build({
      a1: runOf({ name: 'Store A', version: '1' }, [{ id: 'C-1', clauses: [X], verdict: 'pass' }]),
      a2: runOf({ name: 'Store A', version: '2' }, [{ id: 'C-1', clauses: [X], verdict: 'pass' }]),
    });
    const row = report.rows.find((r) => r.clause.id === X)!;
    expect(report.columns).to.have.length(2);
    expect(row.cells.map((c) => c.verdict)).to.deep.equal(['pass', 'pass']);
    expect(row.passing).to.deep.equal(['Store A']);
    expect(row.fewerThanTwo).to.equal(true);
  });

  it('shows which verdicts change between readings of the registry', async () => {
    const report = await build({
      latest: runOf({ name: 'Store C' }, [
        { id: 'N-1', clauses: [NOTIFY], verdict: 'inapplicable' },
        { id: 'C-1', clauses: [X], verdict: 'pass' },
      ]),
      older: runOf(
        { name: 'Store C' },
        [
          { id: 'N-1', clauses: [NOTIFY], verdict: 'fail' },
          { id: 'C-1', clauses: [X], verdict: 'pass' },
        ],
        { clauseSet: OLDER },
      ),
    });
    expect(report.reading).to.equal(LATEST_CLAUSE_SET);
    expect(report.columns).to.have.length(1);
    expect(report.otherColumns.map((c) => c.clauseSet)).to.deep.equal([OLDER]);
    expect(report.changes).to.have.length(1);
    expect(report.changes[0]!.clause).to.equal(NOTIFY);
    expect(report.changes[0]!.verdicts.map((v) => [v.reading, v.verdict])).to.deep.equal([
      [LATEST_CLAUSE_SET, 'inapplicable'],
      [OLDER, 'fail'],
    ]);
    const html = renderImplementationHtml(report);
    expect(html).to.include('Verdicts that change between readings (1)');
  });

  it('derives the older reading from the registry and lets it make the optional cases mandatory', () => {
    const set = findClauseSet(registry, OLDER);
    expect(set.levels.get(NOTIFY)).to.equal(superseded.level);
    expect(readRegistry(registry, set).byId.get(NOTIFY)!.level).to.equal(superseded.level);
    expect(() => findClauseSet(registry, 'nope')).to.throw(
      /unknown clause set "nope" \(valid: latest/,
    );
    const cases = loadSuites([DEFAULT_SUITES], registry).cases;
    const read = readCases(cases, registry, set);
    const raised = read.filter((c, i) => c !== cases[i]).map((c) => c.definition);
    expect(raised.length).to.be.greaterThan(0);
    for (const def of raised) {
      expect(def.clauses).to.include(NOTIFY);
      expect(def.role).to.equal(registry.byId.get(NOTIFY)!.side);
      expect(def).to.include({ level: superseded.level });
      expect(def.requires).to.deep.equal([]);
    }
    expect(readCases(cases, registry, findClauseSet(registry, LATEST_CLAUSE_SET))).to.equal(cases);
  });

  it('escapes what the runs say', async () => {
    const report = await build({
      a: runOf({ name: '<script>alert(1)</script>' }, [
        { id: 'C-1', clauses: [X], verdict: 'pass' },
      ]),
    });
    expect(renderImplementationHtml(report)).not.to.include('<script>');
    expect(renderImplementationMarkdown(report)).not.to.include('<script>');
  });

  it("takes a vendor's own clause readings with --suites", async () => {
    const vendor = join(DEFAULT_SUITES, '..', 'test', 'fixtures', 'vendor-suites');
    const run = await writeRun(
      join(dir, 'vendor-run'),
      runOf({ name: 'A' }, [{ id: 'ACME-NEW-001', clauses: ['ACME-NEW-1'], verdict: 'pass' }]),
    );
    const rows = async (suites?: string[]) => {
      const out = join(dir, suites ? 'vendor-out' : 'shipped-out');
      const { code } = await capture(() =>
        compareCommand({ out, ...(suites ? { suites } : {}) }, [run]),
      );
      expect(code).to.equal(0);
      return readFile(join(out, 'implementation-report.md'), 'utf8');
    };
    expect(await rows()).not.to.include('ACME-NEW-1');
    expect(await rows([vendor])).to.include('ACME-NEW-1');
  });

  it('refuses bad input with one readable line and exit 2', async () => {
    const good = await writeRun(
      join(dir, 'good'),
      runOf({ name: 'A' }, [{ id: 'C-1', clauses: [X], verdict: 'pass' }]),
    );
    const other = await writeRun(
      join(dir, 'other'),
      runOf({ name: 'A' }, [], { toolVersion: '7.0.0' }),
    );
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{"tool": ');
    const foreign = join(dir, 'foreign.json');
    await writeFile(foreign, JSON.stringify({ results: { tool: { name: 'jest' } } }));
    const out = join(dir, 'out');
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing'), /missing: no such file or directory$/u],
      [dir, /no report\.json in this directory$/u],
      [notJson, /not a cpmct report \(not JSON/u],
      [foreign, /not a cpmct report \(expected tool\.name "cpmct"/u],
      [other, /written by cpmct 7\.0\.0; this is cpmct /u],
    ];
    for (const [bad, message] of cases) {
      const { code, err } = await capture(() => compareCommand({ out }, [good, bad]));
      expect(code, bad).to.equal(2);
      expect(err, bad).to.have.length(1);
      expect(err[0])
        .to.match(/^cpmct: compare: /u)
        .and.match(message);
    }
    const ok = await capture(() => compareCommand({ out }, [good]));
    expect(ok.code).to.equal(0);
    expect(await readFile(join(out, 'implementation-report.md'), 'utf8')).to.include('| I1 |');
  });
});
