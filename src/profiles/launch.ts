/**
 * Starting an IUT from a profile's `launch` section and stopping it again.
 *
 * The command runs in its own process group with stdout and stderr appended to one log
 * file (never pipes: a daemon that keeps inherited pipes open would hang us). The port is
 * read by polling that log (`fromStdout`, matched against stdout and stderr) or a named
 * file (`fromFile`), then a TCP connection must succeed. Stopping signals the whole
 * group by its pgid, then SIGKILL after a timeout. A safety net stops the group if the
 * harness exits or is interrupted first.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { LaunchSpec, Profile } from './profile.ts';
import { groupCleanup, registerCleanup, stopGroup } from './process-group.ts';

export interface LaunchOptions {
  /** Host to connect to (default 127.0.0.1). */
  host?: string;
  /** Name used in messages (default: the command's base name). */
  name?: string;
  /** Directory for the log file, kept after stop. Default: a temp dir removed by stop(). */
  logDir?: string;
}

export interface LaunchedIut {
  host: string;
  port: number;
  /** pid of the command, also its process group id. */
  pid: number;
  /** stdout + stderr of the command. */
  logFile: string;
  /** Stops the whole process group (idempotent). */
  stop(): Promise<void>;
}

/** A launch that did not get ready; the process group has been stopped already. */
export class LaunchError extends Error {
  readonly logFile: string;
  constructor(message: string, logFile: string) {
    super(message);
    this.name = 'LaunchError';
    this.logFile = logFile;
  }
}

export const DEFAULT_READY_TIMEOUT_MS = 10000;
export const DEFAULT_STOP_TIMEOUT_MS = 3000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tryConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const sock = connect({ host, port });
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      done(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('connect', () => finish(true));
    sock.once('error', () => finish(false));
  });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function fileStamp(file: string): string | undefined {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return undefined;
  }
}

function parsePort(s: string | undefined): number | undefined {
  if (s === undefined || !/^\s*\d+\s*$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 && n < 65536 ? n : undefined;
}

/** Starts `launch` (relative paths against `baseDir`) and waits until its port accepts. */
export async function launchIut(
  launch: LaunchSpec,
  baseDir: string,
  opts: LaunchOptions = {},
): Promise<LaunchedIut> {
  const [cmd, ...args] = launch.command;
  if (cmd === undefined) throw new Error('launch: empty command');
  const name = opts.name ?? basename(cmd);
  const host = opts.host ?? '127.0.0.1';
  const cwd = resolve(baseDir, launch.cwd ?? '.');
  const readyTimeoutMs = launch.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const stopOpts = {
    signal: launch.stop?.signal ?? 'SIGTERM',
    timeoutMs: launch.stop?.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
  } as const;

  const logDir = opts.logDir ?? mkdtempSync(join(tmpdir(), 'cpmct-launch-'));
  if (opts.logDir) mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name.replace(/[^\w.-]+/g, '_')}.log`);
  const portFile = 'fromFile' in launch.port ? resolve(cwd, launch.port.fromFile) : undefined;
  const portRegex = 'fromStdout' in launch.port ? new RegExp(launch.port.fromStdout) : undefined;
  const portFileBefore = portFile ? fileStamp(portFile) : undefined;

  const fd = openSync(logFile, 'a');
  let spawnError: Error | undefined;
  let exited: string | undefined;
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...launch.env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.on('error', (err) => (spawnError = err));
  child.on('exit', (code, signal) => {
    exited = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  child.unref();

  const pid = child.pid;
  let stopped: Promise<void> | undefined;
  let unregister = () => {};
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (pid !== undefined) await stopGroup(pid, stopOpts);
      unregister();
      if (!opts.logDir) rmSync(logDir, { recursive: true, force: true });
    })());
  if (pid !== undefined) {
    const group = groupCleanup(pid, stopOpts);
    const kill = () => {
      group.kill();
      if (!opts.logDir) rmSync(logDir, { recursive: true, force: true });
    };
    unregister = registerCleanup({ stop, kill });
  }

  const fail = async (message: string): Promise<never> => {
    if (pid !== undefined) await stopGroup(pid, stopOpts);
    unregister();
    throw new LaunchError(`launch: ${name} ${message}; see ${logFile}`, logFile);
  };

  const deadline = Date.now() + readyTimeoutMs;
  let port: number | undefined;
  for (;;) {
    if (spawnError) {
      unregister();
      if (!opts.logDir) rmSync(logDir, { recursive: true, force: true });
      throw new LaunchError(
        `launch: cannot start ${name} (${cmd} in ${cwd}): ${spawnError.message}`,
        logFile,
      );
    }
    if (port === undefined) {
      if (portRegex) {
        port = parsePort(portRegex.exec(readText(logFile))?.[1]);
      } else if (portFile && fileStamp(portFile) !== portFileBefore) {
        port = parsePort(readText(portFile));
      }
    }
    if (port !== undefined) {
      const left = Math.max(50, Math.min(1000, deadline - Date.now()));
      if (await tryConnect(host, port, left)) break;
    }
    if (exited !== undefined) {
      const when = port === undefined ? 'before printing a port' : 'before accepting connections';
      const last = readText(logFile).trim().split('\n').pop()?.trim().slice(0, 200);
      return fail(`${exited} ${when}${last ? ` (last output: ${last})` : ''}`);
    }
    if (Date.now() >= deadline) {
      if (port !== undefined) {
        return fail(
          `gave port ${port} but ${host}:${port} refused connections for ${readyTimeoutMs} ms`,
        );
      }
      return fail(
        portFile
          ? `did not write a port to ${portFile} within ${readyTimeoutMs} ms`
          : `did not print a port within ${readyTimeoutMs} ms`,
      );
    }
    await sleep(50);
  }
  return { host, port, pid: pid!, logFile, stop };
}

/** Launches a profile's IUT (its `launch` section, relative to the profile's directory). */
export function launchProfile(
  profile: Pick<Profile, 'launch' | 'dir' | 'endpoint' | 'iut'>,
  opts: Omit<LaunchOptions, 'host' | 'name'> = {},
): Promise<LaunchedIut> {
  if (!profile.launch) throw new Error(`profile for ${profile.iut.name} has no launch section`);
  return launchIut(profile.launch, profile.dir, {
    ...opts,
    host: profile.endpoint.host,
    name: profile.iut.name,
  });
}
