/** COMPRESS=DEFLATE is a visible setting: off by default, transcripts readable either way. */
import { expect } from 'chai';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE, keysOf, object, useDovecot } from './helpers.ts';

describe('clients: COMPRESS=DEFLATE setting (Dovecot with imap_zlib)', function () {
  this.timeout(20_000);
  const dovecot = useDovecot({ compress: true });

  it('is not used by default even when offered, and is used when allowed', async () => {
    const endpoint = dovecot.endpoint();
    const actor = await createImapStoreActor({ endpoint, ...ALICE });
    const plain = await createImapDevice({ name: 'plain', endpoint, ...ALICE });
    const packed = await createImapDevice({ name: 'packed', endpoint, ...ALICE, compress: true });
    try {
      expect((await actor.capabilities()).has('COMPRESS=DEFLATE')).to.equal(true);
      await actor.deliver('INBOX', object('z-1'));
      await plain.sync();
      await packed.sync();
      expect(plain.evidence()[0]!.text).to.not.match(/ C: \S+ COMPRESS DEFLATE/);
      const text = packed.evidence()[0]!.text;
      expect(text).to.match(/ C: \S+ COMPRESS DEFLATE\n/);
      expect(text).to.match(/ S: {3}IMDN-Message-ID: z-1\n/);
      expect(keysOf(packed.localView(), 'INBOX')).to.deep.equal(['z-1']);
    } finally {
      await Promise.all([plain.close(), packed.close(), actor.close()]);
    }
  });
});
