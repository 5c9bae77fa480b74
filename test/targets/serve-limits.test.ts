/** `cpmct serve --limit NAME=VALUE`: the served store runs with the limits asked for. */
import { expect } from 'chai';
import { UsageError } from '../../src/config/usage-error.ts';
import { servedLimits, startServedStore, type ServedStore } from '../../src/targets/serve-store.ts';
import { ALICE, RawClient, last } from '../server/helpers.ts';

describe('targets: the limits of a served store', () => {
  let store: ServedStore | undefined;
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await store?.stop();
    store = undefined;
  });

  it('reads NAME=VALUE pairs and refuses an unknown name or a value that is not positive', () => {
    expect(servedLimits(['maxConnectionsPerUserAddress=50', 'listenBacklog=8192'])).to.deep.equal({
      maxConnectionsPerUserAddress: 50,
      listenBacklog: 8192,
    });
    for (const bad of ['nope=3', 'maxBadCommands=0', 'maxBadCommands', 'maxBadCommands=-1'])
      expect(() => servedLimits([bad]), bad).to.throw(UsageError);
  });

  it('serves with them: one connection per user and address refuses the second LOGIN', async () => {
    store = await startServedStore({
      binding: 'imap',
      port: 0,
      users: [ALICE],
      behaviours: [],
      limits: { ...servedLimits(['maxConnectionsPerUserAddress=1']), loginFailureDelayMs: 1 },
    });
    const connect = async () => {
      const c = await RawClient.connect(store!.imap);
      clients.push(c);
      return c;
    };
    await (await connect()).login(ALICE);
    const refused = await (await connect()).command('x', `LOGIN ${ALICE.name} ${ALICE.password}`);
    expect(last(refused)).to.match(/^x NO \[LIMIT\]/);
  });
});
