/**
 * How long `npm test` takes, and where the time goes (numbers for the README, never a
 * timed test). Runs the parts of `npm test` one after another (the build, which is its
 * type-check, then lint, then mocha with its JSON reporter), once with the real IUTs
 * (Dovecot, mbsync) as installed and once with them hidden, and prints the wall time of
 * each part and the slowest test files.
 *
 * Hiding the real IUTs: their tests skip when `/usr/sbin/dovecot` does not exist and when
 * `mbsync --version` fails. As root, the mocha run goes into a private mount namespace
 * (`unshare -m`) where an empty tmpfs covers Dovecot's directory and `/bin/false` covers
 * mbsync; nothing outside that process sees it. Without root the "without" run is skipped.
 *
 * Usage: npm run bench:test [-- --only with|without] [--top N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config/paths.ts';
import { DOVECOT_BIN } from '../src/profiles/dovecot.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    top: { type: 'string' },
  },
});
const TOP = Number(values.top ?? 12);

interface Timed {
  seconds: number;
  /** User + system CPU seconds of the command and its children (GNU time), when available. */
  cpuSeconds?: number;
  code: number | null;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Wall time of a command, and its CPU time through GNU time when installed: on a shared
 * machine the CPU figure says how much of the wall time was this run's own work.
 */
async function timed(command: string, args: string[]): Promise<Timed> {
  const dir = mkdtempSync(join(tmpdir(), 'cpmct-time-'));
  const cpuFile = join(dir, 'cpu');
  const [bin, argv] = existsSync(GNU_TIME)
    ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]]
    : [command, args];
  const start = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(bin, argv, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const lastLine = existsSync(cpuFile)
    ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop()
    : '';
  rmSync(dir, { recursive: true, force: true });
  const [user, system] = (lastLine ?? '').split(' ').map(Number);
  return user !== undefined && system !== undefined && !Number.isNaN(user + system)
    ? { seconds, cpuSeconds: user + system, code }
    : { seconds, code };
}

const cpu = (t: Timed) => (t.cpuSeconds !== undefined ? `, CPU ${t.cpuSeconds.toFixed(1)} s` : '');
const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;

function which(bin: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The mocha command line, wrapped so that the real IUTs look absent when `hide`. */
function mochaCommand(hide: boolean, output: string): [string, string[]] | undefined {
  const mocha = ['npx', 'mocha', '--reporter', 'json', '--reporter-option', `output=${output}`];
  if (!hide) return [mocha[0]!, mocha.slice(1)];
  if (process.getuid?.() !== 0 || !which('unshare')) return undefined;
  const mounts = [`mount -t tmpfs none ${dirname(DOVECOT_BIN)}`];
  const mbsync = which('mbsync');
  if (mbsync) mounts.push(`mount --bind /bin/false ${mbsync}`);
  const quoted = mocha.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return ['unshare', ['-m', 'sh', '-c', `${mounts.join(' && ')} && exec ${quoted}`]];
}

interface MochaJson {
  stats: { tests: number; passes: number; failures: number; pending: number };
  tests: Array<{ file?: string; duration?: number; fullTitle: string }>;
}

function perFile(report: MochaJson): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const t of report.tests) {
    const file = t.file ? relative(PROJECT_ROOT, t.file) : '?';
    sums.set(file, (sums.get(file) ?? 0) + (t.duration ?? 0));
  }
  return [...sums.entries()].sort((a, b) => b[1] - a[1]);
}

async function mochaRun(label: string, hide: boolean, staticSeconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cpmct-bench-'));
  try {
    const output = join(dir, 'mocha.json');
    const command = mochaCommand(hide, output);
    if (!command) {
      console.log(`${label}: skipped (hiding Dovecot and mbsync needs root and unshare)`);
      return;
    }
    const before = load();
    const run = await timed(...command);
    const report = JSON.parse(readFileSync(output, 'utf8')) as MochaJson;
    const { tests, passes, failures, pending } = report.stats;
    const total = staticSeconds + run.seconds;
    console.log(
      `\n${label}: mocha ${run.seconds.toFixed(1)} s${cpu(run)} (${tests} tests: ${passes} passed, ` +
        `${failures} failed, ${pending} pending); with typecheck and lint ≈ npm test ${total.toFixed(1)} s ` +
        `(${before} at the start, ${load()} at the end)`,
    );
    console.log(`slowest files (sum of test durations; a kill matrix's runs overlap):`);
    for (const [file, ms] of perFile(report).slice(0, TOP))
      console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The build is npm test's type-check step; it also writes the dist/ that the pack test packs.
const typecheck = await timed('npm', ['run', '--silent', 'build']);
const lint = await timed('npm', ['run', '--silent', 'lint']);
const staticSeconds = typecheck.seconds + lint.seconds;
console.log(
  `build (typecheck) ${typecheck.seconds.toFixed(1)} s${cpu(typecheck)} (exit ${typecheck.code}), ` +
    `lint ${lint.seconds.toFixed(1)} s${cpu(lint)} (exit ${lint.code})`,
);
if (values.only !== 'with') await mochaRun('without Dovecot and mbsync', true, staticSeconds);
if (values.only !== 'without') await mochaRun('with Dovecot and mbsync', false, staticSeconds);
