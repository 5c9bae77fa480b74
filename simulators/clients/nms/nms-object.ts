/**
 * What the NMS devices and store actor read from NMS JSON: the model folder name of a folder
 * path, the correlation key, type, date and size of an object, and which folders are
 * cpmct's virtual intermediate folders (docs/nms-contract.md "Addressing").
 */
import {
  attributeOf,
  idOfUrl,
  type NmsFolder,
  type NmsObject,
} from '../../../src/bindings/nms/client/index.ts';
import { cleanFlags } from '../../../src/model/view.ts';
import type { ServerObject } from '../merge.ts';
import { objectTypeOf } from '../object-type.ts';

/** `/Default/conv-alpha` → `Default/conv-alpha` (the model name). */
export function folderNameOf(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The path of a model folder name: `Default/x` → `/Default/x`. */
export function pathOf(name: string): string {
  return `/${name}`;
}

/** The parent path and last segment of a model folder name, for `POST folders`. */
export function splitName(name: string): { parentFolderPath: string; name: string } {
  const at = name.lastIndexOf('/');
  return at < 0
    ? { parentFolderPath: '/', name }
    : { parentFolderPath: `/${name.slice(0, at)}`, name: name.slice(at + 1) };
}

/**
 * The root, and cpmct's virtual folders (`v{n}`: a path that only holds up a model folder
 * below it, never a model folder): neither is a folder of the model, so neither is mirrored
 * nor shown, as an IMAP \Noselect parent is not.
 */
export function isModelFolder(folder: NmsFolder): boolean {
  if (folderNameOf(folder.path) === '') return false;
  if (attributeOf(folder, 'Root')?.toLowerCase() === 'yes') return false;
  return !/^v[0-9]+$/.test(idOfUrl(folder.resourceURL));
}

/** The correlation key: `correlationId` (IMDN-Message-ID, else Message-ID). */
export function keyOf(o: NmsObject): string {
  return o.correlationId?.trim() || `size:${attributeOf(o, 'Size') ?? 0}`;
}

export function flagsOf(o: { flags?: { flag?: string[] } }): Set<string> {
  return new Set(cleanFlags(o.flags?.flag ?? []));
}

export function isDeleted(flags: Iterable<string>): boolean {
  return [...flags].some((f) => f.toLowerCase() === '\\deleted');
}

/** The replica's view of a server object (metadata only). */
export function serverObjectOf(o: NmsObject): ServerObject<string> {
  const date = new Date(attributeOf(o, 'Date') ?? 0);
  const size = Number(attributeOf(o, 'Size'));
  return {
    id: idOfUrl(o.resourceURL),
    key: keyOf(o),
    flags: flagsOf(o),
    date: Number.isNaN(date.getTime()) ? new Date(0) : date,
    type: objectTypeOf(attributeOf(o, 'Content-Type'), attributeOf(o, 'Message-Context')),
    size: Number.isFinite(size) ? size : undefined,
  };
}
