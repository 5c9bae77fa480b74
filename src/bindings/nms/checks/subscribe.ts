/**
 * A subscription whose notifyURL is a fresh CallbackSink (NMS spec, subscriptions
 * resource): created with POST subscriptions, removed and its listener closed at
 * cleanup; the received traffic joins the evidence.
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

export async function subscribe(run: CheckRun, callbackData: string): Promise<Subscription> {
  const sink = await CallbackSink.open();
  run.onCleanup(() => sink.close());
  run.addEvidence(() => sink.evidence(`${run.name}: notifications received`));
  const answer = await run.http.json<{ nmsSubscription?: Record<string, unknown> }>(
    'POST',
    'subscriptions',
    {
      json: {
        nmsSubscription: {
          callbackReference: { notifyURL: sink.url, callbackData },
          duration: 600,
        },
      },
    },
  );
  const body = answer.nmsSubscription ?? {};
  const resourceURL = body.resourceURL;
  if (typeof resourceURL !== 'string')
    throw new Error('POST subscriptions answered no nmsSubscription.resourceURL');
  run.onCleanup(() => run.http.request('DELETE', resourceURL));
  return { sink, resourceURL, index: body.index, restartToken: body.restartToken };
}
