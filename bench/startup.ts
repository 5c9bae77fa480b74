/**
 * Start-up of the CLI from the TypeScript sources (through tsx, as a source checkout without
 * a build runs) and from the compiled dist/ (as the published package runs), for
 * `cpmct --help` and `cpmct run --only SRV-NEW-001`. Runs each command alternately, one
 * warm-up each, and prints the minimum and median wall time and the median peak memory
 * (GNU time's maximum resident set size, when /usr/bin/time is installed).
 *
 * Usage: npm run build && npm run bench:startup [-- --runs N]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST_MAIN } from '../bin/dist-freshness.js';
import { PROJECT_ROOT } from '../src/config/paths.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 7);
const GNU_TIME = '/usr/bin/time';
const RUNTIMES = ['source', 'dist'] as const;

interface Sample {
  seconds: number;
  peakMiB?: number;
}

async function once(args: string[], runtime: string, scratch: string): Promise<Sample> {
  const memFile = join(scratch, 'mem');
  const command = ['node', join(PROJECT_ROOT, 'bin', 'cpmct.js'), ...args];
  const [bin, argv] = existsSync(GNU_TIME)
    ? [GNU_TIME, ['-f', '%M', '-o', memFile, ...command]]
    : [command[0]!, command.slice(1)];
  const start = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(bin, argv, {
      cwd: scratch,
      env: { ...process.env, CPMCT_RUNTIME: runtime },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0) throw new Error(`${args.join(' ')} (${runtime}) exited ${code}`);
  if (!existsSync(memFile)) return { seconds };
  return { seconds, peakMiB: Number(readFileSync(memFile, 'utf8').trim()) / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  if (!existsSync(join(PROJECT_ROOT, DIST_MAIN))) throw new Error('no dist/: run `npm run build`');
  const scratch = mkdtempSync(join(tmpdir(), 'cpmct-startup-'));
  const commands = [
    ['--help'],
    ['run', '--only', 'SRV-NEW-001', '--format', 'json', '--out', join(scratch, 'out')],
  ];
  console.log(`cpmct start-up, ${RUNS} runs each after one warm-up (seconds, wall)`);
  console.log('command                      runtime  min     median  peak MiB (median)');
  try {
    for (const args of commands) {
      const samples: Record<string, Sample[]> = { source: [], dist: [] };
      for (const runtime of RUNTIMES) await once(args, runtime, scratch);
      for (let i = 0; i < RUNS; i++) {
        for (const runtime of RUNTIMES) samples[runtime]!.push(await once(args, runtime, scratch));
      }
      for (const runtime of RUNTIMES) {
        const wall = samples[runtime]!.map((s) => s.seconds);
        const mem = samples[runtime]!.flatMap((s) => (s.peakMiB === undefined ? [] : [s.peakMiB]));
        console.log(
          [
            `cpmct ${args.slice(0, 3).join(' ')}`.padEnd(28),
            runtime.padEnd(7),
            Math.min(...wall)
              .toFixed(3)
              .padStart(6),
            median(wall).toFixed(3).padStart(7),
            mem.length ? median(mem).toFixed(0).padStart(9) : '        -',
          ].join('  '),
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
