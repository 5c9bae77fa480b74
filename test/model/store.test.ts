import { expect } from 'chai';
import { MessageStore } from '../../src/model/store.ts';
import { viewOfStore, diffViews } from '../../src/model/view.ts';
import { ModelError } from '../../src/model/errors.ts';

const msg = (id: string) =>
  Buffer.from(`IMDN-Message-ID: ${id}\r\nSubject: x\r\n\r\nbody ${id}\r\n`);

describe('model: MessageStore', () => {
  it('assigns increasing UIDs and mod-sequences, and distinct UIDVALIDITY per folder', () => {
    const store = new MessageStore({ uidValidityBase: 7 });
    const a = store.createFolder('A');
    const b = store.createFolder('B');
    expect(a.uidValidity).to.equal(7);
    expect(b.uidValidity).to.equal(8);
    const first = store.append('A', msg('1'));
    const second = store.append('A', msg('2'));
    expect([first.uid, second.uid]).to.deep.equal([1, 2]);
    expect(store.object('A', 2).modseq > store.object('A', 1).modseq).to.equal(true);
    expect(store.folder('A').highestModseq).to.equal(store.object('A', 2).modseq);
  });

  it('copies by linking the same content, and frees content only when the last link goes', () => {
    const store = new MessageStore();
    store.createFolder('A');
    store.createFolder('B');
    store.append('A', msg('1'));
    const copy = store.copy('A', [1], 'B');
    expect(copy.targetUids).to.deep.equal([1]);
    expect(store.contentCount).to.equal(1);
    expect(store.object('B', 1).contentId).to.equal(store.object('A', 1).contentId);
    store.setFlags('A', [1], 'add', ['\\Deleted']);
    store.expunge('A');
    expect(store.contentCount).to.equal(1);
    store.deleteFolder('B');
    expect(store.contentCount).to.equal(0);
  });

  it('reports flag changes and expunges since a mod-sequence, with tombstones', () => {
    const store = new MessageStore();
    store.createFolder('A');
    for (const id of ['1', '2', '3']) store.append('A', msg(id));
    const mark = store.folder('A').highestModseq;
    store.setFlags('A', [1], 'add', ['\\seen']);
    store.setFlags('A', [2], 'add', ['\\Deleted']);
    store.expunge('A');
    const since = store.changedSince('A', mark);
    expect(since.changed.map((o) => o.uid)).to.deep.equal([1]);
    expect(since.vanished).to.deep.equal([2]);
    expect([...store.object('A', 1).flags]).to.deep.equal(['\\Seen']);
  });

  it('refuses a conditional store on an object changed since (UNCHANGEDSINCE)', () => {
    const store = new MessageStore();
    store.createFolder('A');
    store.append('A', msg('1'));
    const seen = store.object('A', 1).modseq;
    store.setFlags('A', [1], 'add', ['\\Flagged']);
    const result = store.setFlags('A', [1], 'add', ['\\Seen'], { unchangedSince: seen });
    expect(result.modified).to.deep.equal([1]);
    expect(store.object('A', 1).flags.has('\\Seen')).to.equal(false);
  });

  it('gives a rebuilt folder a new UIDVALIDITY and keeps its objects', () => {
    const store = new MessageStore();
    store.createFolder('A');
    store.append('A', msg('1'));
    const before = store.folder('A').uidValidity;
    store.resetFolder('A');
    expect(store.folder('A').uidValidity).to.not.equal(before);
    expect(viewOfStore(store).folders[0]!.objects.map((o) => o.key)).to.deep.equal(['1']);
  });

  it('raises coded errors for missing folders and duplicates', () => {
    const store = new MessageStore();
    store.createFolder('A');
    expect(() => store.createFolder('A'))
      .to.throw(ModelError)
      .with.property('code', 'ALREADYEXISTS');
    expect(() => store.append('Nope', msg('1')))
      .to.throw(ModelError)
      .with.property('code', 'TRYCREATE');
  });

  it('emits every change to listeners', () => {
    const store = new MessageStore();
    const kinds: string[] = [];
    store.onChange((c) => kinds.push(c.kind));
    store.createFolder('A');
    store.append('A', msg('1'));
    store.setFlags('A', [1], 'add', ['\\Seen']);
    expect(kinds).to.deep.equal(['folder-created', 'object-new', 'object-flags']);
  });
});

describe('model: views and diffs', () => {
  it('finds missing, unexpected, duplicated objects and flag differences', () => {
    const expected = {
      folders: [
        {
          name: 'A',
          objects: [
            { key: 'k1', flags: ['\\Seen'] },
            { key: 'k2', flags: [] },
          ],
        },
      ],
    };
    const actual = {
      folders: [
        {
          name: 'A',
          objects: [
            { key: 'k1', flags: [] },
            { key: 'k3', flags: [] },
            { key: 'k3', flags: [] },
          ],
        },
        { name: 'B', objects: [] },
      ],
    };
    const diff = diffViews(expected, actual);
    expect(diff).to.include('folder B: present, not expected');
    expect(diff).to.include('A k2: expected, missing');
    expect(diff).to.include('A k3: present, not expected');
    expect(diff.some((d) => d.startsWith('A k1: flags'))).to.equal(true);
    expect(diffViews(expected, expected)).to.deep.equal([]);
  });

  it('diff: an empty parent of an expected folder is no difference; a parent holding objects is', () => {
    const expected = { folders: [{ name: 'Default/c1', objects: [] }] };
    const emptyParent = {
      folders: [
        { name: 'Default', objects: [] },
        { name: 'Default/c1', objects: [] },
      ],
    };
    expect(diffViews(expected, emptyParent)).to.deep.equal([]);
    const fullParent = {
      folders: [
        { name: 'Default', objects: [{ key: 'k', flags: [] }] },
        { name: 'Default/c1', objects: [] },
      ],
    };
    expect(diffViews(expected, fullParent)).to.include('folder Default: present, not expected');
    const unrelated = { folders: [...expected.folders, { name: 'Def', objects: [] }] };
    expect(diffViews(expected, unrelated)).to.include('folder Def: present, not expected');
  });
});
