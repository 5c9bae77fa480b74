/**
 * What a vendor does: pack cpmct, install the tarball into an empty directory with production
 * dependencies only, and run it from there; then add a suite directory of the vendor's own
 * (extra cases, extra clause readings) beside the shipped suites. The tarball is packed from
 * the dist/ that `npm test`'s build step has just written (built here only when missing or
 * older than the sources), with --ignore-scripts so that packing does not compile again.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distIsCurrent } from '../../bin/dist-freshness.js';
import { PROJECT_ROOT, SCHEMA_DIR } from '../../src/config/paths.ts';
import type { RunResult } from '../../src/engine/result.ts';
import { registry, suites } from './helpers.ts';

const VENDOR_FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'vendor-suites');

interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end without blocking the event loop (the checks run side by side). */
function run(cmd: string, args: string[], cwd: string): Promise<Finished> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    delete env.CPMCT_RUNTIME;
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function ensureBuilt(): void {
  if (distIsCurrent(PROJECT_ROOT)) return;
  const build = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  expect(distIsCurrent(PROJECT_ROOT), `build failed:\n${build.stdout}${build.stderr}`).to.equal(
    true,
  );
}

function readReport(dir: string): RunResult {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunResult;
}

/** The case count of `cpmct lint`'s closing line. */
function lintedCases(output: string): number {
  const match = /cpmct lint: (\d+) cases/.exec(output);
  expect(match, output).to.not.equal(null);
  return Number(match![1]);
}

/**
 * Where the install goes: memory (/dev/shm) when the machine has it, since unpacking 6,400
 * files there costs half the system time it costs on disk; else the temporary directory.
 */
function scratchRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

describe('e2e: the packed tarball, installed with production dependencies only', function () {
  this.timeout(240_000);
  let work: string;
  let app: string;
  let packed: string[];
  let runs: Record<'run' | 'lint' | 'vendorLint' | 'vendorRun', Promise<Finished>>;

  before(async () => {
    ensureBuilt();
    work = mkdtempSync(join(scratchRoot(), 'cpmct-pack-'));
    const pack = spawnSync(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
      { cwd: PROJECT_ROOT, encoding: 'utf8' },
    );
    expect(pack.status, pack.stderr).to.equal(0);
    const [info] = JSON.parse(pack.stdout) as Array<{
      filename: string;
      files: { path: string }[];
    }>;
    packed = info!.files.map((f) => f.path);

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "vendor-ci", "private": true }\n');
    const install = await run(
      'npm',
      [
        'install',
        '--omit=dev',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        join(work, info!.filename),
      ],
      app,
    );
    expect(install.status, install.stderr).to.equal(0);

    // A vendor's own suite directory, outside the package.
    const vendor = join(work, 'vendor-suites');
    cpSync(VENDOR_FIXTURE, vendor, { recursive: true });
    const cpmct = (...args: string[]) => run('npx', ['--no', 'cpmct', ...args], app);
    runs = {
      run: cpmct('run', '--only', 'SRV-NEW-001', '--out', join(work, 'out'), '--reporter', 'dot'),
      lint: cpmct('lint'),
      vendorLint: cpmct('lint', '--suites', vendor),
      vendorRun: cpmct(
        'run',
        '--suites',
        vendor,
        '--only',
        'ACME-',
        '--out',
        join(work, 'vendor-out'),
        '--reporter',
        'dot',
      ),
    };
    await Promise.allSettled(Object.values(runs));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs what a user needs (compiled code, suites, schemas, profiles, docs) and no tests', () => {
    expect(packed).to.include.members([
      'bin/cpmct.js',
      'dist/src/cli/main.js',
      'dist/src/cli/main.d.ts',
      'dist/src/cli/main.js.map',
      'suites/clauses.yaml',
      'profiles/reference-imap.yaml',
      'README.md',
      ...readdirSync(SCHEMA_DIR).map((f) => `schema/${f}`),
    ]);
    const unwanted = packed.filter((p) =>
      /^(src|test|bench|scripts|examples|dist\/(test|bench|scripts|examples))\/|\.test\./.test(p),
    );
    expect(unwanted).to.deep.equal([]);
    // Every compiled module has its source: nothing left in dist/ by a file moved or removed.
    const orphans = packed
      .filter((p) => /^dist\/.*\.js$/.test(p))
      .map((p) => p.replace(/^dist\//, '').replace(/\.js$/, '.ts'))
      .filter((source) => !existsSync(join(PROJECT_ROOT, source)));
    expect(orphans).to.deep.equal([]);
  });

  it('installs without tsx or any other devDependency', () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const installed = (name: string) => existsSync(join(app, 'node_modules', name, 'package.json'));
    expect(Object.keys(manifest.dependencies).filter((d) => !installed(d))).to.deep.equal([]);
    expect(installed('tsx')).to.equal(false);
  });

  it('`npx cpmct run` judges the simulator and writes every report', async () => {
    const result = await runs.run;
    expect(result.status, result.stderr).to.equal(0);
    const out = join(work, 'out');
    const report = readReport(out);
    expect(report.cases.length).to.be.greaterThan(0);
    expect(report.cases.filter((c) => c.id !== 'SRV-NEW-001')).to.deep.equal([]);
    expect(report.cases.filter((c) => c.verdict !== 'pass')).to.deep.equal([]);
    expect(report.summary.pass).to.equal(report.cases.length);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)?.length).to.equal(report.cases.length);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).to.include('SRV-NEW-001');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).to.include(
      `**${report.cases.length} cases:**`,
    );
  });

  it('`npx cpmct lint` validates the shipped suites and profiles', async () => {
    const result = await runs.lint;
    expect(result.status, result.stderr).to.equal(0);
    expect(lintedCases(result.stdout)).to.equal(suites.cases.length);
  });

  it('lints a vendor directory of extra cases and clause readings with the shipped suites', async () => {
    const result = await runs.vendorLint;
    expect(result.status, result.stderr).to.equal(0);
    expect(lintedCases(result.stdout)).to.equal(suites.cases.length + 1);
  });

  it('runs the vendor case and judges its own clause beside the shipped ones', async () => {
    const result = await runs.vendorRun;
    expect(result.status, result.stderr).to.equal(0);
    const report = readReport(join(work, 'vendor-out'));
    expect(report.cases.length).to.be.greaterThan(0);
    expect(report.cases.filter((c) => c.verdict !== 'pass')).to.deep.equal([]);
    const added = report.clauses.filter((c) => !registry.byId.has(c.id));
    expect(added.length).to.be.greaterThan(0);
    expect(added.filter((c) => c.verdict !== 'pass')).to.deep.equal([]);
  });
});
