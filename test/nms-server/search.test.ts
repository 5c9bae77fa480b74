import { expect } from 'chai';
import { ANY, idOf, message, search, startHarness, walk, type Harness } from './helpers.ts';

describe('NMS front end: object search, paging, lastModSeq', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.store.createFolder('Default/conv-a');
    h.store.append('INBOX', message('k1', { date: 'Mon, 30 Jun 2025 10:00:00 +0000' }), {
      flags: ['\\Seen'],
    });
    h.store.append('INBOX', message('k2', { date: 'Tue, 01 Jul 2025 10:00:00 +0000' }));
    h.store.append('Default/conv-a', message('k3', { date: 'Wed, 02 Jul 2025 10:00:00 +0000' }));
  });
  afterEach(() => h.server.stop());

  const keys = (list: { object: Array<{ correlationId: string }> }) =>
    list.object.map((o) => o.correlationId);
  const criteria = (criterion: unknown[], operator?: string) => ({
    searchCriteria: { criterion, ...(operator ? { operator } : {}) },
  });

  it('without criteria every object comes, in folder-id then uid order', async () => {
    expect(keys(await search(h.alice))).to.deep.equal(['k1', 'k2', 'k3']);
  });

  it('Date: minDate inclusive, maxDate exclusive', async () => {
    const value = 'minDate=2025-07-01T10:00:00Z&maxDate=2025-07-02T10:00:00Z';
    expect(keys(await search(h.alice, criteria([{ type: 'Date', value }])))).to.deep.equal(['k2']);
    const offset = 'minDate=2025-07-01T12:00:00+02:00';
    expect(keys(await search(h.alice, criteria([{ type: 'Date', value: offset }])))).to.deep.equal([
      'k2',
      'k3',
    ]);
  });

  it('Attribute (name case-insensitive), Flag true/false, Or and Not', async () => {
    const attr = { type: 'Attribute', name: 'imdn-message-id', value: 'k3' };
    expect(keys(await search(h.alice, criteria([attr])))).to.deep.equal(['k3']);
    const unseen = { type: 'Flag', name: '\\Seen', value: 'false' };
    expect(keys(await search(h.alice, criteria([unseen])))).to.deep.equal(['k2', 'k3']);
    const seen = { type: 'Flag', name: '\\Seen', value: 'true' };
    expect(keys(await search(h.alice, criteria([seen, attr], 'Or')))).to.deep.equal(['k1', 'k3']);
    expect(keys(await search(h.alice, criteria([seen], 'Not')))).to.deep.equal(['k2', 'k3']);
  });

  it('searchScope with and without nonRecursiveScope', async () => {
    const scope = { resourceURL: `${h.server.baseUrl('alice')}/folders/f1` };
    expect(keys(await search(h.alice, { searchScope: scope }))).to.deep.equal(['k1', 'k2']);
    const virtualRoot = (
      await h.alice.json<{ reference: { resourceURL: string } }>(
        'GET',
        'folders/operations/pathToId?path=/Default',
      )
    ).reference;
    const deep = { searchScope: { resourceURL: virtualRoot.resourceURL } };
    expect(keys(await search(h.alice, deep))).to.deep.equal(['k3']);
    expect(keys(await search(h.alice, { ...deep, nonRecursiveScope: true }))).to.deep.equal([]);
  });

  it('CreatedObjects: "" gives everything and a creation cursor; the cursor gives only newer', async () => {
    const first = await search(h.alice, criteria([{ type: 'CreatedObjects', value: '' }]));
    expect(keys(first)).to.deep.equal(['k1', 'k2', 'k3']);
    expect(first.creationCursor).to.be.a('string');
    h.store.append('INBOX', message('k4'));
    const next = await search(
      h.alice,
      criteria([{ type: 'CreatedObjects', value: first.creationCursor }]),
    );
    expect(keys(next)).to.deep.equal(['k4']);
  });

  it('VanishedObjects lists user-deleted and expired objects', async () => {
    await h.alice.request('DELETE', 'objects/f1-1000-1');
    h.server.expireObject('alice', 'INBOX', 2);
    const res = await h.alice.json<{
      objectReferenceList: { objectReference: Array<{ resourceURL: string }> };
    }>('POST', 'objects/operations/search', {
      json: {
        selectionCriteria: {
          maxEntries: 10,
          ...criteria([{ type: 'VanishedObjects', value: '' }]),
        },
      },
    });
    expect(res.objectReferenceList.objectReference.map((r) => idOf(r.resourceURL))).to.deep.equal([
      'f1-1000-1',
      'f1-1000-2',
    ]);
  });

  it('refuses missing or out-of-range maxEntries, bad criteria, bad cursors with 400', async () => {
    const bodies: unknown[] = [
      { selectionCriteria: {} },
      { selectionCriteria: { maxEntries: 0 } },
      { selectionCriteria: { maxEntries: '10' } },
      { selectionCriteria: { maxEntries: 10, ...criteria([{ type: 'Nope', value: 'x' }]) } },
      {
        selectionCriteria: {
          maxEntries: 10,
          ...criteria([{ type: 'Date', value: 'minDate=yesterday' }]),
        },
      },
      {
        selectionCriteria: {
          maxEntries: 10,
          ...criteria([{ type: 'Flag', name: '\\Seen', value: 'maybe' }]),
        },
      },
      {
        selectionCriteria: {
          maxEntries: 10,
          ...criteria([
            { type: 'VanishedObjects', value: '' },
            { type: 'Flag', name: '\\Seen', value: 'true' },
          ]),
        },
      },
      { selectionCriteria: { maxEntries: 10, fromCursor: 'garbage!' } },
      {
        selectionCriteria: {
          maxEntries: 10,
          searchScope: { resourceURL: 'http://elsewhere/folders/f1' },
        },
      },
    ];
    for (const json of bodies) {
      const res = await h.alice.request('POST', 'objects/operations/search', { json, ...ANY });
      expect(res.status, JSON.stringify(json)).to.equal(400);
    }
  });

  it('a paged walk loses nothing while objects are created and deleted mid-walk', async () => {
    for (let i = 4; i <= 30; i++) h.store.append('INBOX', message(`k${i}`));
    const before = new Set(h.store.objects('INBOX').map((o) => o.uid));
    let created = 0;
    const seen = await walk(h.alice, 4, (page) => {
      h.store.append('INBOX', message(`new${page}`));
      created += 1;
      const victim = h.store.objects('INBOX').find((o) => o.uid > 12 && o.uid % 3 === page % 3);
      if (victim && page < 3) {
        h.store.setFlags('INBOX', [victim.uid], 'add', ['\\Deleted']);
        h.store.expunge('INBOX', [victim.uid]);
        before.delete(victim.uid);
      }
    });
    const seenInbox = new Set(
      seen
        .filter((o) => o.path.startsWith('/INBOX/'))
        .map((o) => Number(idOf(o.resourceURL).split('-')[2])),
    );
    for (const uid of before) expect(seenInbox.has(uid), `uid ${uid}`).to.equal(true);
    expect(seen.map((o) => o.correlationId)).to.include('k3');
    expect(created).to.be.greaterThan(3);
  });

  it('lastModSeq grows with a flag change and stays on a no-op change', async () => {
    const get = async () =>
      (await h.alice.json<{ object: { lastModSeq: number } }>('GET', 'objects/f1-1000-2')).object
        .lastModSeq;
    const initial = await get();
    await h.alice.request('PUT', 'objects/f1-1000-2/flags/%5CFlagged', { json: {} });
    const raised = await get();
    expect(raised).to.be.greaterThan(initial);
    await h.alice.request('PUT', 'objects/f1-1000-2/flags/%5CFlagged', { json: {} });
    h.store.setFlags('INBOX', [2], 'add', ['\\Flagged']);
    expect(await get()).to.equal(raised);
  });
});
