/**
 * An example upper-tester adapter for an NMS REST sync client (src/adapters/README.md, "NMS
 * clients"): the command-line protocol in JSON lines on stdin/stdout, driving the small naive
 * client of examples/nms-naive-client.ts (fetch only, no cpmct code on the wire). Run by the
 * harness as
 *
 *   node --import tsx examples/command-adapter-nms.ts
 *
 * A profile would say: binding: nms, client: { adapter: command, command: [node, --import, tsx,
 * <this file>] }. hello's `endpoint.nms.root` is the box root the client syncs with
 * (`{origin}{basePath}/{storeName}/{user}`), `user` and `password` its HTTP Basic credentials.
 * It implements the required methods plus `reset` and `fetchContent`; no preferences, no
 * notifications, no copy, no periodic sync (a profile declares none of those features).
 */
import { decodeChange, type HelloParams } from '../src/adapters/protocol.ts';
import { serveJsonLines, type MethodHandlers } from '../src/adapters/serve-json-lines.ts';
import { NaiveNmsClient } from './nms-naive-client.ts';

let hello: HelloParams | undefined;
let client: NaiveNmsClient | undefined;

function open(params: HelloParams): NaiveNmsClient {
  const root = params.endpoint.nms?.root;
  if (params.endpoint.binding !== 'nms' || !root)
    throw new Error(`this adapter speaks NMS only (hello gave ${params.endpoint.binding})`);
  return new NaiveNmsClient({ root, user: params.user, password: params.password });
}

function opened(): NaiveNmsClient {
  if (!client) throw new Error('hello first');
  return client;
}

const handlers: MethodHandlers = {
  async hello(params) {
    hello = params as unknown as HelloParams;
    client = open(hello);
    process.stderr.write(`naive NMS client: ${hello.device} syncs ${hello.endpoint.nms?.root}\n`);
    return { name: 'naive NMS client', version: '1.0.0', supports: ['reset', 'fetchContent'] };
  },
  async reset() {
    client = open(hello!); // a fresh install: nothing held locally
    return null;
  },
  localState: async () => opened().view(),
  async applyLocalChange(params) {
    opened().apply(decodeChange(params));
    return null;
  },
  sync: async () => opened().sync(),
  async fetchContent(params) {
    await opened().fetchContent(String(params.folder), (params.keys as string[]) ?? []);
    return null;
  },
  async close() {
    client = undefined;
    return null;
  },
};

serveJsonLines(handlers);
