import { expect } from 'chai';
import { idOf, search, startFolderHarness, type FolderJson, type Harness } from './helpers.ts';

describe('NMS front end: folder search, copyToFolder, moveToFolder', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startFolderHarness();
  });
  afterEach(() => h.server.stop());

  it('folder search lists every folder below the scope, paged', async () => {
    const list = await h.alice.json<{ folderList: { folder: FolderJson[]; cursor?: string } }>(
      'POST',
      'folders/operations/search',
      { json: { selectionCriteria: { maxEntries: 2 } } },
    );
    expect(list.folderList.folder.map((f) => f.path)).to.deep.equal(['/INBOX', '/Default/conv-a']);
    const next = await h.alice.json<{ folderList: { folder: FolderJson[]; cursor?: string } }>(
      'POST',
      'folders/operations/search',
      { json: { selectionCriteria: { maxEntries: 2, fromCursor: list.folderList.cursor } } },
    );
    expect(next.folderList.folder.map((f) => f.path)).to.deep.equal(['/Default']);
    expect(next.folderList.cursor).to.equal(undefined);
  });

  it('copyToFolder makes a new object linking the same content; moveToFolder removes the source', async () => {
    const target = `${h.server.baseUrl('alice')}/folders/f2`;
    const source = `${h.server.baseUrl('alice')}/objects/f1-1000-1`;
    const missing = `${h.server.baseUrl('alice')}/objects/f1-1000-9`;
    const body = (op: string, refs: string[]) =>
      h.alice.json<{
        bulkResponseList: { response: Array<{ code: number; success?: { resourceURL: string } }> };
      }>('POST', `folders/operations/${op}`, {
        json: {
          targetSourceRef: {
            targetRef: target,
            sourceRefs: {
              objects: { objectReference: refs.map((resourceURL) => ({ resourceURL })) },
            },
          },
        },
      });
    const copied = await body('copyToFolder', [source, missing]);
    const [ok, failed] = copied.bulkResponseList.response;
    expect(ok!.code).to.equal(201);
    expect(failed!.code).to.equal(404);
    const copyUrl = ok!.success!.resourceURL;
    expect(idOf(copyUrl)).to.match(/^f2-/);
    const objects = (await search(h.alice)).object;
    const payloads = objects.filter((o) => o.correlationId === 'k1').map((o) => o.payloadURL);
    expect(payloads).to.have.length(2);
    expect(new Set(payloads).size).to.equal(1);
    expect(h.store.contentCount).to.equal(2);
    const moved = await body('moveToFolder', [`${h.server.baseUrl('alice')}/objects/f1-1000-2`]);
    expect(moved.bulkResponseList.response[0]!.code).to.equal(201);
    expect(h.store.objects('INBOX').map((o) => o.uid)).to.deep.equal([1]);
    expect(h.store.objects('Default/conv-a')).to.have.length(2);
  });
});
