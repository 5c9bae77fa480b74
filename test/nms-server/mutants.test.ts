import { expect } from 'chai';
import {
  NMS_MUTANT_NAMES,
  NMS_MUTANTS,
  startNmsServer,
} from '../../simulators/server/nms/index.ts';
import { createObject } from '../../src/bindings/nms/client/objects.ts';
import { CallbackReceiver } from './callback-receiver.ts';
import { ALICE, ANY, BOB, client, message, startHarness, walk, type Harness } from './helpers.ts';

/** For each mutant: an observation that is true exactly when the deviation shows. */
const DEVIATES: Record<string, (h: Harness) => Promise<boolean>> = {
  async 'nms-events-missing'(h) {
    const receiver = await CallbackReceiver.start();
    try {
      await h.alice.request('POST', 'subscriptions', {
        json: { nmsSubscription: { callbackReference: { notifyURL: receiver.url } } },
      });
      h.store.append('INBOX', message('e1'));
      return (await receiver.settle(200)).length === 0;
    } finally {
      await receiver.stop();
    }
  },
  async 'nms-paging-skips'(h) {
    for (let i = 0; i < 5; i++) h.store.append('INBOX', message(`p${i}`));
    return (await walk(h.alice, 2)).length < 5;
  },
  async 'nms-lastmodseq-frozen'(h) {
    h.store.append('INBOX', message('m1'));
    const get = async () =>
      (await h.alice.json<{ object: { lastModSeq: number } }>('GET', 'objects/f1-1000-1')).object
        .lastModSeq;
    const before = await get();
    h.store.setFlags('INBOX', [1], 'add', ['\\Seen']);
    return (await get()) === before;
  },
  async 'nms-delete-noop'(h) {
    h.store.append('INBOX', message('d1'));
    const res = await h.alice.request('DELETE', 'objects/f1-1000-1');
    return res.status === 204 && h.store.objects('INBOX').length === 1;
  },
  async 'nms-copy-same-id'(h) {
    h.store.append('INBOX', message('c1'));
    h.store.createFolder('Target');
    const source = `${h.server.baseUrl('alice')}/objects/f1-1000-1`;
    const answer = await h.alice.json<{
      bulkResponseList: { response: Array<{ success?: { resourceURL: string } }> };
    }>('POST', 'folders/operations/copyToFolder', {
      json: {
        targetSourceRef: {
          targetRef: `${h.server.baseUrl('alice')}/folders/f2`,
          sourceRefs: { objects: { objectReference: [{ resourceURL: source }] } },
        },
      },
    });
    const copied = answer.bulkResponseList.response[0]?.success?.resourceURL;
    return copied === source && h.store.objects('Target').length === 0;
  },
  async 'nms-cross-box'(h) {
    const res = await client(h.server, ALICE, BOB.name).request('GET', 'folders/root', ANY);
    return res.status === 200;
  },
  async 'nms-expiry-as-deletion'(h) {
    const events = await eventsAfter(
      h,
      () => {
        h.store.append('INBOX', message('x1'));
      },
      () => h.server.expireObject(ALICE.name, 'INBOX', 1),
    );
    return events.includes('deletedObject') && !events.includes('expiredObject');
  },
  async 'nms-reset-silent'(h) {
    const events = await eventsAfter(
      h,
      () => undefined,
      () => h.server.resetBox(ALICE.name),
    );
    return !events.includes('resetBox');
  },
  async 'nms-flags-ignored'(h) {
    h.store.append('INBOX', message('f1'));
    const res = await h.alice.request('PUT', 'objects/f1-1000-1/flags/%5CSeen', { json: {} });
    return res.status === 201 && h.store.object('INBOX', 1).flags.size === 0;
  },
  async 'nms-json-only'(h) {
    h.store.append('INBOX', message('j1'));
    const xml = { accept: 'application/xml' };
    const search = await h.alice.request('POST', 'objects/operations/search', {
      xml: { selectionCriteria: { maxEntries: 5 } },
      headers: xml,
      ...ANY,
    });
    const read = await h.alice.request('GET', 'objects/f1-1000-1', { headers: xml, ...ANY });
    return search.status === 415 && search.format === 'json' && read.format === 'json';
  },
  async 'nms-date-min-off-by-one'(h) {
    const date = 'Fri, 09 Jan 2026 11:00:00 +0000';
    h.store.append('INBOX', message('w1', { date }), { internalDate: new Date(date) });
    const answer = await h.alice.json<{ objectList: { object?: unknown[] } }>(
      'POST',
      'objects/operations/search',
      {
        json: {
          selectionCriteria: {
            maxEntries: 5,
            searchCriteria: {
              criterion: [{ type: 'Date', value: 'minDate=2026-01-10T00:00:00Z' }],
            },
          },
        },
      },
    );
    return (answer.objectList.object ?? []).length === 1;
  },
  async 'nms-store-dropped'(h) {
    const reference = await createObject(h.alice, {
      parentFolderPath: '/INBOX',
      raw: message('s1'),
      flags: [],
    });
    return reference.resourceURL.length > 0 && h.store.objects('INBOX').length === 0;
  },
  async 'nms-create-folder-ignored'(h) {
    const res = await h.alice.request('POST', 'folders', {
      json: { folder: { parentFolderPath: '/', name: 'Made' } },
    });
    return res.status === 201 && !h.store.hasFolder('Made');
  },
  async 'nms-read-sets-seen'(h) {
    h.store.append('INBOX', message('r1'));
    h.store.append('INBOX', message('r2'));
    await h.alice.request('GET', 'objects/f1-1000-1');
    await h.alice.request('GET', 'objects/f1-1000-2/payload');
    return [1, 2].every((uid) => h.store.object('INBOX', uid).flags.has('\\Seen'));
  },
};

/** The event kinds that reach a fresh subscription after `act` (set up by `before`). */
async function eventsAfter(h: Harness, before: () => void, act: () => void): Promise<string[]> {
  before();
  const receiver = await CallbackReceiver.start();
  try {
    await h.alice.request('POST', 'subscriptions', {
      json: { nmsSubscription: { callbackReference: { notifyURL: receiver.url } } },
    });
    act();
    const lists = await receiver.settle(300);
    return lists.flatMap((l) => l.nmsEvent.flatMap((e) => Object.keys(e)));
  } finally {
    await receiver.stop();
  }
}

describe('NMS mutants', () => {
  it('are those of the contract, each with a description, clause and spec', () => {
    expect([...NMS_MUTANT_NAMES].sort()).to.deep.equal(Object.keys(DEVIATES).sort());
    for (const name of NMS_MUTANT_NAMES) {
      const info = NMS_MUTANTS[name as keyof typeof NMS_MUTANTS];
      expect(info.description, name).to.have.length.greaterThan(10);
      expect(info.clause, name).to.match(/^(SD-5\.5\.2\.|RD-STOR-x1$)/);
      expect(info.spec, name).to.have.length.greaterThan(5);
    }
    expect(NMS_MUTANTS['nms-paging-skips'].clause).to.equal('SD-5.5.2.20-3b');
    expect(NMS_MUTANTS['nms-events-missing'].clause).to.equal('SD-5.5.2.20-notify');
  });

  it('an unknown mutant name is refused with the known names', async () => {
    let error: unknown;
    try {
      await startNmsServer({ users: [ALICE], mutant: 'nms-nope' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain('nms-nope').and.to.contain('nms-paging-skips');
  });

  for (const [name, deviates] of Object.entries(DEVIATES)) {
    it(`${name}: deviates observably, and the reference store does not`, async () => {
      for (const mutant of [name, undefined]) {
        const h = await startHarness(mutant ? { mutant } : {});
        try {
          expect(await deviates(h), mutant ?? 'reference').to.equal(mutant !== undefined);
        } finally {
          await h.server.stop();
        }
      }
    });
  }
});
