/**
 * The NMS trace rules on hand-made traces: each rule holds on what a well-behaved client
 * sends and finds what breaks it, naming the offending request.
 */
import { expect } from 'chai';
import {
  isNmsOnlyRule,
  isNmsSyncRequest,
  judgeNmsTrace,
  NMS_ONLY_TRACE_RULES,
  NMS_RULE_LEVEL,
  NMS_TRACE_CLAUSE,
  RETRY_AFTER_SLACK_MS,
} from '../../src/engine/nms-trace-rules.ts';
import type { HttpRecord, WireEntry } from '../../src/engine/ports.ts';

const BOX = '/nms/v1/cpmct/alice';
let clock = 0;

function req(
  method: string,
  sub: string,
  extra: Partial<HttpRecord> & { at?: number } = {},
): WireEntry {
  const { at, ...http } = extra;
  const path = `${BOX}${sub}`;
  const status = http.status ?? 200;
  return {
    at: at ?? (clock += 5),
    connection: 'phone',
    direction: 'C',
    line: `${method} ${path} -> ${status}`,
    http: { method, path, status, ...http },
  };
}

const listFolders = () => req('POST', '/folders/operations/search');
const walk = (folder: string, body?: string) =>
  req('POST', '/objects/operations/search', {
    folders: [folder],
    ...(body ? { requestBody: body } : {}),
  });
const payload = (id: string) => req('GET', `/payloads/${id}`);
const texts = (found: Array<{ text: string }>) => found.map((f) => f.text);

describe('NMS trace rules', () => {
  beforeEach(() => (clock = 1_000_000));

  it('lists-first: a folder search before any walk; a walk first, or no listing, is found', () => {
    expect(judgeNmsTrace('lists-first', [listFolders(), walk('A')], [])).to.deep.equal([]);
    const early = walk('A');
    const found = texts(judgeNmsTrace('lists-first', [early, listFolders()], []));
    expect(found).to.have.length(1);
    expect(found[0]).to.contain(early.line);
    expect(texts(judgeNmsTrace('lists-first', [walk('A')], []))[0]).to.contain('never listed');
  });

  it('selects: every named folder walked, or a box-wide change search', () => {
    const sync = [listFolders(), walk('A')];
    expect(judgeNmsTrace('selects', sync, [], ['A'])).to.deep.equal([]);
    expect(texts(judgeNmsTrace('selects', sync, [], ['A', 'B']))).to.deep.equal([
      'folder B was not walked (no object search scoped at it)',
    ]);
    const boxWide = req('POST', '/objects/operations/search', { requestBody: '{}' });
    expect(judgeNmsTrace('selects', [listFolders(), boxWide], [], ['B'])).to.deep.equal([]);
  });

  it('metadata-only: a payload GET during the sync is found, whatever its URL form', () => {
    expect(judgeNmsTrace('metadata-only', [listFolders(), walk('A')], [])).to.deep.equal([]);
    const sync = [listFolders(), payload('C1'), req('GET', '/objects/f1-1-1/payload')];
    expect(judgeNmsTrace('metadata-only', sync, [])).to.have.length(2);
  });

  it('no-refetch: the same payload downloaded twice across the traffic', () => {
    const first = payload('C1');
    const again = payload('C1');
    expect(judgeNmsTrace('no-refetch', [], [first, payload('C2')])).to.deep.equal([]);
    expect(texts(judgeNmsTrace('no-refetch', [again], [first, again]))).to.deep.equal([
      `payload downloaded again: ${again.line}`,
    ]);
    // A refused download does not count as holding the payload.
    const refused = req('GET', '/payloads/C3', { status: 503 });
    expect(judgeNmsTrace('no-refetch', [], [refused, payload('C3')])).to.deep.equal([]);
  });

  it('peek-only: setting \\Seen by flag request is found', () => {
    const seen = req('PUT', '/objects/f1-1-1/flags/%5CSeen', { status: 201 });
    const flagged = req('PUT', '/objects/f1-1-2/flags/%5CFlagged', { status: 201 });
    expect(judgeNmsTrace('peek-only', [], [flagged])).to.deep.equal([]);
    expect(judgeNmsTrace('peek-only', [], [seen, flagged])).to.have.length(1);
  });

  it('not-selected: any request naming a folder outside the preferences', () => {
    const other = walk('B');
    expect(judgeNmsTrace('not-selected', [listFolders(), walk('A')], [], ['B'])).to.deep.equal([]);
    expect(texts(judgeNmsTrace('not-selected', [walk('A'), other], [], ['B']))[0]).to.contain(
      other.line,
    );
  });

  it('restart-token: holding a subscription, a later sync replays from its token', () => {
    const subscribe = req('POST', '/subscriptions', { status: 201 });
    const first = [subscribe, listFolders(), walk('A')];
    const replay = req('POST', '/subscriptions/s1', {
      requestBody: '{"nmsSubscriptionUpdate":{"restartToken":"t4"}}',
    });
    const bare = req('POST', '/subscriptions/s1', { requestBody: '{"nmsSubscriptionUpdate":{}}' });
    expect(judgeNmsTrace('restart-token', [replay, listFolders()], [], [], [first])).to.deep.equal(
      [],
    );
    expect(judgeNmsTrace('restart-token', [bare, listFolders()], [], [], [first])).to.have.length(
      1,
    );
    // A creation cursor is as good as the token; no subscription, nothing to use.
    const cursor = walk(
      'A',
      '{"selectionCriteria":{"searchCriteria":{"criterion":[{"type":"CreatedObjects","value":"c9"}]}}}',
    );
    cursor.http!.folders = [];
    expect(judgeNmsTrace('restart-token', [cursor], [], [], [first])).to.deep.equal([]);
    expect(judgeNmsTrace('restart-token', [walk('A')], [], [], [[walk('A')]])).to.deep.equal([]);
  });

  it('follows-cursor: an answer with a cursor is followed by a search from it', () => {
    const page1 = walk('A');
    page1.http!.nextCursor = 'k1';
    const page2 = walk('A', '{"selectionCriteria":{"fromCursor":"k1","maxEntries":1}}');
    expect(judgeNmsTrace('follows-cursor', [page1, page2], [])).to.deep.equal([]);
    expect(texts(judgeNmsTrace('follows-cursor', [page1, walk('B')], []))[0]).to.contain(
      page1.line,
    );
  });

  it('nms-operations: whole flag lists, \\Deleted flags and PUT objects each on their clause', () => {
    const good = [
      req('PUT', '/objects/f1-1-1/flags/%5CFlagged', { status: 201 }),
      req('DELETE', '/objects/f1-1-1/flags/%5CSeen', { status: 204 }),
      req('DELETE', '/objects/f1-1-2', { status: 204 }),
      req('POST', '/objects', { status: 201 }),
    ];
    expect(judgeNmsTrace('nms-operations', [], good)).to.deep.equal([]);
    const bad = [
      req('PUT', '/objects/f1-1-1/flags', { requestBody: '{"flagList":{"flag":["\\\\Seen"]}}' }),
      req('PUT', '/objects/f1-1-2/flags/%5CDeleted', { status: 201 }),
      req('PUT', '/objects/f1-1-3'),
    ];
    const found = judgeNmsTrace('nms-operations', [], bad);
    expect(found.map((f) => f.clause)).to.deep.equal([
      'SD-5.5.2.20-3f',
      'SD-5.5.2.20-3e',
      'SD-5.5.2.20-3d',
    ]);
  });

  it('copy-target: the object and the chosen target folder are named', () => {
    const body = (target: string | undefined, objects: string[]) =>
      JSON.stringify({
        targetSourceRef: {
          ...(target ? { targetRef: `http://h${BOX}/folders/${target}` } : {}),
          sourceRefs: {
            objects: { objectReference: objects.map((resourceURL) => ({ resourceURL })) },
          },
        },
      });
    const copy = (target: string | undefined, named: string[], objects = ['o1']) =>
      req('POST', '/folders/operations/copyToFolder', {
        requestBody: body(target, objects),
        folders: named,
      });
    expect(judgeNmsTrace('copy-target', [], [copy('f2', ['Saved'])], ['Saved'])).to.deep.equal([]);
    expect(judgeNmsTrace('copy-target', [], [copy('f1', ['Inbox'])], ['Saved'])).to.have.length(1);
    expect(judgeNmsTrace('copy-target', [], [copy(undefined, [], [])], [])).to.have.length(2);
    expect(texts(judgeNmsTrace('copy-target', [], [], ['Saved']))[0]).to.contain('no copy request');
  });

  it('retry-after: the next request no sooner than the wait asked for', () => {
    const refused = req('POST', '/folders/operations/search', {
      status: 503,
      retryAfter: '1',
      at: 10_000,
    });
    const patient = req('POST', '/folders/operations/search', {
      at: 11_000 - RETRY_AFTER_SLACK_MS,
    });
    const hasty = req('POST', '/folders/operations/search', { at: 10_050 });
    expect(judgeNmsTrace('retry-after', [], [refused, patient])).to.deep.equal([]);
    expect(texts(judgeNmsTrace('retry-after', [], [refused, hasty]))[0]).to.contain('after 50 ms');
  });

  it('names, clauses and levels: every NMS-only rule cites a clause; the SHOULD ones warn', () => {
    for (const rule of NMS_ONLY_TRACE_RULES) {
      expect(isNmsOnlyRule(rule)).to.equal(true);
      expect(NMS_TRACE_CLAUSE[rule]).to.match(/^(SD|RD)-/);
    }
    expect(isNmsOnlyRule('lists-first')).to.equal(false);
    expect(NMS_RULE_LEVEL['restart-token']).to.equal('SHOULD');
  });

  it('a sync request: folder or object searches and subscription updates, not a payload GET', () => {
    expect(isNmsSyncRequest(listFolders())).to.equal(true);
    expect(isNmsSyncRequest(walk('A'))).to.equal(true);
    expect(isNmsSyncRequest(payload('C1'))).to.equal(false);
  });
});
