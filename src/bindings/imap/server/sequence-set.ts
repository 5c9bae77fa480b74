/** Sequence sets (`1:3,7,9:*`) for message numbers and UIDs, and compact UID-set output. */
import { bad } from './errors.ts';

type Bound = number | '*';

export interface SequenceSet {
  ranges: Array<{ from: Bound; to: Bound }>;
}

const ELEMENT = /^(\d+|\*)(?::(\d+|\*))?$/;

export function isSequenceSet(text: string): boolean {
  return text.split(',').every((part) => ELEMENT.test(part));
}

export function parseSequenceSet(text: string): SequenceSet {
  const ranges: SequenceSet['ranges'] = [];
  for (const part of text.split(',')) {
    const match = ELEMENT.exec(part);
    if (!match) throw bad(`invalid sequence set ${text.slice(0, 40)}`);
    const from = bound(match[1]!);
    const to = match[2] === undefined ? from : bound(match[2]);
    ranges.push({ from, to });
  }
  return { ranges };
}

function bound(text: string): Bound {
  if (text === '*') return '*';
  const n = Number(text);
  if (n === 0 || n > 0xffffffff) throw bad('sequence number out of range');
  return n;
}

/** Sorted, merged inclusive ranges with `*` replaced by `max` (the largest in use). */
export function resolveRanges(set: SequenceSet, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const { from, to } of set.ranges) {
    const a = from === '*' ? max : from;
    const b = to === '*' ? max : to;
    out.push([Math.min(a, b), Math.max(a, b)]);
  }
  out.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const range of out) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

export function rangesContain(ranges: Array<[number, number]>, n: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = ranges[mid]!;
    if (n < range[0]) hi = mid - 1;
    else if (n > range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** `[1,2,3,5]` -> `1:3,5`; input in any order, duplicates ignored. */
export function formatSequenceSet(numbers: Iterable<number>): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let prev = 0;
  for (const n of sorted) {
    if (start !== undefined && n === prev + 1) {
      prev = n;
      continue;
    }
    if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = n;
    prev = n;
  }
  if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
  return parts.join(',');
}

/** Keep the order of `numbers` but list each once (COPYUID pairs need the same order). */
export function formatInOrder(numbers: number[]): string {
  const sortedSame = numbers.every((n, i) => i === 0 || n > numbers[i - 1]!);
  return sortedSame ? formatSequenceSet(numbers) : numbers.join(',');
}
