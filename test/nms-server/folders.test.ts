import { expect } from 'chai';
import {
  ANY,
  idOf,
  message,
  requestErrorId,
  startFolderHarness,
  type FolderJson,
  type Harness,
} from './helpers.ts';

describe('NMS front end: folders and folder operations', () => {
  let h: Harness;
  const folder = async (id: string, query = '') =>
    (await h.alice.json<{ folder: FolderJson }>('GET', `folders/${id}${query}`)).folder;
  const idOfPath = async (path: string) =>
    idOf(
      (
        await h.alice.json<{ reference: { resourceURL: string } }>(
          'GET',
          `folders/operations/pathToId?path=${encodeURIComponent(path)}`,
        )
      ).reference.resourceURL,
    );

  beforeEach(async () => {
    h = await startFolderHarness();
  });
  afterEach(() => h.server.stop());

  it('the root lists model and virtual top-level folders and carries Root: Yes', async () => {
    const root = await folder('root');
    expect(root.path).to.equal('/');
    expect(root.attributes.attribute).to.deep.include({ name: 'Root', value: ['Yes'] });
    expect(root.subFolders.folderReference.map((r) => r.path)).to.deep.equal([
      '/INBOX',
      '/Default',
    ]);
    expect(root.parentFolder).to.equal(undefined);
    const inbox = await folder('f1');
    expect(inbox.name).to.equal('INBOX');
    expect(inbox.parentFolder).to.equal(`${h.server.baseUrl('alice')}/folders/root`);
    expect(inbox.objects.objectReference.map((r) => idOf(r.resourceURL))).to.deep.equal([
      'f1-1000-1',
      'f1-1000-2',
    ]);
  });

  it('a virtual folder lists its model children and has a stable id', async () => {
    const v = await idOfPath('/Default');
    expect(v).to.match(/^v[0-9]+$/);
    const listed = await folder(v);
    expect(listed.subFolders.folderReference.map((r) => r.path)).to.deep.equal(['/Default/conv-a']);
    expect(await idOfPath('/Default')).to.equal(v);
  });

  it('GET folder pages sub-folders and objects with maxEntries / fromCursor and listFilter', async () => {
    const first = await folder('f1', '?maxEntries=1');
    expect(first.objects.objectReference).to.have.length(1);
    expect(first.cursor).to.be.a('string');
    const second = await folder('f1', `?maxEntries=1&fromCursor=${first.cursor}`);
    expect(second.objects.objectReference.map((r) => idOf(r.resourceURL))).to.deep.equal([
      'f1-1000-2',
    ]);
    expect(second.cursor).to.equal(undefined);
    const onlyFolders = await folder('root', '?listFilter=Objects');
    expect(onlyFolders.subFolders.folderReference).to.have.length(0);
    expect((await h.alice.request('GET', 'folders/f1?listFilter=All', ANY)).status).to.equal(400);
  });

  it('POST /folders creates below a parent (201 + Location), 409 when it exists', async () => {
    const res = await h.alice.request('POST', 'folders', {
      json: { folder: { parentFolder: `${h.server.baseUrl('alice')}/folders/f1`, name: 'sub' } },
    });
    expect(res.status).to.equal(201);
    expect(res.headers.get('location')).to.match(/\/folders\/f[0-9]+$/);
    expect(h.store.hasFolder('INBOX/sub')).to.equal(true);
    const again = await h.alice.request('POST', 'folders', {
      json: { folder: { parentFolderPath: '/INBOX', name: 'sub' } },
      ...ANY,
    });
    expect(again.status).to.equal(409);
    expect(requestErrorId(again.json)).to.equal('SVC0002');
  });

  it('POST /folders with missing parents makes them virtual, not model folders', async () => {
    const res = await h.alice.request('POST', 'folders', {
      json: { folder: { parentFolderPath: '/A/B', name: 'c' } },
    });
    expect(res.status).to.equal(201);
    expect(h.store.hasFolder('A/B/c')).to.equal(true);
    expect(h.store.hasFolder('A')).to.equal(false);
    expect(await idOfPath('/A/B')).to.match(/^v/);
  });

  it('POST /folders refuses a bad name with 400', async () => {
    for (const name of ['', 'a/b', '..', 7]) {
      const res = await h.alice.request('POST', 'folders', {
        json: { folder: { parentFolderPath: '/', name } },
        ...ANY,
      });
      expect(res.status, String(name)).to.equal(400);
    }
  });

  it('folderName: GET, PUT renames (id kept, lastModSeq raised); root answers 403 POL1030', async () => {
    const before = await folder('f2');
    expect(
      (await h.alice.json<{ folderName: string }>('GET', 'folders/f2/folderName')).folderName,
    ).to.equal('conv-a');
    const res = await h.alice.request('PUT', 'folders/f2/folderName', {
      json: { folderName: 'conv-b' },
    });
    expect(res.status).to.equal(204);
    expect(h.store.hasFolder('Default/conv-b')).to.equal(true);
    const after = await folder('f2');
    expect(after.path).to.equal('/Default/conv-b');
    expect(after.lastModSeq).to.be.greaterThan(before.lastModSeq);
    const root = await h.alice.request('PUT', 'folders/root/folderName', {
      json: { folderName: 'x' },
      ...ANY,
    });
    expect(root.status).to.equal(403);
    expect(requestErrorId(root.json)).to.equal('POL1030');
  });

  it('folder lastModSeq does not change when its objects change', async () => {
    const before = await folder('f1');
    h.store.setFlags('INBOX', [1], 'add', ['\\Seen']);
    h.store.append('INBOX', message('k3'));
    expect((await folder('f1')).lastModSeq).to.equal(before.lastModSeq);
  });

  it('DELETE a folder is recursive; deleting a virtual folder deletes the model folders below', async () => {
    h.store.createFolder('INBOX/sub');
    expect((await h.alice.request('DELETE', 'folders/f1')).status).to.equal(204);
    expect(h.store.hasFolder('INBOX')).to.equal(false);
    expect(h.store.hasFolder('INBOX/sub')).to.equal(false);
    const v = await idOfPath('/Default');
    expect((await h.alice.request('DELETE', `folders/${v}`)).status).to.equal(204);
    expect(h.store.hasFolder('Default/conv-a')).to.equal(false);
    expect((await h.alice.request('GET', `folders/${v}`, ANY)).status).to.equal(404);
    const root = await h.alice.request('DELETE', 'folders/root', ANY);
    expect(root.status).to.equal(403);
    expect(requestErrorId(root.json)).to.equal('POL0001');
  });
});
