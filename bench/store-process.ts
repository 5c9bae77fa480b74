/**
 * Starts the reference IMAP store in a child process (store-child.ts) and stops it by its
 * pid, so that its peak RSS (VmHWM) is the store's own, without the load clients in it.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ImapServerOptions } from '../simulators/server/imap-server.ts';

export interface StoreProcess {
  pid: number;
  host: string;
  port: number;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./store-child.ts', import.meta.url));

export async function startStoreProcess(
  options: Omit<ImapServerOptions, 'host' | 'port' | 'onTrace' | 'clock' | 'timers'>,
): Promise<StoreProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('store process did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const { port } = JSON.parse(line) as { port: number };
      resolve(port);
    });
    child.once('exit', (code) => reject(new Error(`store process exited (${code})`)));
  });
  return {
    pid,
    host: '127.0.0.1',
    port,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
