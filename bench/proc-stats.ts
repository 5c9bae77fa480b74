/**
 * Memory and CPU of other processes, read from /proc (Linux): a process's peak RSS
 * (VmHWM), its current RSS and PSS, its CPU time, and the processes below it. The
 * benchmarks measure a store in a child process (so its memory is its own) and Dovecot by
 * summing its processes.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A `Name:  123 kB` field of /proc/PID/status (or smaps_rollup), in bytes. */
function kbField(text: string | undefined, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text ?? '');
  return match ? Number(match[1]) * 1024 : 0;
}

/** Peak resident set size of `pid` over its life, bytes (0 once it has exited). */
export const peakRss = (pid: number): number => kbField(read(`/proc/${pid}/status`), 'VmHWM');

export const currentRss = (pid: number): number => kbField(read(`/proc/${pid}/status`), 'VmRSS');

/** Proportional set size: shared pages divided among the processes sharing them. */
export const currentPss = (pid: number): number =>
  kbField(read(`/proc/${pid}/smaps_rollup`), 'Pss');

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  /** user + system CPU, seconds; `children` adds that of waited-for children. */
  cpu: number;
  children: number;
}

function stat(pid: number): Stat | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const num = (i: number) => Number(fields[i] ?? 0);
  // fields after `comm`: state ppid ... utime(11) stime(12) cutime(13) cstime(14)
  return {
    pid,
    comm: text.slice(open + 1, close),
    ppid: num(1),
    cpu: (num(11) + num(12)) / TICKS_PER_SECOND,
    children: (num(13) + num(14)) / TICKS_PER_SECOND,
  };
}

/** `root` and every live process below it. */
export function processTree(root: number): Stat[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((s): s is Stat => s !== undefined);
  const below = new Set([root]);
  const tree = all.filter((s) => s.pid === root);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of all)
      if (!below.has(s.pid) && below.has(s.ppid)) {
        below.add(s.pid);
        tree.push(s);
        grew = true;
      }
  }
  return tree;
}

/**
 * CPU seconds used by `root` and everything below it: the live processes' own time plus
 * what their exited children left in the parents' counters.
 */
export function treeCpuSeconds(root: number): number {
  return processTree(root).reduce((sum, s) => sum + s.cpu + s.children, 0);
}

/** Own CPU seconds of one process. */
export const cpuSeconds = (pid: number): number => stat(pid)?.cpu ?? 0;
