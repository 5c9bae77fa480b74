/**
 * Trace assertions for client conformance over NMS REST: what a client sent to the harness's
 * NMS store (one WireEntry per request, with its HttpRecord), judged against the sync
 * procedure of 5.5.2.20 as NMS carries it. The IMAP rules keep their names and meaning
 * (lists-first: a folder search before any folder is walked; selects: each named folder was
 * walked or a box-wide change search covered it; ...); the NMS-only rules judge what IMAP has
 * no counterpart for (restart token, cursors, Retry-After, the operations the spec names).
 * Each rule returns the findings that break it (empty = holds).
 */
import type { HttpRecord, WireEntry } from './ports.ts';
import type { TraceRule } from './trace-rules.ts';

export type NmsOnlyTraceRule =
  'restart-token' | 'follows-cursor' | 'nms-operations' | 'copy-target' | 'retry-after';

export const NMS_ONLY_TRACE_RULES: readonly NmsOnlyTraceRule[] = [
  'restart-token',
  'follows-cursor',
  'nms-operations',
  'copy-target',
  'retry-after',
];

export function isNmsOnlyRule(rule: string): rule is NmsOnlyTraceRule {
  return (NMS_ONLY_TRACE_RULES as readonly string[]).includes(rule);
}

/** The clause each NMS-only rule judges (the shared rules keep the IMAP rules' clauses). */
export const NMS_TRACE_CLAUSE: Record<NmsOnlyTraceRule, string> = {
  // Learning what changed since the last sync (3a) from the subscription's replay.
  'restart-token': 'SD-5.5.2.20-3a',
  // Every new object reaches the device (3b): a walk that stops at the first page misses some.
  'follows-cursor': 'SD-5.5.2.20-3b',
  // Flag changes (3f); a deletion (3e) or an upload (3d) finding names its own clause.
  'nms-operations': 'SD-5.5.2.20-3f',
  'copy-target': 'SD-5.5.2.5-request',
  // The client starts and paces its synchronisation (a busy store's Retry-After).
  'retry-after': 'SD-5.5.2.20-client-initiated',
};

/** Rules weaker than their clause: a finding warns (the spec says SHOULD, or an HTTP "ought"). */
export const NMS_RULE_LEVEL: Partial<Record<NmsTraceRule, 'SHOULD'>> = {
  'restart-token': 'SHOULD',
  'retry-after': 'SHOULD',
};

/** Every rule a case can name over NMS: the binding-neutral ones and the NMS-only ones. */
export type NmsTraceRule = TraceRule | NmsOnlyTraceRule;

/** A finding; `clause` when it proves another clause broken than the rule's own. */
export interface NmsTraceFinding {
  text: string;
  clause?: string;
}

/** Timer slack allowed when judging a wait the store asked for (ms). */
export const RETRY_AFTER_SLACK_MS = 20;

/** One request the client under test sent, as the rules read it. */
interface ClientRequest {
  entry: WireEntry;
  http: HttpRecord;
  /** The path under the box root, without the query (e.g. `/objects/operations/search`). */
  sub: string;
  line: string;
}

function nmsRequests(entries: WireEntry[]): ClientRequest[] {
  const out: ClientRequest[] = [];
  for (const entry of entries) {
    const http = entry.http;
    if (!http) continue;
    const sub = (/^\/nms\/v1\/[^/]+\/[^/?]+(\/[^?]*)?/.exec(http.path)?.[1] ?? '').replace(
      /\/+$/,
      '',
    );
    out.push({ entry, http, sub, line: entry.line });
  }
  return out;
}

const isPost = (r: ClientRequest, sub: string) => r.http.method === 'POST' && r.sub === sub;
const isFolderListing = (r: ClientRequest) =>
  isPost(r, '/folders/operations/search') ||
  (r.http.method === 'GET' && /^\/folders(\/[^/]+)?$/.test(r.sub) && !r.http.folders?.length);
const isObjectSearch = (r: ClientRequest) => isPost(r, '/objects/operations/search');
/** A walk of one folder: an object search scoped at it, or reading the folder itself. */
const isFolderWalk = (r: ClientRequest) =>
  (isObjectSearch(r) || (r.http.method === 'GET' && /^\/folders\/[^/]+$/.test(r.sub))) &&
  (r.http.folders?.length ?? 0) > 0;
/** A box-wide change search (CreatedObjects, VanishedObjects, Flag: simplified sync). */
const isBoxWideSearch = (r: ClientRequest) => isObjectSearch(r) && !r.http.folders?.length;
const isPayloadGet = (r: ClientRequest) =>
  r.http.method === 'GET' &&
  /^\/(payloads\/[^/]+|objects\/[^/]+\/(payload|payloadParts\/\d+))$/.test(r.sub);
const ok = (r: ClientRequest) => r.http.status >= 200 && r.http.status < 300;
const SEEN = /(%5C|\\)Seen/i;

/** A request only a synchronisation sends (periodic sync judged from the store's side). */
export function isNmsSyncRequest(entry: WireEntry): boolean {
  const [r] = nmsRequests([entry]);
  return !!r && (isFolderListing(r) || isObjectSearch(r) || /^\/subscriptions/.test(r.sub));
}

export function judgeNmsTrace(
  rule: NmsTraceRule,
  sync: WireEntry[],
  all: WireEntry[],
  folders: string[] = [],
  earlierSyncs: WireEntry[][] = [],
): NmsTraceFinding[] {
  const reqs = nmsRequests(sync);
  const say = (text: string): NmsTraceFinding => ({ text });
  switch (rule) {
    case 'lists-first': {
      const first = reqs.findIndex(isFolderListing);
      const walk = reqs.findIndex(isFolderWalk);
      if (first < 0) return [say('the sync never listed the folders (no folder search)')];
      return walk >= 0 && walk < first
        ? [say(`walked a folder before listing the folders: ${reqs[walk]!.line}`)]
        : [];
    }
    case 'selects': {
      if (reqs.some(isBoxWideSearch)) return [];
      const walked = new Set(reqs.filter(isFolderWalk).flatMap((r) => r.http.folders ?? []));
      return folders
        .filter((f) => !walked.has(f))
        .map((f) => say(`folder ${f} was not walked (no object search scoped at it)`));
    }
    case 'metadata-only':
      return reqs.filter(isPayloadGet).map((r) => say(`payload fetched during sync: ${r.line}`));
    case 'peek-only':
      return nmsRequests(all)
        .filter((r) => seenSet(r))
        .map((r) => say(`request that marks the object read: ${r.line}`));
    case 'no-refetch': {
      const seen = new Map<string, string>();
      const out: NmsTraceFinding[] = [];
      for (const r of nmsRequests(all).filter((x) => isPayloadGet(x) && ok(x))) {
        const first = seen.get(r.http.path);
        if (first !== undefined) out.push(say(`payload downloaded again: ${r.line}`));
        else seen.set(r.http.path, r.line);
      }
      return out;
    }
    case 'not-selected':
      return reqs
        .filter((r) => r.http.folders?.some((f) => folders.includes(f)))
        .map((r) => say(`request naming a folder outside the preferences: ${r.line}`));
    case 'restart-token':
      return restartToken(reqs, earlierSyncs);
    case 'follows-cursor': {
      const out: NmsTraceFinding[] = [];
      reqs.forEach((r, i) => {
        const cursor = r.http.nextCursor;
        if (cursor === undefined || !ok(r)) return;
        const followed = reqs
          .slice(i + 1)
          .some((x) => x.http.method === 'POST' && x.sub === r.sub && fromCursor(x) === cursor);
        if (!followed) out.push(say(`the next page was never asked for: ${r.line}`));
      });
      return out;
    }
    case 'nms-operations':
      return nmsRequests(all).flatMap(operationFindings);
    case 'copy-target':
      return copyTarget(nmsRequests(all), folders);
    case 'retry-after':
      return retryAfter(nmsRequests(all));
  }
}

function seenSet(r: ClientRequest): boolean {
  if (r.http.method === 'PUT' && /^\/objects\/[^/]+\/flags\/[^/]+$/.test(r.sub))
    return SEEN.test(r.sub);
  if (r.http.method === 'PUT' && /^\/objects\/[^/]+\/flags$/.test(r.sub))
    return /\\\\Seen/.test(r.http.requestBody ?? '');
  return false;
}

function fromCursor(r: ClientRequest): string | undefined {
  try {
    const body = JSON.parse(r.http.requestBody ?? '') as {
      selectionCriteria?: { fromCursor?: unknown };
    };
    const cursor = body.selectionCriteria?.fromCursor;
    return typeof cursor === 'string' ? cursor : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A device holding a subscription (one it created with a restartToken in an earlier sync)
 * replays from its token at each later sync (POST subscriptions/{id} with restartToken), or
 * learns changes by a cursor (a CreatedObjects search from a creationCursor).
 */
function restartToken(reqs: ClientRequest[], earlierSyncs: WireEntry[][]): NmsTraceFinding[] {
  const earlier = earlierSyncs.flatMap((s) => nmsRequests(s));
  const subscribed = earlier.some((r) => isPost(r, '/subscriptions') && ok(r));
  if (!subscribed) return [];
  const replays = reqs.some(
    (r) =>
      r.http.method === 'POST' &&
      /^\/subscriptions\/[^/]+$/.test(r.sub) &&
      /"restartToken"\s*:\s*"[^"]+"/.test(r.http.requestBody ?? ''),
  );
  const cursor = reqs.some(
    (r) =>
      isObjectSearch(r) &&
      /CreatedObjects/.test(r.http.requestBody ?? '') &&
      /"value"\s*:\s*"[^"]+"/.test(r.http.requestBody ?? ''),
  );
  return replays || cursor
    ? []
    : [
        {
          text: 'the device holds a subscription but this sync neither replayed from its restartToken nor searched from a creation cursor: it walked everything again',
        },
      ];
}

/** Flag changes, deletions and uploads as the operations NMS names for them. */
function operationFindings(r: ClientRequest): NmsTraceFinding[] {
  const { method } = r.http;
  if (method === 'PUT' && /^\/objects\/[^/]+\/flags$/.test(r.sub))
    return [
      {
        text: `flag change sent as a whole flag list (PUT objects/{id}/flags) instead of PUT/DELETE objects/{id}/flags/{flag}: ${r.line}`,
        clause: 'SD-5.5.2.20-3f',
      },
    ];
  if (method === 'PUT' && /^\/objects\/[^/]+\/flags\/(%5C|\\)Deleted$/i.test(r.sub))
    return [
      {
        text: `deletion sent as a \\Deleted flag instead of DELETE objects/{id}: ${r.line}`,
        clause: 'SD-5.5.2.20-3e',
      },
    ];
  if (method === 'PUT' && /^\/objects\/[^/]+$/.test(r.sub))
    return [
      {
        text: `object replaced in place (PUT objects/{id}); a new object is POST objects: ${r.line}`,
        clause: 'SD-5.5.2.20-3d',
      },
    ];
  return [];
}

/** Every copyToFolder names the objects and a target folder (one of `folders` when given). */
function copyTarget(reqs: ClientRequest[], folders: string[]): NmsTraceFinding[] {
  const copies = reqs.filter((r) => isPost(r, '/folders/operations/copyToFolder'));
  const out: NmsTraceFinding[] = [];
  for (const r of copies) {
    let target: string | undefined;
    let objects: unknown[] = [];
    try {
      const json = JSON.parse(r.http.requestBody ?? '') as {
        targetSourceRef?: {
          targetRef?: unknown;
          sourceRefs?: { objects?: { objectReference?: unknown[] } };
        };
      };
      const ref = json.targetSourceRef;
      target = typeof ref?.targetRef === 'string' ? ref.targetRef : undefined;
      objects = ref?.sourceRefs?.objects?.objectReference ?? [];
    } catch {
      // An unreadable body names nothing.
    }
    if (!target) out.push({ text: `copy request without a target folder: ${r.line}` });
    if (objects.length === 0) out.push({ text: `copy request naming no object: ${r.line}` });
    const named = r.http.folders ?? [];
    if (target && folders.length && !named.some((f) => folders.includes(f)))
      out.push({
        text: `copy request targets ${named.join(', ') || target}, not ${folders.join(' or ')}: ${r.line}`,
      });
  }
  if (copies.length === 0) out.push({ text: 'no copy request (copyToFolder) reached the store' });
  return out;
}

/** After a 429/503 with Retry-After N s, the device's next request comes N s later or more. */
function retryAfter(reqs: ClientRequest[]): NmsTraceFinding[] {
  const out: NmsTraceFinding[] = [];
  reqs.forEach((r, i) => {
    if ((r.http.status !== 429 && r.http.status !== 503) || r.http.retryAfter === undefined) return;
    const seconds = Number(r.http.retryAfter);
    if (!Number.isFinite(seconds)) return;
    const next = reqs[i + 1];
    if (!next) return;
    const waited = next.entry.at - r.entry.at;
    if (waited + RETRY_AFTER_SLACK_MS < seconds * 1000)
      out.push({
        text: `answered ${r.http.status} with Retry-After ${seconds} s, it sent again after ${waited} ms: ${next.line}`,
      });
  });
  return out;
}
