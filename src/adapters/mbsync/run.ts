/**
 * One run of mbsync: spawned without a shell, stdout and stderr captured in arrival order,
 * killed by pid when the deadline passes. And what a run's `-Dn` output (the IMAP traffic,
 * which mbsync prints with the password already hidden as `<pass>`) says it did.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

export const MBSYNC_MISSING = 'mbsync not installed: apt-get install -y isync';

/** Whether `mbsync --version` runs. */
export function mbsyncInstalled(bin = 'mbsync'): boolean {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export interface RunOutcome {
  args: string[];
  /** Exit code, or null when killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
  durationMs: number;
}

/** Output beyond this is cut (a bulk run's transcript could be huge). */
const MAX_OUTPUT = 512 * 1024;

export function runMbsync(
  bin: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
  track: (child: ChildProcess | undefined) => void,
): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let output = '';
    let cut = false;
    const collect = (data: Buffer) => {
      if (output.length < MAX_OUTPUT) output += data.toString('utf8');
      else cut = true;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, options.timeoutMs);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      track(undefined);
      reject(
        err.code === 'ENOENT'
          ? new Error(`${MBSYNC_MISSING} (${bin}: not found)`)
          : new Error(`cannot run ${bin}: ${err.message}`),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      track(undefined);
      if (cut) output += `\n[output cut at ${MAX_OUTPUT} bytes]\n`;
      resolve({ args, code, signal, timedOut, output, durationMs: Date.now() - started });
    });
  });
}

/** mbsync's last error line (else its last line) for a one-line rejection. */
export function lastErrorLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('***') && !/^Maildir notice/.test(l));
  const errors = lines.filter((l) =>
    /error|fatal|refused|timeout|timed out|cannot|unable|skipping/i.test(l),
  );
  return (errors.at(-1) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

export interface TranscriptFacts {
  /** Folder names the store returned to LIST. */
  listed: Set<string>;
  /** Far-side boxes mbsync opened, in order. */
  opened: string[];
  appends: number;
  /** Distinct box/UID pairs marked \Deleted on the far side. */
  deleted: number;
  /** Distinct box/UID pairs whose other flags were stored on the far side. */
  flagged: number;
  /** Boxes whose UIDVALIDITY change mbsync recovered from. */
  recovered: string[];
  /** "Warning:"/"Error:" lines (a skipped mailbox pair, a refused removal...). */
  warnings: string[];
}

function uidSet(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.split(':').map(Number);
    if (a === undefined || !Number.isFinite(a)) continue;
    const end = b !== undefined && Number.isFinite(b) ? b : a;
    for (let uid = Math.min(a, end); uid <= Math.max(a, end) && out.length < 1e6; uid++)
      out.push(uid);
  }
  return out;
}

function unquote(name: string): string {
  const t = name.trim();
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

/** Read what a `-Dn` run did from its output. */
export function transcriptFacts(output: string): TranscriptFacts {
  const facts: TranscriptFacts = {
    listed: new Set(),
    opened: [],
    appends: 0,
    deleted: 0,
    flagged: 0,
    recovered: [],
    warnings: [],
  };
  const deleted = new Set<string>();
  const flagged = new Set<string>();
  let box = '';
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(/^\(\d+ in progress\) /, '');
    let m: RegExpMatchArray | null;
    if ((m = /^\* LIST \([^)]*\) (?:"[^"]*"|NIL) (.+)$/.exec(line)))
      facts.listed.add(unquote(m[1]!));
    else if ((m = /^Opening far side box (.+)\.\.\.$/.exec(line))) {
      if (!facts.opened.includes(m[1]!)) facts.opened.push(m[1]!);
    } else if ((m = /^>>> \d+ (?:SELECT|EXAMINE) (.+)$/.exec(line))) box = unquote(m[1]!);
    else if (/^>>> \d+ APPEND /.test(line)) facts.appends += 1;
    else if ((m = /^>>> \d+ UID STORE (\S+) ([+-])FLAGS(?:\.SILENT)? \(([^)]*)\)/.exec(line))) {
      const flags = m[3]!.split(/\s+/).filter(Boolean);
      const isDelete = m[2] === '+' && flags.some((f) => f.toLowerCase() === '\\deleted');
      const others = flags.filter((f) => f.toLowerCase() !== '\\deleted');
      for (const uid of uidSet(m[1]!)) {
        if (isDelete) deleted.add(`${box}\0${uid}`);
        if (others.length || m[2] === '-') flagged.add(`${box}\0${uid}`);
      }
    } else if ((m = /box (.+): Recovered from change of UIDVALIDITY/.exec(line))) {
      facts.recovered.push(m[1]!);
    } else if (/^(Warning|Error):/.test(line)) facts.warnings.push(line.trim());
  }
  facts.deleted = deleted.size;
  facts.flagged = flagged.size;
  return facts;
}
