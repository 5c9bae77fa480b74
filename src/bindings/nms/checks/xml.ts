/**
 * xml — judges the NMS rule that a server takes XML as well as JSON (SD-5.5.2.4, and the
 * metadata download of SD-5.5.2.20 over XML): an XML search asking for XML is answered
 * 200 in XML, root in the NMS namespace, with the content of the JSON answer to the
 * same JSON search; malformed XML is refused 400 with a requestError; a subscription
 * created in XML is notified in XML (NMS spec: supported formats, notifications follow
 * the subscription's format; REST NetAPI JSON/XML mapping; protocol-digest c.3).
 */
import { isDeepStrictEqual } from 'node:util';
import { NmsError, type NmsResponse } from '../client/http.ts';
import { NMS_NAMESPACE, xmlRoot } from '../xml.ts';
import { anyStatus, describeAnswer, scratchFolder, storeObject } from './box.ts';
import { probe } from './probe.ts';
import { runCheck, type CheckRun } from './run.ts';
import { carriesFlag, FLAG_UPDATE_CLAUSE, NOTIFY_CLAUSE } from './change-took.ts';
import { subscribe } from './subscribe.ts';
import { notificationWaitMs, type NmsCheck } from './types.ts';
import { firstDifference } from './xml-compare.ts';

const SEARCH = 'objects/operations/search';
const XML = 'application/xml';

export const xml: NmsCheck = (ctx) =>
  runCheck(ctx, 'xml', async (run) => {
    const folder = await scratchFolder(run, 'cpmct-xml');
    const { resourceURL: url } = await storeObject(run.http, {
      parentFolder: folder.resourceURL,
      ...ctx.makeObject(1),
      flags: [],
    });
    await storeObject(run.http, {
      parentFolder: folder.resourceURL,
      ...ctx.makeObject(2),
      flags: ['\\Flagged'],
    });
    const criteria = {
      selectionCriteria: { maxEntries: 10, searchScope: { resourceURL: folder.resourceURL } },
    };

    const json = await run.http.json('POST', SEARCH, { json: criteria });
    const answer = await run.http.request('POST', SEARCH, {
      xml: criteria,
      headers: { accept: XML },
      accept: anyStatus,
    });
    judgeXmlSearch(run, answer, json);

    await probe(
      run,
      run.http,
      'malformed XML',
      'POST',
      SEARCH,
      {
        status: [400],
        requestError: true,
      },
      {
        body: '<selectionCriteria><maxEntries>4</maxEntries>',
        contentType: XML,
        headers: { accept: `${XML}, application/json;q=0.9` },
      },
    );

    await xmlNotifications(run, url, notificationWaitMs(ctx));
  });

function judgeXmlSearch(run: CheckRun, answer: NmsResponse, json: unknown): void {
  const request = `POST ${run.http.url(SEARCH)} (selectionCriteria in XML, Accept ${XML})`;
  const got = `${answer.status} ${answer.headers.get('content-type') ?? '(no type)'}`;
  if (answer.status !== 200 || answer.format !== 'xml') {
    run.find(`${request} -> ${describeAnswer(answer)} (${got}); expected 200 with an XML body`);
    return;
  }
  const root = xmlRoot(answer.body.toString('utf8'));
  if (root.name !== 'objectList' || root.namespace !== NMS_NAMESPACE)
    run.find(
      `${request} -> root <${root.name}> in namespace ${root.namespace ?? '(none)'}; ` +
        `expected <objectList> in ${NMS_NAMESPACE}`,
    );
  if (answer.json === undefined) run.find(`${request} -> ${got}: the XML is not well-formed`);
  else if (!isDeepStrictEqual(answer.json, json))
    run.find(
      `${request}: the XML answer differs from the JSON answer to the same search ` +
        `(${firstDifference(answer.json, json)})`,
    );
  else run.note(`${request} -> ${got}, same content as the JSON answer`);
}

async function xmlNotifications(run: CheckRun, url: string, timeoutMs: number): Promise<void> {
  let sub;
  try {
    sub = await subscribe(run, 'cpmct-xml', { xml: true });
  } catch (error) {
    const reason = error instanceof NmsError ? error.message : String(error);
    run.find(`a subscription created with an XML body was refused: ${reason}`);
    return;
  }
  const from = sub.sink.lists.length;
  const target = `${url}/flags/${encodeURIComponent('\\Seen')}`;
  await run.http.request('PUT', target, { json: {} });
  const list = await sub.sink.waitFor(
    (l) => l.events.some((e) => e.resourceURL === url),
    timeoutMs,
    from,
  );
  if (!list) {
    if ((await carriesFlag(run, url, '\\Seen')) === false)
      run.find(
        `PUT ${target} was answered but the flag was not set, so no event could follow`,
        FLAG_UPDATE_CLAUSE,
      );
    else
      run.find(
        `PUT ${target}: no event list about the object reached the XML subscription ` +
          `${sub.resourceURL} within ${timeoutMs} ms`,
        NOTIFY_CLAUSE,
      );
    return;
  }
  if (list.format !== 'xml')
    run.find(
      `the subscription ${sub.resourceURL} was created in XML but its event list ` +
        `(index ${String(list.index)}) came as ${list.format.toUpperCase()}`,
    );
  else run.note(`event list index ${String(list.index)} arrived in XML`);
}
