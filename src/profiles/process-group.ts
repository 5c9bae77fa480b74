/**
 * Stopping processes we started, by pid and process group only (never by name), and a
 * safety net that stops them when the harness exits or is interrupted.
 */
import { readdirSync, readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether a pid exists and is not a zombie (Linux /proc; falls back to kill 0). */
export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return statState(stat) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return !existsProcDir();
    } catch {
      return false;
    }
  }
}

function existsProcDir(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

/** State letter and process group of a /proc/<pid>/stat line. */
function statState(stat: string): string {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
}
function statPgrp(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** Pids of the live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (statPgrp(stat) === pgid && statState(stat) !== 'Z') members.push(Number(e));
    } catch {
      // the process went away while we looked
    }
  }
  return members;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // no such group any more
  }
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (cond()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
}

/**
 * Stops a process group whose leader is `pgid`: `signal`, then SIGKILL after `timeoutMs`.
 * Resolves when no live member is left (zombies awaiting their reaper are ignored).
 */
export async function stopGroup(
  pgid: number,
  opts: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<void> {
  const gone = () => groupMembers(pgid).length === 0;
  if (gone()) return;
  signalGroup(pgid, opts.signal ?? 'SIGTERM');
  if (await waitUntil(gone, opts.timeoutMs ?? 3000)) return;
  signalGroup(pgid, 'SIGKILL');
  if (await waitUntil(gone, 3000)) return;
  throw new Error(`process group ${pgid} still has live members after SIGKILL`);
}

/**
 * Stops one process by pid: `signal`, then SIGKILL after `timeoutMs`. Resolves when it
 * is gone (a zombie counts as gone).
 */
export async function stopPid(
  pid: number,
  opts: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<void> {
  const gone = () => !pidAlive(pid);
  if (gone()) return;
  try {
    process.kill(pid, opts.signal ?? 'SIGTERM');
  } catch {
    return;
  }
  if (await waitUntil(gone, opts.timeoutMs ?? 3000)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitUntil(gone, 3000))) throw new Error(`pid ${pid} survived SIGKILL`);
}

/* ---------- safety net: stop what is still running when the harness goes away ---------- */

interface Cleanup {
  /** Graceful stop (used on SIGINT/SIGTERM). */
  stop(): Promise<void>;
  /** Synchronous last resort (used on process exit). */
  kill(): void;
}

const live = new Set<Cleanup>();
let installed = false;

function onExit(): void {
  for (const c of live) c.kill();
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  const all = [...live];
  live.clear();
  uninstall();
  const timer = setTimeout(() => all.forEach((c) => c.kill()), 5000);
  void Promise.allSettled(all.map((c) => c.stop())).then(() => {
    clearTimeout(timer);
    // Die of the signal as if we had not caught it, unless someone else handles it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', onExit);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onSignal);
}

/**
 * Registers something to stop if the harness exits or is interrupted before stopping it.
 * Returns the function that unregisters it (call it once stopped normally).
 */
export function registerCleanup(c: Cleanup): () => void {
  live.add(c);
  install();
  return () => {
    live.delete(c);
    if (live.size === 0) uninstall();
  };
}

/** A cleanup entry for a process group. */
export function groupCleanup(
  pgid: number,
  opts: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Cleanup {
  return { stop: () => stopGroup(pgid, opts), kill: () => signalGroup(pgid, 'SIGKILL') };
}
