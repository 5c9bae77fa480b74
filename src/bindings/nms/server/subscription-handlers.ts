/**
 * Subscriptions: create (notifyURL must be http:// on a loopback host), list, get,
 * update (replays from a restartToken) and delete.
 */
import type { SubscriptionInput } from './backend.ts';
import type { BoxContext, BoxRoutes } from './box-routes.ts';
import { jsonAnswer, noContent } from './box-routes.ts';
import { checkId, SUBSCRIPTION_ID } from './ids.ts';
import { invalid, notFound } from './request-error.ts';
import { objectField, optionalString, parseJsonRoot } from './request-body.ts';
import { parseSearchCriteria } from './selection-criteria.ts';

export function registerSubscriptionHandlers(routes: BoxRoutes): void {
  routes
    .on('POST', '/subscriptions', createSubscription)
    .on('GET', '/subscriptions', (ctx) =>
      jsonAnswer({
        nmsSubscriptionList: {
          subscription: ctx.backend.subscriptions(ctx.box).map((s) => ctx.shapes.subscription(s)),
          resourceURL: `${ctx.shapes.root}/subscriptions`,
        },
      }),
    )
    .on('GET', '/subscriptions/:id', (ctx) => {
      const found = ctx.backend.subscription(ctx.box, subscriptionId(ctx));
      if (!found) throw notFound(ctx.url.pathname);
      return jsonAnswer({ nmsSubscription: ctx.shapes.subscription(found) });
    })
    .on('POST', '/subscriptions/:id', updateSubscription)
    .on('DELETE', '/subscriptions/:id', (ctx) => {
      if (!ctx.backend.deleteSubscription(ctx.box, subscriptionId(ctx)))
        throw notFound(ctx.url.pathname);
      return noContent();
    });
}

function subscriptionId(ctx: BoxContext): string {
  return checkId(ctx.params.id, SUBSCRIPTION_ID, ctx.url.pathname);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/i;

export function checkNotifyUrl(value: unknown): string {
  if (typeof value !== 'string') throw invalid('notifyURL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('notifyURL');
  }
  if (url.protocol !== 'http:' || !LOOPBACK.test(url.hostname)) throw invalid('notifyURL');
  return value;
}

function duration(fields: Record<string, unknown>): number | undefined {
  const value = fields.duration;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid('duration');
  return value;
}

function createSubscription(ctx: BoxContext): Response {
  const fields = parseJsonRoot(ctx.body, 'nmsSubscription');
  const callback = objectField(fields, 'callbackReference', 'callbackReference');
  const input: SubscriptionInput = { notifyURL: checkNotifyUrl(callback.notifyURL) };
  const callbackData = optionalString(callback, 'callbackData', 'callbackData');
  if (callbackData !== undefined) input.callbackData = callbackData;
  const seconds = duration(fields);
  if (seconds !== undefined) input.duration = seconds;
  const restartToken = optionalString(fields, 'restartToken', 'restartToken');
  if (restartToken !== undefined) input.restartToken = restartToken;
  const correlator = optionalString(fields, 'clientCorrelator', 'clientCorrelator');
  if (correlator !== undefined) input.clientCorrelator = correlator;
  if (fields.filter !== undefined) input.filter = parseSearchCriteria(fields.filter, 'filter');
  if (ctx.format === 'xml') input.format = 'xml';
  const created = ctx.backend.createSubscription(ctx.box, input);
  const body = ctx.shapes.subscription(created);
  return jsonAnswer({ nmsSubscription: body }, 201, { location: String(body.resourceURL) });
}

function updateSubscription(ctx: BoxContext): Response {
  const id = subscriptionId(ctx);
  const fields = parseJsonRoot(ctx.body, 'nmsSubscriptionUpdate');
  const update: { restartToken?: string; duration?: number } = {};
  const restartToken = optionalString(fields, 'restartToken', 'restartToken');
  if (restartToken !== undefined) update.restartToken = restartToken;
  const seconds = duration(fields);
  if (seconds !== undefined) update.duration = seconds;
  const updated = ctx.backend.updateSubscription(ctx.box, id, update);
  if (!updated) throw notFound(ctx.url.pathname);
  return jsonAnswer({ nmsSubscription: ctx.shapes.subscription(updated) });
}
