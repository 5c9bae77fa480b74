/**
 * An example upper-tester adapter for the command-line protocol (src/adapters/README.md): it
 * wraps cpmct's own reference sync client, so that the protocol can be tested end to end and
 * vendors have a working model to copy. Run by the harness as
 *
 *   node --import tsx examples/command-adapter-reference.ts
 *
 * A profile would say: client: { adapter: command, command: [node, --import, tsx, <this file>] }.
 * stdout carries protocol lines only; diagnostics go to stderr (the harness keeps them as
 * evidence). Requests are handled one at a time, in order. The adapter exits after `close` or
 * when its stdin closes.
 *
 * CPMCT_CLIENT_MUTANT=<name> runs one of the reference client's deliberate mutants instead
 * (simulators/clients/mutants.ts), so the protocol path can be mutation-tested too.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createImapDevice } from '../simulators/clients/imap-device.ts';
import { clientMutantByName } from '../simulators/clients/mutants.ts';
import { decodeChange, type HelloParams } from '../src/adapters/protocol.ts';
import type { DeviceDriver, SyncPreferences } from '../src/engine/ports.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

let hello: HelloParams | undefined;
let device: DeviceDriver | undefined;

async function open(params: HelloParams): Promise<DeviceDriver> {
  if (params.endpoint.binding !== 'imap') {
    throw new Error(`this adapter speaks IMAP only, not ${params.endpoint.binding}`);
  }
  const mutant = process.env.CPMCT_CLIENT_MUTANT;
  return createImapDevice({
    name: params.device,
    endpoint: {
      host: params.endpoint.host,
      port: params.endpoint.port,
      ...(params.endpoint.tls !== undefined ? { tls: params.endpoint.tls } : {}),
    },
    user: params.user,
    password: params.password,
    ...(mutant ? { mutant: clientMutantByName(mutant) } : {}),
  });
}

function opened(): DeviceDriver {
  if (!device) throw new Error('hello first');
  return device;
}

type Params = Record<string, unknown>;

const handlers: Record<string, (params: Params) => Promise<unknown>> = {
  async hello(params) {
    hello = params as unknown as HelloParams;
    device = await open(hello);
    process.stderr.write(`reference adapter ${VERSION}: ${hello.device} ready\n`);
    return {
      name: 'cpmct reference client',
      version: VERSION,
      supports: [
        'reset',
        'setPreferences',
        'tick',
        'fetchContent',
        'copy',
        'listen',
        'waitForNotification',
      ],
    };
  },
  async reset() {
    // A fresh install: no local replica, default preferences.
    await opened().close();
    device = await open(hello!);
    return null;
  },
  async localState() {
    return opened().localView();
  },
  async applyLocalChange(params) {
    await opened().applyLocalChange(decodeChange(params));
    return null;
  },
  async sync() {
    return opened().sync();
  },
  async setPreferences(params) {
    opened().setPreferences(params as SyncPreferences);
    return null;
  },
  async tick(params) {
    const now = Date.parse(String(params.now));
    if (Number.isNaN(now))
      throw new Error(`tick: now is not an ISO 8601 time: ${String(params.now)}`);
    return (await opened().advanceClock?.(now)) ?? null;
  },
  async fetchContent(params) {
    await opened().fetchContent(String(params.folder), (params.keys as string[]) ?? []);
    return null;
  },
  async copy(params) {
    await opened().copy(String(params.folder), String(params.key), String(params.targetFolder));
    return null;
  },
  async listen(params) {
    await opened().listen(String(params.folder));
    return null;
  },
  async waitForNotification(params) {
    return opened().waitForNotification(Number(params.timeoutMs ?? 0));
  },
  async close() {
    await device?.close();
    device = undefined;
    return null;
  },
};

function answer(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function handle(line: string): Promise<void> {
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
    const params = (request.params ?? {}) as Params;
    answer({ id, result: (await handler(params)) ?? null });
    if (request.method === 'close') process.exit(0); // stdout is a pipe: written synchronously
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    answer({ id, error: message.split('\n')[0] });
  }
}

let queue: Promise<void> = Promise.resolve();
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === '') return;
  queue = queue.then(() => handle(line));
});
input.on('close', () => {
  // stdin closed (after `close`, or the harness went away): finish and leave.
  void queue.then(() => device?.close()).finally(() => process.exit(0));
});
