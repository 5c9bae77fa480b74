/**
 * What the set-up needs of the IMAP store actor to keep system folders: their special uses
 * from LIST, and emptying a folder at once, objects sharing one key included (reference store
 * with system folders).
 */
import { expect } from 'chai';
import type { StoreActor } from '../../src/engine/ports.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { startImapServer, type RunningImapServer } from '../../simulators/server/imap-server.ts';
import { ALICE, keysOf, object } from './helpers.ts';

describe('clients: IMAP store actor, kept folders', function () {
  this.timeout(20_000);
  let server: RunningImapServer;
  let actor: StoreActor;

  beforeEach(async () => {
    server = await startImapServer({
      users: [{ name: ALICE.user, password: ALICE.password }],
      behaviours: ['special-use-folders'],
    });
    actor = await createImapStoreActor({
      endpoint: { host: server.host, port: server.port },
      ...ALICE,
    });
  });
  afterEach(async () => {
    await actor.close();
    await server.stop();
  });

  it('reads the special uses from LIST', async () => {
    const uses = await actor.specialUseFolders!();
    expect(Object.fromEntries(uses)).to.deep.equal({
      Archive: ['\\Archive'],
      Drafts: ['\\Drafts'],
      Junk: ['\\Junk'],
      Sent: ['\\Sent'],
      Trash: ['\\Trash'],
    });
  });

  it('empties a folder at once, two objects with one Message-ID included', async () => {
    const twin = object('twin-1');
    await actor.deliver('Trash', twin);
    await actor.deliver('Trash', twin);
    await actor.deliver('Trash', object('other-1'));
    expect(keysOf(await actor.view(), 'Trash')).to.deep.equal(['other-1', 'twin-1', 'twin-1']);
    await actor.emptyFolder!('Trash');
    expect(keysOf(await actor.view(), 'Trash')).to.deep.equal([]);
  });
});
