/**
 * Whether the box's objects carry a `payloadURL` (content identity, copy-linkage). Read
 * from any object of the box; an empty box is probed with one object in a folder of its
 * own, deleted at once with its folder.
 */
import {
  createFolder,
  createObject,
  deleteFolder,
  getObject,
  searchObjectsPage,
  type NmsHttp,
} from '../../../src/bindings/nms/client/index.ts';

const PROBE = (key: string) =>
  Buffer.from(
    `From: <tel:+19585550100>\r\nTo: <tel:+19585550101>\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\n` +
      `IMDN-Message-ID: ${key}\r\nContent-Type: text/plain\r\n\r\nprobe\r\n`,
  );

export async function probePayloadUrl(http: NmsHttp): Promise<boolean> {
  const first = (await searchObjectsPage(http, { maxEntries: 1 })).objects[0];
  if (first) return first.payloadURL !== undefined;
  const name = `cpmct-probe-${process.pid}-${Date.now()}`;
  const folder = await createFolder(http, { parentFolderPath: '/', name });
  try {
    const created = await createObject(http, {
      parentFolder: folder.resourceURL,
      flags: [],
      raw: PROBE(`${name}@probe`),
    });
    return (await getObject(http, created.resourceURL)).payloadURL !== undefined;
  } finally {
    await deleteFolder(http, folder.resourceURL);
  }
}
