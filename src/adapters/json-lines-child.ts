/**
 * A child process spoken to in JSON lines: one request per line on its stdin, one answer per
 * line on its stdout, matched by `id`. The transport of the command-line upper tester
 * (command-adapter.ts; the contract is in README.md).
 *
 * - The child runs in its own process group (detached), so that a timeout or close() can kill
 *   it together with anything it started.
 * - Every request has a deadline; when it passes, the whole group is killed and every pending
 *   request is rejected with one line. An exit or a crash rejects them the same way. Nothing
 *   is ever left pending and no rejection goes unhandled.
 * - stderr and every line exchanged (the password masked, long lines cut) are kept as evidence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildOptions {
  /** Used in every error message, e.g. the device name. */
  label: string;
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Strings masked in the protocol log (the password). */
  secrets?: string[];
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const LOG_LINES = 5000;
const LOG_LINE_CHARS = 2000;

/** First line of a text, without control characters, at most `max` characters. */
export function oneLine(text: string, max = 500): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' | ')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export class JsonLinesChild {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private readonly stderr: string[] = [];
  private readonly log: string[] = [];
  private nextId = 0;
  /** Why the child can no longer answer (exited, killed, failed to start). */
  private dead: string | undefined;
  private readonly exited: Promise<void>;
  private readonly started = Date.now();

  constructor(private readonly options: ChildOptions) {
    const [file, ...args] = options.command;
    if (!file) throw new Error(`${options.label}: no adapter command given`);
    this.child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.exited = new Promise<void>((resolve) => {
      this.child.once('error', (err) => {
        this.fail(`cannot start adapter ${JSON.stringify(file)}: ${oneLine(err.message)}`);
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        // Answers written just before the exit are still in the pipe: wait for 'close' (or a
        // moment, when something the adapter started keeps the pipe open).
        const settle = () => {
          clearTimeout(wait);
          const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
          const last = this.stderr.at(-1);
          this.fail(`the adapter ${how}${last ? ` (stderr: ${oneLine(last, 200)})` : ''}`);
          resolve();
        };
        const wait = setTimeout(settle, 200);
        this.child.once('close', settle);
      });
    });
    this.child.stdin?.on('error', () => undefined); // EPIPE after a crash: reported by 'exit'
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line));
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      if (this.stderr.length > LOG_LINES) this.stderr.shift();
    });
  }

  get running(): boolean {
    return this.dead === undefined;
  }

  /** Send a request and wait for its answer, at most `timeoutMs`. Rejects with one line. */
  request(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    const prefix = `${this.options.label}: ${method}`;
    if (this.dead)
      return Promise.reject(new Error(`${prefix}: not running any more (${this.dead})`));
    const id = this.nextId++;
    const text = JSON.stringify({ id, method, params });
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill(`no answer to ${method} within ${timeoutMs} ms (adapter killed)`);
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve,
        reject: (err) => reject(new Error(`${prefix}: ${err.message}`)),
        timer,
      });
      this.record('>', text);
      this.child.stdin?.write(`${text}\n`);
    });
  }

  /** Kill the whole process group; pending requests are rejected with `why`. */
  kill(why: string): void {
    this.fail(why);
    this.signalGroup('SIGKILL');
  }

  /**
   * End the child: close its stdin, wait up to `graceMs` for it to exit, then SIGTERM and
   * SIGKILL its group. Whatever it started in its group is killed too. Never throws.
   */
  async stop(graceMs: number): Promise<void> {
    this.child.stdin?.end();
    if (!(await this.exitWithin(graceMs))) {
      this.signalGroup('SIGTERM');
      if (!(await this.exitWithin(1000))) this.signalGroup('SIGKILL');
      await this.exitWithin(1000);
    }
    this.fail('the adapter was closed');
    this.signalGroup('SIGKILL'); // stragglers the adapter left in its group
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  stderrText(): string {
    return this.stderr.join('\n');
  }

  protocolLog(): string {
    return this.log.join('\n');
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    this.record('<', line);
    let message: { id?: unknown; result?: unknown; error?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return; // not a protocol line: kept in the log only
    }
    if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.error !== undefined && message.error !== null) {
      pending.reject(new Error(errorText(message.error)));
    } else {
      pending.resolve(message.result ?? null);
    }
  }

  private fail(why: string): void {
    this.dead ??= why;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(new Error(why));
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  }

  private async exitWithin(ms: number): Promise<boolean> {
    if (
      this.child.exitCode !== null ||
      this.child.signalCode !== null ||
      this.child.pid === undefined
    )
      return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const done = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return done;
  }

  private record(direction: '>' | '<', line: string): void {
    let text = line;
    for (const secret of this.options.secrets ?? []) {
      if (secret) text = text.split(secret).join('***');
    }
    if (text.length > LOG_LINE_CHARS)
      text = `${text.slice(0, LOG_LINE_CHARS)}… (${line.length} chars)`;
    const at = ((Date.now() - this.started) / 1000).toFixed(3);
    this.log.push(`+${at} ${direction} ${text}`);
    if (this.log.length > LOG_LINES) this.log.shift();
  }
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return oneLine(error) || 'error (no message)';
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return oneLine(String((error as { message: unknown }).message)) || 'error (no message)';
  }
  return oneLine(JSON.stringify(error));
}
