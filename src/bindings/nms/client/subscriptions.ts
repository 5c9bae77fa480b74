/**
 * NMS subscriptions over NmsHttp: create (notifyURL, restartToken), update (replay from a
 * restartToken, duration), delete, and list.
 */
import type { NmsHttp } from './http.ts';
import type { NmsCriterion, NmsSubscription } from './types.ts';

export interface NewSubscription {
  notifyURL: string;
  callbackData?: string;
  /** Replay every event after this position. */
  restartToken?: string;
  /** Seconds. */
  duration?: number;
  clientCorrelator?: string;
  filter?: { criterion: NmsCriterion[]; operator?: string };
}

function subscriptionOf(answer: { nmsSubscription?: NmsSubscription }, what: string) {
  const s = answer.nmsSubscription;
  if (!s?.resourceURL) throw new Error(`${what}: no nmsSubscription with a resourceURL`);
  return s;
}

/** `POST subscriptions` → the subscription (resourceURL, index, restartToken). */
export async function createSubscription(
  http: NmsHttp,
  options: NewSubscription,
): Promise<NmsSubscription> {
  const body = {
    nmsSubscription: {
      callbackReference: {
        notifyURL: options.notifyURL,
        ...(options.callbackData !== undefined ? { callbackData: options.callbackData } : {}),
      },
      ...(options.restartToken !== undefined ? { restartToken: options.restartToken } : {}),
      ...(options.duration !== undefined ? { duration: options.duration } : {}),
      ...(options.clientCorrelator !== undefined
        ? { clientCorrelator: options.clientCorrelator }
        : {}),
      ...(options.filter ? { filter: options.filter } : {}),
    },
  };
  const answer = await http.json<{ nmsSubscription?: NmsSubscription }>('POST', 'subscriptions', {
    json: body,
  });
  return subscriptionOf(answer, 'POST subscriptions');
}

/** `POST subscriptions/{id}` with an nmsSubscriptionUpdate (replays from the token). */
export async function updateSubscription(
  http: NmsHttp,
  url: string,
  update: { restartToken?: string; duration?: number },
): Promise<NmsSubscription> {
  const answer = await http.json<{ nmsSubscription?: NmsSubscription }>('POST', url, {
    json: { nmsSubscriptionUpdate: update },
  });
  return subscriptionOf(answer, `POST ${url}`);
}

export async function getSubscription(http: NmsHttp, url: string): Promise<NmsSubscription> {
  return subscriptionOf(await http.json('GET', url), `GET ${url}`);
}

/** `DELETE subscriptions/{id}`; an already gone subscription (404) is not an error. */
export async function deleteSubscription(http: NmsHttp, url: string): Promise<void> {
  await http.request('DELETE', url, { accept: (s) => (s >= 200 && s < 300) || s === 404 });
}

/** `GET subscriptions`: the status (200 when subscriptions are offered) and the list. */
export async function listSubscriptions(
  http: NmsHttp,
): Promise<{ status: number; subscriptions: NmsSubscription[] }> {
  const answer = await http.request('GET', 'subscriptions', { accept: () => true });
  const list = (answer.json as { nmsSubscriptionList?: { subscription?: NmsSubscription[] } })
    ?.nmsSubscriptionList?.subscription;
  return { status: answer.status, subscriptions: list ?? [] };
}
