/**
 * A read-only view of an NMS box as the oracle compares it: the model folders (by name,
 * without the leading `/`) and the key and flags of each object. Only searches: one folder
 * search and one box-wide object search, both following cursors.
 */
import {
  searchFolders,
  searchObjects,
  type NmsHttp,
} from '../../../src/bindings/nms/client/index.ts';
import { normaliseView, type StoreView } from '../../../src/model/view.ts';
import { flagsOf, folderNameOf, isModelFolder, keyOf } from './nms-object.ts';

export async function viewOfBox(http: NmsHttp, pageSize?: number): Promise<StoreView> {
  const paging = pageSize !== undefined ? { maxEntries: pageSize } : {};
  const folders = (await searchFolders(http, paging)).filter(isModelFolder);
  const byUrl = new Map<string, StoreView['folders'][number]>();
  for (const f of folders) byUrl.set(f.resourceURL, { name: folderNameOf(f.path), objects: [] });
  for (const o of await searchObjects(http, paging)) {
    const folder = o.parentFolder !== undefined ? byUrl.get(o.parentFolder) : undefined;
    folder?.objects.push({ key: keyOf(o), flags: [...flagsOf(o)] });
  }
  return normaliseView({ folders: [...byUrl.values()] });
}
