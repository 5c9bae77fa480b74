/**
 * A binding-neutral projection of a store or a device replica, used to compare an
 * implementation with the oracle. UIDs are not part of it: objects are identified by
 * their correlation key (IMDN-Message-ID, else Message-ID).
 */
import { headerValue } from './rfc822.ts';
import type { MessageStore } from './store.ts';

export interface ObjectView {
  key: string;
  flags: string[];
  /** Device replicas only: whether the content is held locally or only the metadata. */
  content?: 'full' | 'metadata';
}

export interface FolderView {
  name: string;
  objects: ObjectView[];
}

export interface StoreView {
  folders: FolderView[];
}

/** Flags that never take part in comparison (session state). */
const IGNORED_FLAGS = new Set(['\\recent']);

export function objectKey(raw: Buffer): string {
  return (
    headerValue(raw, 'IMDN-Message-ID') ??
    headerValue(raw, 'Message-ID') ??
    `size:${raw.length}`
  ).trim();
}

export function cleanFlags(flags: Iterable<string>): string[] {
  return [...flags].filter((f) => !IGNORED_FLAGS.has(f.toLowerCase())).sort();
}

export function viewOfStore(store: MessageStore): StoreView {
  return normaliseView({
    folders: store.listFolders().map((folder) => ({
      name: folder.name,
      objects: store.objects(folder.name).map((o) => ({
        key: objectKey(store.content(o.contentId).raw),
        flags: cleanFlags(o.flags),
      })),
    })),
  });
}

export function normaliseView(view: StoreView): StoreView {
  return {
    folders: [...view.folders]
      .map((f) => ({
        name: f.name,
        objects: [...f.objects]
          .map((o) => ({ ...o, flags: cleanFlags(o.flags) }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export interface DiffOptions {
  /** Compare the `content` marker of objects (device replicas). */
  content?: boolean;
  /** Only compare these folders (partial sync by folder subset). */
  folders?: (name: string) => boolean;
}

/** One difference between what was expected and what was observed, with its reading. */
export type ViewDifference =
  | { kind: 'folder-missing' | 'folder-extra'; folder: string; text: string }
  | { kind: 'object-missing' | 'object-extra'; folder: string; key: string; text: string }
  | {
      kind: 'copies';
      folder: string;
      key: string;
      expected: number;
      actual: number;
      text: string;
    }
  | {
      kind: 'flags';
      folder: string;
      key: string;
      /** Flags expected and not observed, and observed and not expected. */
      missing: string[];
      extra: string[];
      text: string;
    }
  | {
      kind: 'content';
      folder: string;
      key: string;
      expected: 'full' | 'metadata';
      actual: 'full' | 'metadata';
      text: string;
    };

/** Human-readable differences between what was expected and what was observed. */
export function diffViews(
  expected: StoreView,
  actual: StoreView,
  options: DiffOptions = {},
): string[] {
  return differences(expected, actual, options).map((d) => d.text);
}

/** The differences between what was expected and what was observed, one record each. */
export function differences(
  expected: StoreView,
  actual: StoreView,
  options: DiffOptions = {},
): ViewDifference[] {
  const keep = options.folders ?? (() => true);
  const out: ViewDifference[] = [];
  const exp = new Map(expected.folders.filter((f) => keep(f.name)).map((f) => [f.name, f]));
  const act = new Map(actual.folders.filter((f) => keep(f.name)).map((f) => [f.name, f]));
  for (const name of exp.keys())
    if (!act.has(name))
      out.push({ kind: 'folder-missing', folder: name, text: `folder ${name}: expected, missing` });
  for (const [name, folder] of act)
    if (!exp.has(name) && !(folder.objects.length === 0 && isAncestor(name, exp.keys())))
      out.push({
        kind: 'folder-extra',
        folder: name,
        text: `folder ${name}: present, not expected`,
      });
  for (const [name, e] of exp) {
    const a = act.get(name);
    if (a) out.push(...diffFolder(e, a, options));
  }
  return out;
}

/**
 * An empty folder that only holds up an expected one (`Default` above `Default/conv-1`):
 * stores whose folders form a tree (NMS) show it, others (IMAP) need not. Not a difference.
 */
function isAncestor(name: string, expected: Iterable<string>): boolean {
  for (const other of expected) if (other.startsWith(`${name}/`)) return true;
  return false;
}

function diffFolder(
  expected: FolderView,
  actual: FolderView,
  options: DiffOptions,
): ViewDifference[] {
  const out: ViewDifference[] = [];
  const folder = expected.name;
  const group = (objects: ObjectView[]) => {
    const map = new Map<string, ObjectView[]>();
    for (const o of objects) map.set(o.key, [...(map.get(o.key) ?? []), o]);
    return map;
  };
  const exp = group(expected.objects);
  const act = group(actual.objects);
  for (const [key, list] of exp) {
    const got = act.get(key) ?? [];
    if (got.length === 0) {
      out.push({
        kind: 'object-missing',
        folder,
        key,
        text: `${folder} ${key}: expected, missing`,
      });
      continue;
    }
    if (got.length !== list.length)
      out.push({
        kind: 'copies',
        folder,
        key,
        expected: list.length,
        actual: got.length,
        text: `${folder} ${key}: ${got.length} copies, expected ${list.length}`,
      });
    const e = list[0]!;
    const a = got[0]!;
    if (e.flags.join(' ') !== a.flags.join(' ')) {
      out.push({
        kind: 'flags',
        folder,
        key,
        missing: e.flags.filter((f) => !a.flags.includes(f)),
        extra: a.flags.filter((f) => !e.flags.includes(f)),
        text: `${folder} ${key}: flags (${a.flags.join(' ')}), expected (${e.flags.join(' ')})`,
      });
    }
    if (options.content && e.content && a.content && e.content !== a.content) {
      out.push({
        kind: 'content',
        folder,
        key,
        expected: e.content,
        actual: a.content,
        text: `${folder} ${key}: content ${a.content}, expected ${e.content}`,
      });
    }
  }
  for (const key of act.keys()) {
    if (!exp.has(key))
      out.push({
        kind: 'object-extra',
        folder,
        key,
        text: `${folder} ${key}: present, not expected`,
      });
  }
  return out;
}
