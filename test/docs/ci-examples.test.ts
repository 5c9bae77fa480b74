/**
 * The example CI jobs in docs/ci/ parse, have the structure their CI expects, and every cpmct
 * command line in them uses real commands and flags (parsed as the CLI parses them).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { OPTIONS } from '../../src/cli/main.ts';
import { PROJECT_ROOT } from '../../src/config/paths.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { parseFormats } from '../../src/reporting/registry.ts';
import { CTRF_FILE } from '../../src/reporting/ctrf.ts';
import { JUNIT_FILE } from '../../src/reporting/junit.ts';
import { MARKDOWN_FILE } from '../../src/reporting/markdown.ts';

const CI_DIR = join(PROJECT_ROOT, 'docs', 'ci');

type Yaml = Record<string, unknown>;

function load(name: string): Yaml {
  const doc = parseDocument(readFileSync(join(CI_DIR, name), 'utf8'));
  expect(
    doc.errors.map((e) => e.message),
    name,
  ).to.deep.equal([]);
  return doc.toJS() as Yaml;
}

const obj = (v: unknown, what: string): Yaml => {
  expect(v, what).to.be.an('object');
  return v as Yaml;
};

interface CpmctLine {
  command: string;
  values: Record<string, unknown>;
  positionals: string[];
}

/** Every `npx cpmct ...` in a shell line, up to the next pipe, redirection or list operator. */
function cpmctLines(shell: string): CpmctLine[] {
  const out: CpmctLine[] = [];
  for (const part of shell.split(/\|\||&&|[|;]|>>?/)) {
    const words = part.trim().split(/\s+/);
    const at = words.findIndex((w, i) => w === 'cpmct' && words[i - 1] === 'npx');
    if (at < 0) continue;
    const [command, ...args] = words.slice(at + 1);
    expect(Object.keys(OPTIONS), `"cpmct ${command}" in: ${shell}`).to.include(command);
    const parsed = parseArgs({
      args,
      options: OPTIONS[command as string],
      strict: true,
      allowPositionals: true,
    });
    out.push({ command: command as string, ...parsed });
  }
  return out;
}

/** The checks both examples share: the run's formats, its out dir, diff and lint lines. */
function checkCommands(lines: CpmctLine[]): { out: string; profile: string } {
  const runs = lines.filter((l) => l.command === 'run');
  expect(runs, 'one cpmct run').to.have.length(1);
  const run = runs[0] as CpmctLine;
  const formats = parseFormats(run.values.format as string);
  expect(formats).to.include.members(['junit', 'ctrf', 'md']);
  expect(run.values.baseline, '--baseline').to.be.a('string');
  for (const diff of lines.filter((l) => l.command === 'diff')) {
    expect(diff.positionals).to.have.length(2);
    expect(diff.positionals[0]).to.equal(run.values.baseline);
    expect(diff.positionals[1]).to.equal(run.values.out);
  }
  const lint = lines.find((l) => l.command === 'lint');
  expect(lint?.positionals).to.deep.equal(run.values.profile);
  return { out: run.values.out as string, profile: (run.values.profile as string[])[0] as string };
}

describe('docs: example CI jobs', () => {
  describe('GitHub Actions (docs/ci/github-actions.yml)', () => {
    const workflow = load('github-actions.yml');
    const jobs = obj(workflow.jobs, 'jobs');
    const job = obj(Object.values(jobs)[0], 'the job');
    const steps = job.steps as Yaml[];
    const shell = steps.filter((s) => typeof s.run === 'string').map((s) => s.run as string);
    const lines = shell.flatMap(cpmctLines);

    it('one job on a runner, with the store as a service container', () => {
      expect(Object.keys(jobs)).to.have.length(1);
      expect(job['runs-on']).to.be.a('string');
      const services = obj(job.services, 'services');
      for (const s of Object.values(services)) expect(obj(s, 'service').image).to.be.a('string');
      expect(steps.length).to.be.greaterThan(3);
      for (const s of steps)
        expect(Object.hasOwn(s, 'uses') !== Object.hasOwn(s, 'run')).to.equal(true);
    });

    it('cpmct lines use real commands and flags; summary.md, JUnit and CTRF are published', () => {
      const { out } = checkCommands(lines);
      const summary = steps.find((s) => String(s.run ?? '').includes('GITHUB_STEP_SUMMARY'));
      expect(summary?.run).to.include(`${out}/${MARKDOWN_FILE}`);
      const uses = (name: string) => steps.find((s) => String(s.uses ?? '').startsWith(name));
      const junit = uses('mikepenz/action-junit-report');
      const ctrf = uses('ctrf-io/github-test-reporter');
      expect(obj(junit?.with, 'junit with').report_paths).to.equal(`${out}/${JUNIT_FILE}`);
      expect(obj(ctrf?.with, 'ctrf with')['report-path']).to.equal(`${out}/${CTRF_FILE}`);
      // Published even when the gate fails the run step.
      for (const s of [summary, junit, ctrf]) expect(String(s?.if)).to.include('always()');
    });

    it('the example profile reads the store address and passwords the job sets', () => {
      const env = obj(job.env, 'env') as Record<string, string | number>;
      checkProfile(env);
    });
  });

  describe('GitLab CI (docs/ci/gitlab-ci.yml)', () => {
    const pipeline = load('gitlab-ci.yml');
    const job = obj(pipeline.cpmct, 'the cpmct job');
    const script = [...(job.script as string[]), ...(job.after_script as string[])];
    const lines = script.flatMap(cpmctLines);

    it('a job in a declared stage, in a Node image, with the store as a service', () => {
      expect(pipeline.stages).to.include(job.stage);
      expect(String(job.image)).to.match(/^node:\d+/);
      const services = job.services as Yaml[];
      expect(services).to.have.length(1);
      expect(obj(job.variables, 'variables').STORE_HOST).to.equal(services[0]?.alias);
    });

    it('cpmct lines use real commands and flags; JUnit, CTRF and summary.md are published', () => {
      const { out } = checkCommands(lines);
      const artifacts = obj(job.artifacts, 'artifacts');
      expect(artifacts.when).to.equal('always');
      expect(obj(artifacts.reports, 'reports').junit).to.equal(`${out}/${JUNIT_FILE}`);
      const paths = artifacts.paths as string[];
      expect(paths).to.include(`${out}/${CTRF_FILE}`).and.include(`${out}/${MARKDOWN_FILE}`);
      expect(job.after_script).to.include(`cat ${out}/${MARKDOWN_FILE}`);
    });

    it('the example profile reads the store address and passwords the job sets', () => {
      checkProfile(obj(job.variables, 'variables') as Record<string, string | number>);
    });
  });
});

/** docs/ci/dovecot-service.yaml, loaded with the job's environment, uses what the job sets. */
function checkProfile(env: Record<string, string | number>): void {
  const saved = { ...process.env };
  try {
    for (const [k, v] of Object.entries(env)) process.env[k] = String(v);
    const profile = loadProfile(join(CI_DIR, 'dovecot-service.yaml'));
    expect(profile.endpoint.host).to.equal(String(env.STORE_HOST));
    expect(profile.endpoint.port).to.equal(Number(env.STORE_PORT));
    for (const u of profile.users) expect(Object.keys(env)).to.include(u.passwordEnv);
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
