/**
 * A tiny node:http "store" that accepts everything: every request answers 200 with the
 * same JSON body (a reference and an empty object list), whatever the path, method or
 * credentials. It breaks every error rule at once.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Stub {
  root: string;
  otherRoot: string;
  stop(): Promise<void>;
}

export async function startLaxStub(): Promise<Stub> {
  let origin = '';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({
        reference: { resourceURL: `${origin}/nms/v1/cpmct/alice/objects/f1-1-1`, path: '/x' },
        objectList: { object: [] },
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    root: `${origin}/nms/v1/cpmct/alice`,
    otherRoot: `${origin}/nms/v1/cpmct/bob`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
