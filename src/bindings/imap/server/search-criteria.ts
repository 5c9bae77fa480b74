/**
 * SEARCH keys (RFC 3501 6.4.4, MODSEQ from RFC 7162, EMAILID from RFC 8474) compiled
 * into a predicate over one message of the selected mailbox.
 */
import type { StoredObject } from '../../../model/types.ts';
import { ArgReader } from './args.ts';
import type { ServerServices } from './context.ts';
import { dayOf, parseSearchDate } from './dates.ts';
import { bad } from './errors.ts';
import { emailIdOf } from './fetch-render.ts';
import { addressFieldContains } from './mime/addresses.ts';
import { messageInfo } from './mime/message-info.ts';
import { isSequenceSet, parseSequenceSet, rangesContain, resolveRanges } from './sequence-set.ts';

export interface SearchSubject {
  uid: number;
  msn: number;
  object: StoredObject;
  raw: Buffer;
  modseq: bigint;
}

export type Predicate = (subject: SearchSubject) => boolean;

export interface SearchEnvironment {
  server: ServerServices;
  /** Largest message number and UID in the view, for `*`. */
  maxMsn: number;
  maxUid: number;
  /** Set when a MODSEQ key is used: the response then carries the highest MODSEQ. */
  usesModseq: boolean;
  /** Whether a message is \Recent for this session (RFC 3501 2.3.2); none when left out. */
  isRecent?: (uid: number) => boolean;
}

const FLAG_KEYS: Record<string, [string, boolean]> = {
  ANSWERED: ['\\Answered', true],
  DELETED: ['\\Deleted', true],
  DRAFT: ['\\Draft', true],
  FLAGGED: ['\\Flagged', true],
  SEEN: ['\\Seen', true],
  UNANSWERED: ['\\Answered', false],
  UNDELETED: ['\\Deleted', false],
  UNDRAFT: ['\\Draft', false],
  UNFLAGGED: ['\\Flagged', false],
  UNSEEN: ['\\Seen', false],
};

const ADDRESS_KEYS = new Set(['BCC', 'CC', 'FROM', 'TO']);

function hasFlag(object: StoredObject, flag: string): boolean {
  if (object.flags.has(flag)) return true;
  const lower = flag.toLowerCase();
  for (const f of object.flags) if (f.toLowerCase() === lower) return true;
  return false;
}

function headerContains(raw: Buffer, field: string, needle: string): boolean {
  const lowerField = field.toLowerCase();
  return messageInfo(raw).fields.some(
    (f) => f.name.toLowerCase() === lowerField && f.value.toLowerCase().includes(needle),
  );
}

function addressHeaderContains(raw: Buffer, field: string, needle: string): boolean {
  const lowerField = field.toLowerCase();
  return messageInfo(raw).fields.some(
    (f) => f.name.toLowerCase() === lowerField && addressFieldContains(f.value, needle),
  );
}

function dateKey(key: string, day: number, env: SearchEnvironment): Predicate {
  if (env.server.deviates('search-since-broken')) return () => true;
  const sent = key.startsWith('SENT');
  const dayOfSubject = (s: SearchSubject) =>
    sent ? messageInfo(s.raw).sentDayNumber : dayOf(s.object.internalDate);
  const compare = key.replace(/^SENT/, '');
  const sinceDay = env.server.deviates('search-since-off-by-one') ? day - 1 : day;
  const exact: Predicate = (s) => {
    const d = dayOfSubject(s);
    if (d === null) return false;
    if (compare === 'BEFORE') return d < day;
    if (compare === 'ON') return d === day;
    return d >= sinceDay;
  };
  if (!env.server.deviates('search-date-uid-floor')) return exact;
  // Subjects come in UID order: from the first real match on, everything matches.
  let reached = false;
  return (s) => (reached ||= exact(s));
}

function parseModseqKey(args: ArgReader, env: SearchEnvironment): Predicate {
  if (!env.server.capabilityOn('CONDSTORE')) throw bad('CONDSTORE is off');
  const next = args.peek();
  if (next?.kind === 'string') {
    args.astring('entry name');
    const type = args.atom('entry type').toLowerCase();
    if (!['priv', 'shared', 'all'].includes(type)) throw bad('invalid entry type');
  }
  const modseq = args.modseq();
  env.usesModseq = true;
  return (s) => s.modseq >= modseq;
}

/** Nesting level of a key inside NOT, OR and groups; refused past the limit, before recursing. */
function nested(depth: number, env: SearchEnvironment): number {
  if (depth >= env.server.limits.maxSearchDepth) throw bad('search keys nested too deeply');
  return depth + 1;
}

/** One search key (which may itself be NOT, OR or a parenthesised group). */
export function parseKey(args: ArgReader, env: SearchEnvironment, depth = 0): Predicate {
  const token = args.next('search key');
  if (token.kind === 'list') {
    return parseKeys(new ArgReader(token.items), env, nested(depth, env));
  }
  if (token.kind !== 'atom') throw bad('invalid search key');
  const key = token.value.toUpperCase();
  if (isSequenceSet(token.value)) {
    const ranges = resolveRanges(parseSequenceSet(token.value), env.maxMsn);
    return (s) => rangesContain(ranges, s.msn);
  }
  const flagKey = FLAG_KEYS[key];
  if (flagKey) {
    const [flag, wanted] = flagKey;
    return (s) => hasFlag(s.object, flag) === wanted;
  }
  if (ADDRESS_KEYS.has(key)) {
    const needle = args.astring('search string').toLowerCase();
    return (s) => addressHeaderContains(s.raw, key, needle);
  }
  if (key === 'SUBJECT') {
    const needle = args.astring('search string').toLowerCase();
    return (s) => headerContains(s.raw, key, needle);
  }
  switch (key) {
    case 'ALL':
      return () => true;
    case 'RECENT':
    case 'OLD':
    case 'NEW': {
      const recent = (s: SearchSubject) => env.isRecent?.(s.uid) ?? false;
      if (key === 'OLD') return (s) => !recent(s);
      if (key === 'RECENT') return recent;
      return (s) => recent(s) && !hasFlag(s.object, '\\Seen');
    }
    case 'KEYWORD':
    case 'UNKEYWORD': {
      const flag = args.atom('keyword');
      const wanted = key === 'KEYWORD';
      return (s) => hasFlag(s.object, flag) === wanted;
    }
    case 'HEADER': {
      const field = args.astring('header field');
      const needle = args.astring('search string').toLowerCase();
      return (s) => headerContains(s.raw, field, needle);
    }
    case 'BODY':
    case 'TEXT': {
      const needle = args.astring('search string').toLowerCase();
      return (s) => {
        const data = key === 'BODY' ? messageInfo(s.raw).text : s.raw;
        return data.toString('utf8').toLowerCase().includes(needle);
      };
    }
    case 'BEFORE':
    case 'ON':
    case 'SINCE':
    case 'SENTBEFORE':
    case 'SENTON':
    case 'SENTSINCE':
      return dateKey(key, parseSearchDate(args.astring('date')), env);
    case 'LARGER':
    case 'SMALLER': {
      const size = args.number('size');
      return key === 'LARGER' ? (s) => s.raw.length > size : (s) => s.raw.length < size;
    }
    case 'UID': {
      const ranges = resolveRanges(parseSequenceSet(args.atom('UID set')), env.maxUid);
      return (s) => rangesContain(ranges, s.uid);
    }
    case 'NOT': {
      const inner = parseKey(args, env, nested(depth, env));
      return (s) => !inner(s);
    }
    case 'OR': {
      const a = parseKey(args, env, nested(depth, env));
      const b = parseKey(args, env, nested(depth, env));
      return (s) => a(s) || b(s);
    }
    case 'MODSEQ':
      return parseModseqKey(args, env);
    case 'EMAILID': {
      if (!env.server.capabilityOn('OBJECTID')) throw bad('OBJECTID is off');
      const id = args.atom('email id');
      return (s) => emailIdOf(s.object.contentId) === id;
    }
    case 'THREADID':
      if (!env.server.capabilityOn('OBJECTID')) throw bad('OBJECTID is off');
      args.atom('thread id');
      return () => false;
    default:
      throw bad(`unknown search key ${token.value.slice(0, 30)}`);
  }
}

/** A sequence of keys, all of which must match. */
export function parseKeys(args: ArgReader, env: SearchEnvironment, depth = 0): Predicate {
  const predicates: Predicate[] = [];
  while (args.hasMore()) predicates.push(parseKey(args, env, depth));
  if (predicates.length === 0) throw bad('missing search criteria');
  return (s) => predicates.every((p) => p(s));
}
