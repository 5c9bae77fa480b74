/** Partial sync preferences and eager content (RD-STOR-x1), against Dovecot. */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE, useDovecot } from './helpers.ts';
import { partialScenarios } from './partial-scenarios.ts';

describe('clients: partial sync preferences over IMAP (Dovecot)', function () {
  this.timeout(20_000);
  const dovecot = useDovecot();
  let actor: StoreActor;
  let phone: DeviceDriver;

  beforeEach(async () => {
    const endpoint = dovecot.endpoint();
    actor = await createImapStoreActor({ endpoint, ...ALICE });
    phone = await createImapDevice({ name: 'phone', endpoint, ...ALICE });
  });
  afterEach(async () => {
    await Promise.all([phone?.close(), actor?.close()]);
  });

  partialScenarios({
    actor: () => actor,
    phone: () => phone,
    workChat: 'Work.Chat',
    eager: {
      title: 'eager content with a size limit; BODY.PEEK[] leaves \\Seen unset',
      noSeenInEvidence(text) {
        expect(text).to.match(/UID FETCH \S+ \(UID BODY\.PEEK\[\]/);
        const bodyWithoutPeek = text.split('\n').filter((l) => / C: .*[ (]BODY\[/.test(l));
        expect(bodyWithoutPeek).to.deep.equal([]);
      },
    },
  });
});
