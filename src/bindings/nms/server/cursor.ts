/**
 * Opaque, stable paging cursors. Items have a fixed order key; a cursor names the last item
 * returned (plus, for object searches, the creation cursor of the walk's first page), so
 * items created or deleted during a walk never make an existing one be skipped.
 */
import { invalid } from './request-error.ts';

export interface CursorState {
  /** Order key of the last item returned. */
  k: number[];
  /** Creation cursor of the walk (object searches). */
  c?: string;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    const validKey = Array.isArray(state.k) && state.k.every((n) => Number.isInteger(n));
    if (!validKey || (state.c !== undefined && typeof state.c !== 'string')) throw new Error();
    return state;
  } catch {
    throw invalid('fromCursor');
  }
}

export function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export interface Page<T> {
  items: T[];
  /** Key of the last item returned when more items follow. */
  next?: number[];
}

/**
 * Up to `max` items after `after` (items sorted by `order`). `skipFirst` drops the first
 * item of the page (the nms-paging-skips mutant).
 */
export function pageAfter<T extends { order: number[] }>(
  sorted: T[],
  after: number[] | undefined,
  max: number,
  skipFirst = false,
): Page<T> {
  let rest = after ? sorted.filter((item) => compareOrder(item.order, after) > 0) : sorted;
  if (skipFirst) rest = rest.slice(1);
  const items = rest.slice(0, max);
  const last = items[items.length - 1];
  return rest.length > max && last ? { items, next: last.order } : { items };
}

/** The creation cursor for a box position, and back (`""` = from the start). */
export function creationCursor(position: bigint): string {
  return `c${position}`;
}

export function creationPositionOf(value: string): bigint {
  if (value === '') return -1n;
  const match = /^c([0-9]+)$/.exec(value);
  if (!match?.[1]) throw invalid('CreatedObjects value');
  return BigInt(match[1]);
}
