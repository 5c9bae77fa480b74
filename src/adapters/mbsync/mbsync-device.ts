/**
 * mbsync (isync 1.4) as a device under test: an upper-tester adapter implementing
 * DeviceDriver. The device's local storage is a Maildir in a fresh work dir; a local change
 * is a file operation on it, "sync now" is one run of `mbsync -c <generated config> -Dn -a`.
 * What mbsync does and does not do is in README.md next to this file.
 *
 * Every method rejects with a one-line Error ("<device>: <what>: <why>"); nothing is left
 * running after close(), and the work dir is removed.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  DeviceDriver,
  EndpointTls,
  LocalChange,
  SyncPreferences,
  SyncReport,
} from '../../engine/ports.ts';
import type { Evidence } from '../../engine/result.ts';
import { normaliseView, type StoreView } from '../../model/view.ts';
import { mapPreferences, redact, renderConfig, tlsLines, type MbsyncSettings } from './config.ts';
import { applyToMaildir, live, messagesOf } from './local-changes.ts';
import {
  ageDirectories,
  flagsOf,
  folderDir,
  isPlaceholder,
  listFolders,
  readMessages,
  snapshot,
  type Snapshot,
} from './maildir.ts';
import {
  lastErrorLine,
  MBSYNC_MISSING,
  mbsyncInstalled,
  runMbsync,
  transcriptFacts,
  type RunOutcome,
} from './run.ts';

export { MBSYNC_MISSING, mbsyncInstalled } from './run.ts';

export interface MbsyncDeviceOptions {
  name: string;
  /** The store (the harness's simulator); plain IMAP only. */
  endpoint: { host: string; port: number; tls?: boolean | EndpointTls };
  user: string;
  password: string;
  /** Parent of the device's fresh work dir (default: the OS temp dir). */
  workDir?: string;
  /** Default `mbsync` from PATH. */
  mbsyncBin?: string;
  /** Deadline of one mbsync run; it is killed (by pid) when it passes. Default 60 s. */
  timeoutMs?: number;
}

class MbsyncDevice implements DeviceDriver {
  readonly name: string;
  private readonly dir: string;
  private readonly root: string;
  private readonly configPath: string;
  private readonly bin: string;
  private readonly timeoutMs: number;
  private readonly base: MbsyncSettings;
  private settings: MbsyncSettings;
  private readonly log: Evidence[] = [];
  private runs = 0;
  private child: ChildProcess | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: MbsyncDeviceOptions) {
    this.name = options.name;
    this.bin = options.mbsyncBin ?? 'mbsync';
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.dir = mkdtempSync(join(options.workDir ?? tmpdir(), 'mbs-'));
    this.root = join(this.dir, 'mail');
    mkdirSync(this.root);
    this.configPath = join(this.dir, 'mbsyncrc');
    this.base = {
      host: options.endpoint.host,
      port: options.endpoint.port,
      user: options.user,
      password: options.password,
      maildir: this.root,
      ...(typeof options.endpoint.tls === 'object' ? { tls: options.endpoint.tls } : {}),
    };
    this.settings = this.base;
    this.writeConfig('initial');
  }

  setPreferences(prefs: SyncPreferences): void {
    this.ensureOpen('setPreferences');
    let mapped;
    try {
      mapped = mapPreferences(prefs);
    } catch (err) {
      throw this.fail('setPreferences', err);
    }
    this.settings = { ...this.base, ...mapped };
    this.writeConfig(`preferences ${JSON.stringify(prefs)}`);
  }

  applyLocalChange(change: LocalChange): Promise<void> {
    return this.serial(change.kind, async () => applyToMaildir(this.root, change));
  }

  sync(): Promise<SyncReport> {
    return this.serial('sync', async () => {
      ageDirectories(this.root);
      const before = snapshot(this.root);
      const run = await runMbsync(
        this.bin,
        ['-c', this.configPath, '-Dn', '-a'],
        { cwd: this.dir, env: this.env(), timeoutMs: this.timeoutMs },
        (child) => (this.child = child),
      );
      const after = snapshot(this.root);
      this.record(run);
      if (run.timedOut) {
        throw new Error(
          `mbsync timed out after ${this.timeoutMs} ms and was killed (last output: ${lastErrorLine(run.output)})`,
        );
      }
      if (run.code !== 0) {
        const error = new Error(
          `mbsync exited with ${run.code ?? run.signal}: ${lastErrorLine(run.output)}`,
        );
        // The store could not be reached: the environment, not the client (inconclusive).
        if (/connection refused/i.test(run.output)) Object.assign(error, { code: 'ECONNREFUSED' });
        throw error;
      }
      return this.report(run, before, after);
    });
  }

  fetchContent(folder: string, keys: string[]): Promise<void> {
    return this.serial('fetchContent', async () => {
      const messages = messagesOf(this.root, folder);
      for (const key of keys) {
        const found = messages.find((m) => m.key === key);
        if (!found) throw new Error(`${folder} holds no ${key}`);
        if (found.placeholder) {
          throw new Error(
            `${folder} ${key} is a MaxSize placeholder: mbsync fetches its content only when it is flagged (\\Flagged) and synced again (ReNew), which changes its state`,
          );
        }
      }
      // mbsync always downloads whole messages: the content is already here.
    });
  }

  copy(): Promise<void> {
    return Promise.reject(this.fail('copy', 'mbsync has no object copy request'));
  }

  listen(): Promise<void> {
    return Promise.reject(
      this.fail(
        'listen',
        'mbsync does not listen for notifications (isync 1.4 uses no IMAP IDLE or NOTIFY)',
      ),
    );
  }

  async waitForNotification(): Promise<boolean> {
    // mbsync never listens (see listen()): nothing can arrive, no need to sit out the wait.
    return false;
  }

  localView(): StoreView {
    return normaliseView({
      folders: listFolders(this.root).map((f) => ({
        name: f.name,
        objects: live(readMessages(f.dir)).map((m) => ({
          key: m.key,
          flags: flagsOf(m.letters),
          content: m.placeholder ? ('metadata' as const) : ('full' as const),
        })),
      })),
    });
  }

  evidence(): Evidence[] {
    return [...this.log];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pid = this.child?.pid;
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.queue.catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * A run's counts: transfers from mbsync's own transcript (`-Dn`), local effects from the
   * Maildir before and after. What neither shows is counted as 0 (see each field).
   */
  private report(run: RunOutcome, before: Snapshot, after: Snapshot): SyncReport {
    const facts = transcriptFacts(run.output);
    let downloadedMetadata = 0;
    let downloadedContent = 0;
    let removedLocally = 0;
    let flagsPulled = 0;
    for (const [folder, files] of after) {
      const old = before.get(folder);
      for (const [base, file] of files) {
        const was = old?.get(base);
        if (!was) {
          // A file mbsync wrote: a download. Headers (the metadata) always come with it; a
          // MaxSize placeholder carries nothing else. An upgraded placeholder is a new file.
          downloadedMetadata += 1;
          if (!this.placeholderFile(folder, file.name)) downloadedContent += 1;
        } else if (was.letters !== file.letters) flagsPulled += 1;
      }
    }
    for (const [folder, files] of before) {
      const now = after.get(folder);
      for (const base of files.keys()) if (!now?.has(base)) removedLocally += 1;
    }
    return {
      // Names the store answered to mbsync's LIST.
      foldersListed: facts.listed.size,
      // Far-side boxes mbsync opened (a pair it then skipped with a warning included).
      foldersSynced: facts.opened,
      downloadedMetadata,
      downloadedContent,
      uploaded: facts.appends,
      deletedOnServer: facts.deleted,
      // Removed by mbsync: deleted on the store, or expired by MaxMessages.
      removedLocally,
      flagsPushed: facts.flagged,
      // Files whose flag letters mbsync changed.
      flagsPulled,
      resynced: facts.recovered,
    };
  }

  private placeholderFile(folder: string, name: string): boolean {
    const dir = folderDir(this.root, folder);
    for (const sub of ['cur', 'new']) {
      try {
        return isPlaceholder(readFileSync(join(dir, sub, name)));
      } catch {
        // in the other sub-directory
      }
    }
    return false;
  }

  private record(run: RunOutcome): void {
    this.runs += 1;
    const status = run.timedOut
      ? `killed after ${this.timeoutMs} ms (timeout)`
      : `exit ${run.code ?? run.signal}`;
    const label = `${this.name} mbsync run #${this.runs} (${this.options.user})`;
    this.log.push({
      kind: 'imap-transcript',
      label,
      text: redact(
        `$ ${this.bin} ${run.args.join(' ')}\n[${status}, ${run.durationMs} ms]\n${run.output}`,
        this.options.password,
      ),
    });
    const warnings = transcriptFacts(run.output).warnings;
    if (warnings.length) {
      this.log.push({
        kind: 'note',
        label: `${label}: warnings`,
        text: redact(warnings.join('\n'), this.options.password),
      });
    }
  }

  private writeConfig(reason: string): void {
    const text = renderConfig(this.settings, `device ${this.name} (${this.options.user})`);
    writeFileSync(this.configPath, text, { mode: 0o600 });
    this.log.push({
      kind: 'note',
      label: `${this.name} mbsync config (${reason})`,
      text: redact(text, this.options.password),
    });
  }

  private env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.dir, LC_ALL: 'C' };
  }

  private ensureOpen(what: string): void {
    if (this.closed) throw new Error(`${this.name}: ${what}: the device is closed`);
  }

  private fail(what: string, err: unknown): Error {
    const message = err instanceof Error ? err.message : String(err);
    const error = new Error(`${this.name}: ${what}: ${message}`, { cause: err });
    const code = (err as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') Object.assign(error, { code });
    return error;
  }

  /** One operation at a time (a run must not see a half-made change, nor two runs overlap). */
  private serial<T>(what: string, work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.closed) throw new Error(`${this.name}: ${what}: the device is closed`);
      try {
        return await work();
      } catch (err) {
        throw this.fail(what, err);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** A device driven through mbsync; rejects when mbsync is not installed. */
export async function createMbsyncDevice(options: MbsyncDeviceOptions): Promise<DeviceDriver> {
  const tls = options.endpoint.tls;
  if (tls === true) throw new Error(`${options.name}: mbsync needs the profile's TLS settings`);
  if (tls) {
    try {
      tlsLines(tls);
    } catch (error) {
      throw new Error(`${options.name}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!mbsyncInstalled(options.mbsyncBin)) throw new Error(`${options.name}: ${MBSYNC_MISSING}`);
  return new MbsyncDevice(options);
}
