/**
 * A throwaway Dovecot 2.3 IMAP store, started from our own config in a short temp dir on
 * 127.0.0.1 and stopped by pid. Used by scripts/dovecot.ts (and so by
 * profiles/dovecot.yaml) and by tests that need a real IMAP server in-process.
 *
 * Facts this relies on (Debian 12, dovecot-imapd 2.3.19):
 * - `dovecot -F` stays in the foreground; its stdout/stderr go to files, never pipes.
 * - As root, mail processes must not run as uid 0: mail_uid/mail_gid = nobody/nogroup,
 *   the dir is 0755 (the `dovecot` user reads the users file), the homes belong to nobody.
 *   As another user, Dovecot runs everything as that user.
 * - Unix socket paths must stay under 108 bytes: base_dir is DIR/r with a short DIR.
 * - Port 0 is not possible: a free port is found by binding 127.0.0.1:0 first.
 * - METADATA needs `mail_attribute_dict` and `imap_metadata = yes`; CONDSTORE, QRESYNC,
 *   NOTIFY, IDLE are on by default. Maildir with LAYOUT=fs and separator "/" lets folder
 *   names contain dots.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { groupCleanup, registerCleanup, stopGroup, stopPid } from './process-group.ts';
import { mailboxBlocks, type DovecotMailboxes } from './dovecot-mailboxes.ts';

export { DOVECOT_MAILBOXES, type DovecotMailboxes } from './dovecot-mailboxes.ts';
import { withDovecotTls, type DovecotTls } from './dovecot-tls.ts';

export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const DOVECOT_MISSING = 'dovecot not installed: apt-get install -y dovecot-imapd';

export interface DovecotUser {
  name: string;
  password: string;
}

export const DEFAULT_DOVECOT_USERS: readonly DovecotUser[] = [
  { name: 'alice', password: 'alicepass' },
  { name: 'bob', password: 'bobpass' },
];

export interface DovecotOptions {
  /** Data dir (created if missing, kept on stop). Default: a new /tmp/cpmct-dXXXXXX, removed on stop. */
  dir?: string;
  users?: readonly DovecotUser[];
  /** TCP port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** Own process group (default true). false keeps Dovecot in the caller's group. */
  detached?: boolean;
  /** How long to wait for the greeting (default 10000 ms). */
  readyTimeoutMs?: number;
  bin?: string;
  /** The system folders of the inbox namespace (default `none`, see SYSTEM_MAILBOXES). */
  mailboxes?: DovecotMailboxes;
  /** STARTTLS on the IMAP port and IMAPS on a second one (dovecot-tls.ts); default plain only. */
  tls?: DovecotTls;
  /** Connections one user may hold from one address (mail_max_userip_connections); default 1000. */
  maxUserConnections?: number;
}

export interface DovecotHandle {
  host: string;
  port: number;
  pid: number;
  dir: string;
  confFile: string;
  /** Dovecot's own log (log_path) and its stdout/stderr. */
  logFile: string;
  stdoutFile: string;
  /** Whether stopDovecot removes `dir`. */
  ownsDir: boolean;
  detached: boolean;
}

export function dovecotInstalled(bin: string = DOVECOT_BIN): boolean {
  return existsSync(bin);
}

/** `alice:alicepass,bob:bobpass` -> users. Throws on a malformed entry. */
export function parseUsers(spec: string): DovecotUser[] {
  return spec
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((entry) => {
      const i = entry.indexOf(':');
      const name = entry.slice(0, i).trim();
      if (i <= 0 || !/^[\w.@+-]+$/.test(name) || /[\n:]/.test(entry.slice(i + 1))) {
        throw new Error(`bad user "${entry}": expected name:password`);
      }
      return { name, password: entry.slice(i + 1) };
    });
}

/** A free TCP port on `host` (bind port 0, read it, close). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port > 0 ? res(port) : rej(new Error('no free port'))));
    });
  });
}

function lookupId(file: string, name: string): number | undefined {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(name + ':'));
    const id = line?.split(':')[2];
    return id === undefined ? undefined : Number(id);
  } catch {
    return undefined;
  }
}

function groupName(gid: number): string | undefined {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(gid));
    return line?.split(':')[0];
  } catch {
    return undefined;
  }
}

export interface ConfigParams {
  dir: string;
  port: number;
  /** Run as root: mail processes as `mailUser`/`mailGroup`. */
  root: boolean;
  mailUser: string;
  mailGroup: string;
  /** Not root: the user and group Dovecot runs everything as. */
  selfUser: string;
  selfGroup: string;
  /** System folders (default `none`). */
  mailboxes?: DovecotMailboxes;
  /** mail_max_userip_connections (default 1000); above 1024 the imap process_limit follows. */
  maxUserConnections?: number;
}

/** The dovecot.conf text for a dir and port (pure). */
export function dovecotConfig(p: ConfigParams): string {
  const d = p.dir;
  const identity = p.root
    ? [`mail_uid = ${p.mailUser}`, `mail_gid = ${p.mailGroup}`]
    : [
        `default_internal_user = ${p.selfUser}`,
        `default_internal_group = ${p.selfGroup}`,
        `default_login_user = ${p.selfUser}`,
      ];
  // Only root may chroot: without root, the login and anvil services must not.
  const chroot = p.root ? '' : '\n  chroot =';
  const connections = p.maxUserConnections ?? 1000;
  // one imap process per connection: Dovecot's default process_limit for imap is 1024
  const processes =
    connections > 1024 ? `service imap {\n  process_limit = ${connections}\n}\n` : '';
  return `# Generated by cpmct (src/profiles/dovecot.ts): a throwaway test store.
protocols = imap
listen = 127.0.0.1
base_dir = ${d}/r
state_dir = ${d}/state
log_path = ${d}/dovecot.log
info_log_path = ${d}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
${identity.join('\n')}
mail_location = maildir:~/Maildir:LAYOUT=fs:INBOX=~/Maildir/INBOX
mail_fsync = never
mail_attribute_dict = file:%h/dovecot-attributes
namespace inbox {
  inbox = yes
  separator = /
${mailboxBlocks(p.mailboxes ?? 'none')}}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${d}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${d}/users
  default_fields = home=${d}/home/%u
}
service imap-login {${chroot}
  inet_listener imap {
    address = 127.0.0.1
    port = ${p.port}
  }
  inet_listener imaps {
    port = 0
  }
}
${p.root ? '' : 'service anvil {\n  chroot =\n}\n'}${processes}protocol imap {
  imap_metadata = yes
  mail_max_userip_connections = ${connections}
}
`;
}

/** Reads the greeting from host:port; resolves the first line or rejects. */
export function readGreeting(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((res, rej) => {
    const sock = connect({ host, port });
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      rej(new Error(`no greeting from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\r\n');
      if (nl >= 0) {
        clearTimeout(timer);
        sock.destroy();
        res(buf.slice(0, nl));
      }
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      rej(err);
    });
  });
}

function lastProblemLine(...files: string[]): string | undefined {
  const lines = files.flatMap((f) => {
    try {
      return readFileSync(f, 'utf8').split('\n');
    } catch {
      return [];
    }
  });
  return lines
    .filter((l) => /fatal|error/i.test(l))
    .pop()
    ?.trim();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Prepares the dir (config, users, homes) for a port and returns the config path. */
function prepareDir(
  dir: string,
  port: number,
  users: readonly DovecotUser[],
  mailboxes: DovecotMailboxes,
  maxUserConnections?: number,
): string {
  const root = process.getuid?.() === 0;
  const mailUid = lookupId('/etc/passwd', 'nobody') ?? 65534;
  const mailGroup = lookupId('/etc/group', 'nogroup') !== undefined ? 'nogroup' : 'nobody';
  const mailGid = lookupId('/etc/group', mailGroup) ?? 65534;
  const me = userInfo();
  mkdirSync(join(dir, 'home'), { recursive: true });
  chmodSync(dir, 0o755);
  if (root) chownSync(join(dir, 'home'), mailUid, mailGid);
  writeFileSync(
    join(dir, 'users'),
    users.map((u) => `${u.name}:{PLAIN}${u.password}::::::\n`).join(''),
    { mode: 0o644 },
  );
  const confFile = join(dir, 'dovecot.conf');
  const conf = dovecotConfig({
    dir,
    port,
    root,
    mailUser: 'nobody',
    mailGroup,
    selfUser: me.username,
    selfGroup: groupName(me.gid) ?? me.username,
    mailboxes,
    ...(maxUserConnections !== undefined ? { maxUserConnections } : {}),
  });
  writeFileSync(confFile, conf);
  return confFile;
}

async function startOnce(
  dir: string,
  ownsDir: boolean,
  port: number,
  opts: DovecotOptions,
): Promise<DovecotHandle | 'port-in-use'> {
  const bin = opts.bin ?? DOVECOT_BIN;
  const detached = opts.detached ?? true;
  const confFile = prepareDir(
    dir,
    port,
    opts.users ?? DEFAULT_DOVECOT_USERS,
    opts.mailboxes ?? 'none',
    opts.maxUserConnections,
  );
  if (opts.tls) writeFileSync(confFile, withDovecotTls(readFileSync(confFile, 'utf8'), opts.tls));
  const logFile = join(dir, 'dovecot.log');
  const stdoutFile = join(dir, 'stdout.log');
  rmSync(logFile, { force: true });
  const fd = openSync(stdoutFile, 'w');
  const child = spawn(bin, ['-F', '-c', confFile], { detached, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited: string | undefined;
  let spawnError: Error | undefined;
  child.on('exit', (code, sig) => (exited = sig ? `killed by ${sig}` : `exit code ${code}`));
  child.on('error', (err) => (spawnError = err));
  child.unref();
  const pid = child.pid;
  if (pid === undefined) {
    await sleep(10);
    throw new Error(`cannot start ${bin}: ${spawnError?.message ?? 'unknown error'}`);
  }
  const handle: DovecotHandle = {
    host: '127.0.0.1',
    port,
    pid,
    dir,
    confFile,
    logFile,
    stdoutFile,
    ownsDir,
    detached,
  };
  if (detached) {
    // Safety net: if the caller never stops it, kill the group and drop the dir at exit.
    const group = groupCleanup(pid);
    const kill = () => {
      group.kill();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    };
    cleanups.set(pid, registerCleanup({ stop: () => stopDovecot(handle), kill }));
  }
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 10000);
  for (;;) {
    try {
      const greeting = await readGreeting(handle.host, port, 1000);
      if (greeting.startsWith('* OK')) return handle;
    } catch {
      // not listening yet
    }
    const problem = lastProblemLine(logFile, stdoutFile);
    const inUse = /address already in use/i.test(problem ?? '');
    const fatal = /fatal/i.test(problem ?? '');
    if (exited !== undefined || fatal || inUse || Date.now() >= deadline) {
      const why =
        exited !== undefined ? `exited (${exited})` : fatal ? 'failed' : 'gave no greeting in time';
      await stopProcess(handle);
      if (inUse && opts.port === undefined) return 'port-in-use';
      throw new Error(`dovecot ${why}: ${problem ?? 'no error logged'}`);
    }
    await sleep(50);
  }
}

const cleanups = new Map<number, () => void>();

/** Starts Dovecot and resolves once it has sent its `* OK` greeting. */
export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotHandle> {
  const bin = opts.bin ?? DOVECOT_BIN;
  if (!dovecotInstalled(bin)) throw new Error(DOVECOT_MISSING);
  const ownsDir = opts.dir === undefined;
  const dir = opts.dir ? resolve(opts.dir) : mkdtempSync('/tmp/cpmct-d');
  if ((dir + '/r/login/imap-urlauth-worker').length >= 100) {
    throw new Error(`dovecot dir too long for unix sockets (keep it under 70 bytes): ${dir}`);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      const port = opts.port ?? (await freePort());
      const h = await startOnce(dir, ownsDir, port, opts);
      if (h !== 'port-in-use') return h;
      if (attempt >= 3) throw new Error('dovecot: no free port after 4 attempts');
    }
  } catch (err) {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function stopProcess(h: DovecotHandle, timeoutMs = 3000): Promise<void> {
  if (h.detached) await stopGroup(h.pid, { timeoutMs });
  else await stopPid(h.pid, { timeoutMs });
  cleanups.get(h.pid)?.();
  cleanups.delete(h.pid);
}

/** Stops Dovecot by pid (SIGTERM, SIGKILL after timeoutMs) and removes a dir it created. */
export async function stopDovecot(
  h: DovecotHandle,
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  await stopProcess(h, opts.timeoutMs);
  if (h.ownsDir) rmSync(h.dir, { recursive: true, force: true });
}
