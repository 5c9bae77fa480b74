/**
 * Worker-thread entry of the kill matrices (pool.ts): runs each MutantJob it is sent,
 * several at once, and posts back the outcomes or the error's text.
 */
import { parentPort } from 'node:worker_threads';
import { runMutantJob, type MutantJob } from './mutant-job.ts';

const port = parentPort;
if (!port) throw new Error('mutant-worker.ts runs only as a worker thread');

port.on('message', (message: { id: number; job: MutantJob }) => {
  runMutantJob(message.job).then(
    (value) => port.postMessage({ id: message.id, ok: true, value }),
    (error: unknown) =>
      port.postMessage({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
