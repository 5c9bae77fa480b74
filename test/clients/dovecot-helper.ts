/**
 * A private Dovecot for the client tests (until scripts/dovecot.ts exists): own directory under
 * /tmp with a short path, a free loopback port, `dovecot -F -c conf` with its output in files,
 * stopped by the pid it was started with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  writeFileSync,
  mkdirSync,
  chmodSync,
  openSync,
  closeSync,
  rmSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const DOVECOT_MISSING = 'dovecot not installed: apt-get install -y dovecot-imapd';

export interface TestDovecot {
  host: string;
  port: number;
  dir: string;
  users: Array<{ name: string; password: string }>;
  stop(): Promise<void>;
}

export function dovecotInstalled(): boolean {
  return existsSync(DOVECOT_BIN);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string, port: number, compress: boolean): string {
  const asRoot = process.getuid?.() === 0;
  return [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    `info_log_path = ${dir}/dovecot.log`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `passdb {\n  driver = passwd-file\n  args = ${dir}/users\n}`,
    `userdb {\n  driver = passwd-file\n  args = ${dir}/users\n}`,
    'mail_location = maildir:~/Maildir',
    ...(asRoot ? ['mail_uid = nobody', 'mail_gid = nogroup', 'first_valid_uid = 1'] : []),
    'mailbox_idle_check_interval = 1 secs',
    'imap_metadata = yes',
    'mail_attribute_dict = file:%h/dovecot-attributes',
    ...(compress ? ['protocol imap {\n  mail_plugins = $mail_plugins imap_zlib\n}'] : []),
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    '',
  ].join('\n');
}

async function waitForGreeting(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(500);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not greet on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Start a Dovecot with users alice:alicepass and bob:bobpass. */
export async function startDovecot(options: { compress?: boolean } = {}): Promise<TestDovecot> {
  const dir = mkdtempSync('/tmp/dc-');
  chmodSync(dir, 0o755);
  const home = path.join(dir, 'home');
  mkdirSync(home, { mode: 0o777 });
  chmodSync(home, 0o777);
  const users = [
    { name: 'alice', password: 'alicepass' },
    { name: 'bob', password: 'bobpass' },
  ];
  writeFileSync(
    path.join(dir, 'users'),
    users.map((u) => `${u.name}:{PLAIN}${u.password}::::${home}/${u.name}::\n`).join(''),
    { mode: 0o644 },
  );
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(conf, config(dir, port, options.compress ?? false), { mode: 0o644 });
  const out = openSync(path.join(dir, 'stdout.log'), 'a');
  let child: ChildProcess;
  try {
    child = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  try {
    await waitForGreeting(port, Date.now() + 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    dir,
    users,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
