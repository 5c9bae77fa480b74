/** The typed searches of simplified synchronisation: CreatedObjects, VanishedObjects, Flag. */
import { expect } from 'chai';
import {
  createdObjects,
  createFolder,
  createObject,
  deleteObject,
  flagCriterion,
  searchObjects,
  vanishedObjects,
} from '../../src/bindings/nms/client/index.ts';
import { object, useNms } from './helpers.ts';

describe('nms clients: simplified synchronisation searches', function () {
  this.timeout(10_000);
  const nms = useNms();

  it('CreatedObjects pages from "" then from the cursor; VanishedObjects; Flag set or not', async () => {
    const h = nms.http();
    const folder = await createFolder(h, { parentFolderPath: '/', name: 'A' });
    const create = (key: string, flags: string[]) =>
      createObject(h, { parentFolder: folder.resourceURL, flags, raw: object(key).raw });
    const gone = await create('k-1', ['\\Seen']);
    await create('k-2', []);
    const first = await createdObjects(h, '', 1);
    expect(first.objects.map((o) => o.correlationId)).to.deep.equal(['k-1', 'k-2']);
    expect(first.creationCursor).to.be.a('string').and.not.equal('');
    await create('k-3', ['\\Seen', '\\Flagged']);
    await deleteObject(h, gone.resourceURL);
    const next = await createdObjects(h, first.creationCursor, 1);
    expect(next.objects.map((o) => o.correlationId)).to.deep.equal(['k-3']);
    expect(await vanishedObjects(h, 1)).to.deep.equal([gone.resourceURL]);
    const keys = async (name: string, set: boolean) =>
      (await searchObjects(h, { criteria: [flagCriterion(name, set)] })).map(
        (o) => o.correlationId,
      );
    expect(await keys('\\Seen', false)).to.deep.equal(['k-2']);
    expect(await keys('\\Flagged', true)).to.deep.equal(['k-3']);
  });
});
