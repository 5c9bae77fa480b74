/**
 * Concurrent flag changes under CONDSTORE: the device pushes with a conditional STORE
 * (UNCHANGEDSINCE the state its change was made against), and a [MODIFIED] answer makes it
 * re-read the object's flags, merge and retry (flag-push-conditional.ts). Also: what the
 * variants do against stores that break these paths (mutants of the reference store).
 */
import { expect } from 'chai';
import type { SyncVariant } from '../../simulators/clients/sync-variant.ts';
import { flagsOf, keysOf, object } from './helpers.ts';
import { inVariantWorld, type VariantWorld } from './variant-world.ts';

/** Two devices synced; each then changes a different flag of the same object, offline. */
async function concurrentFlags(w: VariantWorld, variant: SyncVariant) {
  await w.actor.createFolder('Conv');
  await w.actor.deliver('Conv', object('m1'));
  const phone = await w.device('phone', variant);
  const tablet = await w.device('tablet', variant);
  await phone.sync();
  await tablet.sync();
  await phone.applyLocalChange({ kind: 'flags', folder: 'Conv', key: 'm1', add: ['\\Seen'] });
  await tablet.applyLocalChange({ kind: 'flags', folder: 'Conv', key: 'm1', add: ['\\Flagged'] });
  await phone.sync();
  return { phone, tablet };
}

describe('clients: conditional STORE and the [MODIFIED] answer', function () {
  this.timeout(20_000);

  for (const variant of ['condstore', 'qresync'] as const) {
    it(`${variant}: a MODIFIED object is re-read, merged and stored again; both flags survive`, async () => {
      await inVariantWorld(async (w) => {
        const { phone, tablet } = await concurrentFlags(w, variant);
        const { lines, replies } = await w.sent(() => tablet.sync());
        const stores = lines.filter((l) =>
          /UID STORE \d+ \(UNCHANGEDSINCE \d+\) FLAGS\.SILENT/.test(l),
        );
        expect(stores, 'a first attempt and a retry').to.have.length(2);
        expect(replies.some((r) => /OK \[MODIFIED \d+\]/.test(r))).to.equal(true);
        const since = stores.map((l) => BigInt(/UNCHANGEDSINCE (\d+)/.exec(l)![1]!));
        expect(since[1]! > since[0]!, 'the retry is conditional on the state just read').to.equal(
          true,
        );
        await phone.sync();
        const store = await w.actor.view();
        const both = flagsOf(store, 'Conv', 'm1');
        expect(both).to.include.members(['\\Seen', '\\Flagged']);
        expect(flagsOf(tablet.localView(), 'Conv', 'm1')).to.deep.equal(both);
        expect(flagsOf(phone.localView(), 'Conv', 'm1')).to.deep.equal(both);
      });
    });
  }

  it('plain: pushes flag deltas (+FLAGS), never a conditional STORE', async () => {
    await inVariantWorld(async (w) => {
      const { tablet } = await concurrentFlags(w, 'plain');
      const { lines } = await w.sent(() => tablet.sync());
      expect(lines.some((l) => /UID STORE \d+ \+FLAGS\.SILENT \(\\Flagged\)/.test(l))).to.equal(
        true,
      );
      expect(lines.some((l) => /UNCHANGEDSINCE/.test(l))).to.equal(false);
      expect(flagsOf(await w.actor.view(), 'Conv', 'm1')).to.include.members([
        '\\Seen',
        '\\Flagged',
      ]);
    });
  });

  it('condstore: a store that ignores UNCHANGEDSINCE fails the sync, naming RFC 7162', async () => {
    await inVariantWorld(
      async (w) => {
        const { tablet } = await concurrentFlags(w, 'condstore');
        let failure: unknown;
        await tablet.sync().catch((e: unknown) => (failure = e));
        expect(String(failure)).to.match(/without \[MODIFIED\].*RFC 7162/);
      },
      { mutant: 'unchangedsince-ignored' },
    );
  });
});

describe('clients: plain variant and EXPUNGE responses', function () {
  this.timeout(20_000);

  /** A device deletes one of three objects and syncs; returns what it sent and the result. */
  async function deleteOnDevice(w: VariantWorld) {
    await w.actor.createFolder('Conv');
    for (const key of ['a', 'b', 'c']) await w.actor.deliver('Conv', object(key));
    const phone = await w.device('phone', 'plain');
    await phone.sync();
    await phone.applyLocalChange({ kind: 'delete', folder: 'Conv', key: 'b' });
    let failure: unknown;
    const sent = await w.sent(() => phone.sync().catch((e: unknown) => (failure = e)));
    return { sent, failure };
  }

  it('expunges with its sequence map and checks the EXPUNGE responses', async () => {
    await inVariantWorld(async (w) => {
      const { sent, failure } = await deleteOnDevice(w);
      expect(failure).to.equal(undefined);
      expect(sent.lines.some((l) => /UID SEARCH ALL/.test(l))).to.equal(true);
      expect(sent.replies.some((r) => /^\* 2 EXPUNGE/.test(r))).to.equal(true);
      expect(keysOf(await w.actor.view(), 'Conv')).to.deep.equal(['a', 'c']);
    });
  });

  it('a store that sends no EXPUNGE response to a client without QRESYNC fails the sync', async () => {
    await inVariantWorld(
      async (w) => {
        const { failure } = await deleteOnDevice(w);
        expect(String(failure)).to.match(/answered no EXPUNGE/);
      },
      { mutant: 'expunge-unreported' },
    );
  });
});
