/**
 * The sync variants of the reference IMAP device (simulators/clients/sync-variant.ts), against
 * the reference store: each converges on the same result, and each takes its own path, as the
 * commands it sends show.
 */
import { expect } from 'chai';
import type { SyncVariant } from '../../simulators/clients/sync-variant.ts';
import { SYNC_VARIANTS, variantsAllowedBy } from '../../simulators/clients/sync-variant.ts';
import { flagsOf, keysOf, object } from './helpers.ts';
import { inVariantWorld, type VariantWorld } from './variant-world.ts';

/**
 * First sync, then the store deletes one object, flags another and delivers a third; the
 * second sync's commands are returned with what the device holds afterwards.
 */
async function secondSync(w: VariantWorld, variant: SyncVariant) {
  await w.actor.createFolder('Conv');
  for (const key of ['a', 'b', 'c']) await w.actor.deliver('Conv', object(key));
  let phone: Awaited<ReturnType<VariantWorld['device']>> | undefined;
  const first = await w.sent(async () => {
    phone = await w.device('phone', variant);
    await phone.sync();
  });
  if (!phone) throw new Error('no device');
  await w.actor.delete('Conv', 'a');
  await w.actor.setFlags('Conv', 'b', ['\\Flagged'], []);
  await w.actor.deliver('Conv', object('d'));
  const second = await w.sent(() => phone!.sync());
  const view = phone.localView();
  return { first, second, view, phone };
}

const has = (lines: string[], pattern: RegExp) => lines.some((l) => pattern.test(l));

describe('clients: sync variants of the IMAP device', function () {
  this.timeout(20_000);

  for (const variant of SYNC_VARIANTS) {
    it(`${variant}: sees deletion, flag change and new object made in the store`, async () => {
      await inVariantWorld(async (w) => {
        const { view } = await secondSync(w, variant);
        const store = await w.actor.view();
        expect(keysOf(view, 'Conv')).to.deep.equal(keysOf(store, 'Conv'));
        expect(flagsOf(view, 'Conv', 'b')).to.deep.equal(flagsOf(store, 'Conv', 'b'));
        expect(keysOf(view, 'Conv')).to.not.include('a');
      });
    });
  }

  it('qresync: ENABLE QRESYNC and SELECT (QRESYNC ...), no CHANGEDSINCE fetch', async () => {
    await inVariantWorld(async (w) => {
      const { first, second } = await secondSync(w, 'qresync');
      expect(has(first.lines, /ENABLE .*QRESYNC/i)).to.equal(true);
      expect(has(second.lines, /SELECT Conv \(QRESYNC \(\d+ \d+\)\)/i)).to.equal(true);
      expect(has(second.lines, /CHANGEDSINCE/i)).to.equal(false);
    });
  });

  it('condstore: ENABLE CONDSTORE only, CHANGEDSINCE for flags, UID SEARCH for vanished', async () => {
    await inVariantWorld(async (w) => {
      const { first, second } = await secondSync(w, 'condstore');
      expect(has(first.lines, /ENABLE .*CONDSTORE/i)).to.equal(true);
      expect(has([...first.lines, ...second.lines], /QRESYNC/i)).to.equal(false);
      expect(has(second.lines, /UID FETCH 1:\d+ .*\(CHANGEDSINCE \d+\)/i)).to.equal(true);
      expect(has(second.lines, /UID SEARCH UNDELETED/i)).to.equal(true);
    });
  });

  it('plain: no ENABLE, no CHANGEDSINCE, no MODSEQ; a full UID FLAGS listing each sync', async () => {
    await inVariantWorld(async (w) => {
      const { first, second } = await secondSync(w, 'plain');
      const all = [...first.lines, ...second.lines];
      expect(has(all, /ENABLE|CHANGEDSINCE|QRESYNC|MODSEQ|UNCHANGEDSINCE/i)).to.equal(false);
      expect(has(second.lines, /UID FETCH 1:\* \(UID FLAGS\b/i)).to.equal(true);
    });
  });

  it('per-sync: every sync logs in on a new connection and logs out', async () => {
    await inVariantWorld(async (w) => {
      const { first, second, phone } = await secondSync(w, 'per-sync');
      const third = await w.sent(() => phone.sync());
      const [two, three] = [second, third].map((s) => [...s.connections]);
      expect(two).to.have.length(1);
      expect(three).to.have.length(1);
      expect(new Set([...first.connections, ...two!, ...three!]).size).to.equal(
        first.connections.size + 2,
      );
      for (const s of [second, third]) {
        expect(has(s.lines, /LOGIN|AUTHENTICATE/i)).to.equal(true);
        expect(has(s.lines, /LOGOUT/i)).to.equal(true);
        expect(has(s.lines, /SELECT Conv \(QRESYNC/i)).to.equal(true);
      }
    });
  });

  it('per-sync: the other variants keep one connection for every sync', async () => {
    await inVariantWorld(async (w) => {
      const { first, second } = await secondSync(w, 'condstore');
      expect([...first.connections, ...second.connections]).to.satisfy(
        (ids: number[]) => new Set(ids).size === 1,
      );
    });
  });

  it('a store allows the variants its capabilities support', () => {
    expect(variantsAllowedBy(new Set(['IMAP4REV1', 'IDLE']))).to.deep.equal(['plain', 'per-sync']);
    expect(variantsAllowedBy(new Set(['CONDSTORE']))).to.deep.equal([
      'condstore',
      'plain',
      'per-sync',
    ]);
    expect(variantsAllowedBy(new Set(['CONDSTORE', 'QRESYNC']))).to.deep.equal([
      'qresync',
      'condstore',
      'plain',
      'per-sync',
    ]);
    expect(variantsAllowedBy(new Set(['CONDSTORE', 'QRESYNC', 'NOTIFY']))).to.deep.equal([
      ...SYNC_VARIANTS,
    ]);
  });
});
