/**
 * A subscription whose notifyURL is a fresh CallbackSink (NMS spec, subscriptions
 * resource): created with POST subscriptions, removed and its listener closed at
 * cleanup; the received traffic joins the evidence. With `xml`, the subscription is
 * created with an XML body (and asks for an XML answer), so its lists should come as XML.
 */
import { CallbackSink } from './callback.ts';
import type { CheckRun } from './run.ts';

export interface Subscription {
  sink: CallbackSink;
  resourceURL: string;
  /** The index the subscription answer announced for the next list. */
  index: unknown;
  restartToken: unknown;
}

export async function subscribe(
  run: CheckRun,
  callbackData: string,
  options: { xml?: boolean } = {},
): Promise<Subscription> {
  const sink = await CallbackSink.open();
  run.onCleanup(() => sink.close());
  run.addEvidence(() => sink.evidence(`${run.name}: notifications received`));
  const body = {
    nmsSubscription: { callbackReference: { notifyURL: sink.url, callbackData }, duration: 600 },
  };
  const answer = await run.http.json<{ nmsSubscription?: Record<string, unknown> }>(
    'POST',
    'subscriptions',
    options.xml ? { xml: body, headers: { accept: 'application/xml' } } : { json: body },
  );
  const created = answer.nmsSubscription ?? {};
  const resourceURL = created.resourceURL;
  if (typeof resourceURL !== 'string')
    throw new Error('POST subscriptions answered no nmsSubscription.resourceURL');
  run.onCleanup(() => run.http.request('DELETE', resourceURL));
  return { sink, resourceURL, index: created.index, restartToken: created.restartToken };
}
