/**
 * The NMS REST front end as msw request handlers over an `NmsBackend`: usable in-process
 * with msw's `setupServer`, or behind a real listener through `getResponse`.
 */
import type { RequestHandler } from 'msw';
import type { NmsBackend } from './backend.ts';
import { BoxRoutes } from './box-routes.ts';
import { registerFlagHandlers } from './flag-handlers.ts';
import { registerFolderHandlers } from './folder-handlers.ts';
import { registerFolderOperations } from './folder-operations-handlers.ts';
import { registerObjectHandlers } from './object-handlers.ts';
import { registerObjectSearch } from './object-search-handler.ts';
import { registerPayloadHandlers } from './payload-handlers.ts';
import { registerSubscriptionHandlers } from './subscription-handlers.ts';

export type * from './backend.ts';
export { NmsFault } from './request-error.ts';
export { STORE_NAME } from './box-routes.ts';

/** Handlers for `{origin}/nms/v1/cpmct/{box}/…` (origin without a trailing slash). */
export function createNmsHandlers(
  backend: NmsBackend,
  options: { origin: string },
): RequestHandler[] {
  const routes = new BoxRoutes(backend, options.origin.replace(/\/+$/, ''));
  registerObjectSearch(routes);
  registerObjectHandlers(routes);
  registerFlagHandlers(routes);
  registerPayloadHandlers(routes);
  registerFolderOperations(routes);
  registerFolderHandlers(routes);
  registerSubscriptionHandlers(routes);
  return routes.finish();
}
