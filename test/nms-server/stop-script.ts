/**
 * Run in a child process by lifecycle.test.ts: a delivery hangs at a notifyURL that never
 * answers; `stop()` must return quickly and leave the event loop empty (the process exits).
 */
import { createServer } from 'node:http';
import { startNmsServer } from '../../simulators/server/nms/index.ts';
import { ALICE, client, message } from './helpers.ts';

let arrived = false;
const silent = createServer(() => {
  arrived = true;
});
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
const address = silent.address();
if (address === null || typeof address === 'string') throw new Error('no address');

const nms = await startNmsServer({ users: [ALICE] });
const http = client(nms, ALICE);
await http.request('POST', 'subscriptions', {
  json: {
    nmsSubscription: {
      callbackReference: { notifyURL: `http://127.0.0.1:${address.port}/n` },
    },
  },
});
nms.stores.get('alice')!.append('INBOX', message('k1'));
while (!arrived) await new Promise((resolve) => setTimeout(resolve, 10));
console.log('delivery was in flight');
const started = Date.now();
await nms.stop();
console.log(`stopped in ${Date.now() - started} ms`);
silent.closeAllConnections();
silent.close();
