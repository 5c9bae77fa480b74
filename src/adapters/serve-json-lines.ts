/**
 * The adapter side of the command-line upper-tester protocol (README.md in this folder), for
 * adapters written in TypeScript (examples/command-adapter-*.ts): read one JSON request a line
 * from stdin, call the handler its `method` names, write one answer a line to stdout.
 *
 * stdout carries protocol lines only; diagnostics go to stderr (the harness keeps them as
 * evidence). Requests are handled one at a time, in order; a line that is not JSON is ignored
 * with a note on stderr; a failed handler answers with the first line of its error. The process
 * exits after answering `close`, or when stdin closes (after `onStdinClosed`).
 */
import { createInterface } from 'node:readline';

export type RequestParams = Record<string, unknown>;
export type MethodHandlers = Record<string, (params: RequestParams) => Promise<unknown>>;

export interface ServeOptions {
  /** Run when stdin closes, after every request has been answered (e.g. close the client). */
  onStdinClosed?: () => Promise<unknown> | undefined;
}

function answer(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function handle(handlers: MethodHandlers, line: string): Promise<void> {
  let request: { id?: unknown; method?: unknown; params?: unknown };
  try {
    request = JSON.parse(line) as typeof request;
  } catch {
    process.stderr.write(`ignored a line that is not JSON: ${line.slice(0, 200)}\n`);
    return;
  }
  const id = request.id;
  const handler = typeof request.method === 'string' ? handlers[request.method] : undefined;
  if (!handler) {
    answer({ id, error: `unknown method ${String(request.method)}` });
    return;
  }
  try {
    const params = (request.params ?? {}) as RequestParams;
    answer({ id, result: (await handler(params)) ?? null });
    if (request.method === 'close') process.exit(0); // stdout is a pipe: written synchronously
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    answer({ id, error: message.split('\n')[0] });
  }
}

/** Answer the harness's requests on stdin/stdout until `close` or the end of stdin. */
export function serveJsonLines(handlers: MethodHandlers, options: ServeOptions = {}): void {
  let queue: Promise<void> = Promise.resolve();
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line.trim() === '') return;
    queue = queue.then(() => handle(handlers, line));
  });
  input.on('close', () => {
    // stdin closed (after `close`, or the harness went away): finish and leave.
    void queue.then(() => options.onStdinClosed?.()).finally(() => process.exit(0));
  });
}
