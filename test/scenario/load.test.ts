import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { loadClauses } from '../../src/clauses/registry.ts';
import { loadSuites } from '../../src/scenario/load.ts';
import { CLAUSES_FILE, DEFAULT_SUITES } from '../../src/config/paths.ts';

const registry = loadClauses(CLAUSES_FILE);

describe('scenario: loading cases', () => {
  it('loads every shipped case without a problem, with unique ids', () => {
    const suites = loadSuites([DEFAULT_SUITES], registry);
    expect(suites.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).to.deep.equal([]);
    expect(suites.cases.length).to.be.greaterThanOrEqual(30);
    expect(new Set(suites.cases.map((c) => c.definition.id)).size).to.equal(suites.cases.length);
  });

  it('reports schema problems with file:line:col and what would be valid', () => {
    const { problems } = loadSuites(['test/fixtures/bad-cases/broken.yaml'], registry);
    const lines = problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);
    expect(lines).to.include(
      'test/fixtures/bad-cases/broken.yaml:4:8: level: must be one of: SHALL, SHOULD, MAY (got "SHAL"; did you mean "SHALL"?)',
    );
    expect(
      lines.some((l) =>
        l.startsWith(
          'test/fixtures/bad-cases/broken.yaml:10:11: steps[0].do: must be one of: sync,',
        ),
      ),
    ).to.equal(true);
    expect(
      lines.some((l) =>
        l.startsWith(
          'test/fixtures/bad-cases/broken.yaml:11:36: steps[1].bogus: unknown key "bogus"',
        ),
      ),
    ).to.equal(true);
    expect(lines).to.have.length(3);
  });

  it('reports unknown clause ids, devices and object names at their position', () => {
    const { problems } = loadSuites(['test/fixtures/bad-cases/semantic.yaml'], registry);
    const lines = problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(
      lines.some((l) => l.startsWith('3:11: clauses[0]: unknown clause id "SD-5.5.2.99"')),
    ).to.equal(true);
    expect(lines.some((l) => l.includes('unknown device "tablet"'))).to.equal(true);
    expect(lines.some((l) => l.includes('object "zz" is not defined'))).to.equal(true);
  });

  it('reports YAML syntax errors with their position', () => {
    const { problems } = loadSuites(['test/fixtures/bad-cases/syntax.yaml'], registry);
    expect(problems[0]?.message).to.match(/^YAML syntax error/);
    expect(problems[0]?.line).to.be.greaterThan(0);
  });

  it('cpmct lint exits 2 with one line per problem and no stack trace', () => {
    const run = spawnSync('node', ['bin/cpmct.js', 'lint', 'test/fixtures/bad-cases'], {
      encoding: 'utf8',
    });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.not.match(/\n\s+at /);
    expect(run.stderr).to.match(/broken\.yaml:4:8: level/);
    expect(run.stderr).to.match(/cpmct lint: \d+ problem\(s\)/);
  });

  it('cpmct lint of the shipped suites exits 0 and covers every server SHALL clause', () => {
    const run = spawnSync('node', ['bin/cpmct.js', 'lint', 'suites'], { encoding: 'utf8' });
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(0);
    expect(run.stdout).to.match(/0 server SHALL clause\(s\) uncovered/);
  });

  it('a wrong flag or command gives one line and exit 2', () => {
    const flag = spawnSync('node', ['bin/cpmct.js', 'run', '--bogus'], { encoding: 'utf8' });
    expect(flag.status).to.equal(2);
    expect(flag.stderr.trim().split('\n')).to.have.length(1);
    const command = spawnSync('node', ['bin/cpmct.js', 'fly'], { encoding: 'utf8' });
    expect(command.status).to.equal(2);
    expect(command.stderr).to.match(/unknown command "fly"; valid: run, lint, serve, clauses/);
  });
});
