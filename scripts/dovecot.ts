/**
 * Starts and stops a throwaway Dovecot IMAP store for cpmct.
 *
 *   node --import tsx scripts/dovecot.ts start [--dir DIR] [--users alice:alicepass,bob:bobpass] [--port N]
 *                                              [--mailboxes none|special-use]
 *   node --import tsx scripts/dovecot.ts stop --dir DIR
 *
 * `start` prints exactly one line on stdout once Dovecot greets,
 *   CPMCT_PORT=<port> CPMCT_PID=<dovecot pid> CPMCT_DIR=<dir>
 * and stays in the foreground until SIGTERM/SIGINT/SIGHUP; then it stops Dovecot by pid
 * (SIGTERM, SIGKILL after 3 s), removes the dir if it created it, and exits 0. Dovecot
 * stays in this script's process group, so stopping the group stops both.
 * `--mailboxes special-use` adds Debian's standard special-use mailboxes (Drafts, Junk, Trash,
 * Sent, Archive) with `auto = subscribe`, as stores ship; the default is INBOX only.
 * `stop` sends SIGTERM to the `start` process of DIR (or to Dovecot if that is gone).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DOVECOT_MAILBOXES,
  DOVECOT_MISSING,
  dovecotInstalled,
  parseUsers,
  startDovecot,
  stopDovecot,
  type DovecotHandle,
  type DovecotMailboxes,
} from '../src/profiles/dovecot.ts';
import { pidAlive, stopPid } from '../src/profiles/process-group.ts';

const USAGE =
  'usage: dovecot.ts start [--dir DIR] [--users NAME:PASS,...] [--port N] [--mailboxes none|special-use] | stop --dir DIR';

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function readPid(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

async function start(values: {
  dir?: string;
  users?: string;
  port?: string;
  mailboxes?: string;
}): Promise<void> {
  if (!dovecotInstalled()) die(DOVECOT_MISSING, 1);
  const mailboxes = (values.mailboxes ?? 'none') as DovecotMailboxes;
  if (!DOVECOT_MAILBOXES.includes(mailboxes))
    die(`bad --mailboxes: ${values.mailboxes} (one of ${DOVECOT_MAILBOXES.join(', ')})`);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) die(`bad --port: ${values.port}`);
  }
  let users;
  try {
    users = values.users !== undefined ? parseUsers(values.users) : undefined;
  } catch (err) {
    die((err as Error).message);
  }
  let h: DovecotHandle;
  try {
    h = await startDovecot({ dir: values.dir, users, port, detached: false, mailboxes });
  } catch (err) {
    die((err as Error).message, 1);
  }
  const wrapperPidFile = join(h.dir, 'cpmct-start.pid');
  writeFileSync(wrapperPidFile, `${process.pid}\n`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    try {
      await stopDovecot(h);
    } catch (err) {
      process.stderr.write(`dovecot stop: ${(err as Error).message}\n`);
      code = 1;
    }
    if (!h.ownsDir) rmSync(wrapperPidFile, { force: true });
    process.exit(code);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(sig, () => void shutdown(0));
  }
  const watch = setInterval(() => {
    if (!stopping && !pidAlive(h.pid)) {
      process.stderr.write(`dovecot (pid ${h.pid}) exited unexpectedly\n`);
      void shutdown(1);
    }
  }, 250);
  process.stdout.write(`CPMCT_PORT=${h.port} CPMCT_PID=${h.pid} CPMCT_DIR=${h.dir}\n`);
}

async function stop(values: { dir?: string }): Promise<void> {
  if (values.dir === undefined) die(USAGE);
  const wrapper = readPid(join(values.dir, 'cpmct-start.pid'));
  const master = readPid(join(values.dir, 'r', 'master.pid'));
  if (wrapper !== undefined && pidAlive(wrapper)) {
    await stopPid(wrapper, { timeoutMs: 5000 });
  }
  if (master !== undefined && pidAlive(master)) await stopPid(master, { timeoutMs: 3000 });
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        users: { type: 'string' },
        port: { type: 'string' },
        mailboxes: { type: 'string' },
      },
    });
  } catch (err) {
    die(`${(err as Error).message}\n${USAGE}`);
  }
  const [cmd, ...rest] = parsed.positionals;
  if (rest.length > 0) die(USAGE);
  if (cmd === 'start') await start(parsed.values);
  else if (cmd === 'stop') await stop(parsed.values);
  else die(USAGE);
}

await main();
