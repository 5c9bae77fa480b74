/**
 * Trace assertions for client conformance (IMAP): what a client sent to the harness's
 * store, judged against the sync procedure of 5.5.2.20. Each rule returns the lines that
 * break it (empty = holds).
 */
import type { WireEntry } from './ports.ts';

export type TraceRule =
  'lists-first' | 'metadata-only' | 'peek-only' | 'no-refetch' | 'selects' | 'not-selected';

export const TRACE_RULES: readonly TraceRule[] = [
  'lists-first',
  'metadata-only',
  'peek-only',
  'no-refetch',
  'selects',
  'not-selected',
];

interface Command {
  verb: string;
  args: string;
  line: string;
}

export function commands(entries: WireEntry[]): Command[] {
  const out: Command[] = [];
  for (const e of entries) {
    if (e.direction !== 'C') continue;
    const parts = e.line.split(' ');
    if (parts.length < 2) continue;
    let verb = (parts[1] ?? '').toUpperCase();
    let rest = parts.slice(2);
    if (verb === 'UID') {
      verb = `UID ${(parts[2] ?? '').toUpperCase()}`;
      rest = parts.slice(3);
    }
    out.push({ verb, args: rest.join(' '), line: e.line });
  }
  return out;
}

const SELECTING = new Set(['SELECT', 'EXAMINE']);
const FETCHING = new Set(['FETCH', 'UID FETCH']);
/** Whole content (or a body part): BODY[] / BODY.PEEK[] / BODY[n] / BINARY / RFC822 / RFC822.TEXT. */
const CONTENT = /(BODY(\.PEEK)?\[(\d[\d.]*|TEXT)?\]|BINARY(\.PEEK)?\[|RFC822(\.TEXT)?(?![.\w]))/i;
/** Anything beyond flags: headers, envelope, structure or content. */
const OBJECT_DATA = /(BODY|BINARY|RFC822|ENVELOPE|BODYSTRUCTURE)/i;
/** Content fetch that marks the object read: BODY[...] without PEEK, RFC822, RFC822.TEXT. */
const MARKS_READ = /(BODY\[|RFC822(\.TEXT)?(?![.\w])|BINARY\[)/i;

function mailbox(args: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(args);
  return quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : (args.split(' ')[0] ?? '');
}

export function judgeTrace(
  rule: TraceRule,
  sync: WireEntry[],
  all: WireEntry[],
  folders: string[] = [],
): string[] {
  const cmds = commands(sync);
  switch (rule) {
    case 'lists-first': {
      const firstList = cmds.findIndex((c) => c.verb === 'LIST');
      const firstSelect = cmds.findIndex((c) => SELECTING.has(c.verb));
      if (firstList < 0) return ['the sync never listed the folders (no LIST)'];
      return firstSelect >= 0 && firstSelect < firstList
        ? [`selected before listing: ${cmds[firstSelect]!.line}`]
        : [];
    }
    case 'metadata-only':
      return cmds
        .filter((c) => FETCHING.has(c.verb) && CONTENT.test(c.args))
        .map((c) => `content fetched during sync: ${c.line}`);
    case 'peek-only':
      return commands(all)
        .filter((c) => FETCHING.has(c.verb) && MARKS_READ.test(c.args))
        .map((c) => `fetch that marks the object read: ${c.line}`);
    case 'no-refetch':
      return cmds
        .filter((c) => FETCHING.has(c.verb) && OBJECT_DATA.test(c.args))
        .map((c) => `object data fetched again: ${c.line}`);
    case 'selects': {
      const selected = new Set(
        cmds.filter((c) => SELECTING.has(c.verb)).map((c) => mailbox(c.args)),
      );
      return folders.filter((f) => !selected.has(f)).map((f) => `folder ${f} was not selected`);
    }
    case 'not-selected': {
      const selected = cmds.filter((c) => SELECTING.has(c.verb)).map((c) => mailbox(c.args));
      return selected
        .filter((f) => folders.includes(f))
        .map((f) => `folder ${f} outside the preferences was selected`);
    }
  }
}
