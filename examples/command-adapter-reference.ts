/**
 * An example upper-tester adapter for the command-line protocol (src/adapters/README.md): it
 * wraps cpmct's own reference sync client, so that the protocol can be tested end to end and
 * vendors have a working model to copy. Run by the harness as
 *
 *   node --import tsx examples/command-adapter-reference.ts
 *
 * A profile would say: client: { adapter: command, command: [node, --import, tsx, <this file>] }.
 * The JSON-lines loop (one request at a time, stdout for protocol lines only, diagnostics on
 * stderr, exit after `close` or the end of stdin) is src/adapters/serve-json-lines.ts.
 *
 * CPMCT_CLIENT_MUTANT=<name> runs one of the reference client's deliberate mutants instead
 * (simulators/clients/mutants.ts), so the protocol path can be mutation-tested too.
 */
import { readFileSync } from 'node:fs';
import { createImapDevice } from '../simulators/clients/imap-device.ts';
import { clientMutantByName } from '../simulators/clients/mutants.ts';
import { decodeChange, type HelloParams } from '../src/adapters/protocol.ts';
import { serveJsonLines, type MethodHandlers } from '../src/adapters/serve-json-lines.ts';
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

const handlers: MethodHandlers = {
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

serveJsonLines(handlers, { onStdinClosed: () => device?.close() });
