/**
 * error-bodies — judges the NMS error behaviour and box isolation (SD-5.5.2.9: the store
 * serves a user's own box and only that one): invalid input answers 400 SVC0002, an
 * unknown object 404 SVC0004, ids that try to climb out of the box are refused (4xx,
 * never data), oversized bodies 413/400, unsupported verbs 405 with Allow, missing
 * credentials 401, and another user's box 403/404 without data; every refusal carries
 * an OMA requestError body (NMS spec, error handling and resource tree; REST NetAPI
 * common exceptions; protocol-digest d).
 */
import { scratchFolder, storeObject } from './box.ts';
import { probe } from './probe.ts';
import { runCheck } from './run.ts';
import type { NmsCheck } from './types.ts';

const SEARCH = 'objects/operations/search';
const ONE_MIB = 1024 * 1024;

export const errorBodies: NmsCheck = (ctx) =>
  runCheck(ctx, 'error-bodies', async (run) => {
    const http = run.http;
    const other = ctx.otherRoot?.replace(/\/+$/, '');
    const otherUser = other ? decodeURIComponent(other.split('/').pop() ?? 'bob') : 'bob';
    const notOther = other ? [other] : [];
    const invalid = { status: [400], messageId: 'SVC0002' };
    const json = 'application/json';

    await probe(run, http, 'malformed JSON', 'POST', SEARCH, invalid, {
      body: '{"selectionCriteria": {"maxEntries": 4,',
      contentType: json,
    });
    await probe(run, http, 'maxEntries of the wrong type', 'POST', SEARCH, invalid, {
      json: { selectionCriteria: { maxEntries: 'ten' } },
    });
    await probe(run, http, 'unknown object', 'GET', 'objects/f999999-999999-999999', {
      status: [404],
      messageId: 'SVC0004',
    });
    for (const id of [`..%2F..%2F${encodeURIComponent(otherUser)}`, 'f1-1-1%2F..%2F..']) {
      for (const suffix of ['', '/flags']) {
        await probe(run, http, 'path traversal', 'GET', `objects/${id}${suffix}`, {
          status: '4xx',
          mustNotContain: notOther,
        });
      }
    }
    await probe(
      run,
      http,
      'body over 1 MiB',
      'POST',
      SEARCH,
      {
        status: [413, 400],
        requestError: true,
      },
      {
        json: { selectionCriteria: { maxEntries: 1, padding: 'x'.repeat(ONE_MIB + 1024) } },
      },
    );

    const folder = await scratchFolder(run, 'cpmct-errors');
    const object = await storeObject(http, {
      parentFolder: folder.resourceURL,
      ...ctx.makeObject(1),
      flags: [],
    });
    await probe(
      run,
      http,
      'unsupported method',
      'PATCH',
      object.resourceURL,
      {
        status: [405],
        allow: true,
      },
      { json: {} },
    );
    await probe(
      run,
      http,
      'no credentials',
      'GET',
      object.resourceURL,
      { status: [401] },
      {
        anonymous: true,
      },
    );

    if (!other) {
      run.note('no second user: the cross-box probes were not run');
      return;
    }
    const foreign = run.client(other, `error-bodies (${ctx.user} on ${otherUser}'s box)`);
    const refused = { status: [403, 404], requestError: true, mustNotContain: [other] };
    await probe(run, foreign, "another user's box", 'POST', SEARCH, refused, {
      json: { selectionCriteria: { maxEntries: 10 } },
    });
    await probe(run, foreign, "another user's box", 'POST', 'folders/operations/search', refused, {
      json: { selectionCriteria: { maxEntries: 10 } },
    });
    await probe(run, foreign, "another user's box", 'GET', 'subscriptions', refused);
  });
