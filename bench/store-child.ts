/**
 * The reference IMAP store alone in a process, so that a benchmark reads its memory
 * (/proc/PID/status) apart from the load clients'. Started by store-process.ts with its
 * options as one JSON argument; prints `{"port": N}` once listening; stops on SIGTERM or
 * when its parent closes stdin.
 */
import { startImapServer, type ImapServerOptions } from '../simulators/server/imap-server.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ImapServerOptions;
const server = await startImapServer({ ...options, host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void server.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
