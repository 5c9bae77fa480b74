/**
 * The NMS front end without a listener: the simulator backend over the users' stores and
 * the msw handlers for it, e.g. for msw's `setupServer` in the same process.
 */
import type { RequestHandler } from 'msw';
import { createNmsHandlers } from '../../../src/bindings/nms/server/index.ts';
import { STORE_NAME } from '../../../src/bindings/nms/server/box-routes.ts';
import type { MessageStore } from '../../../src/model/store.ts';
import { nmsMutantByName } from './mutants.ts';
import { SimulatorBackend, type UserAccount } from './simulator-backend.ts';

export interface NmsFrontEndOptions {
  /** e.g. http://nms.test or http://127.0.0.1:8080 (no trailing slash). */
  origin: string;
  users: UserAccount[];
  /** Share the IMAP server's stores; else one store per user with INBOX. */
  stores?: Map<string, MessageStore>;
  mutant?: string;
  clock?: () => Date;
  uidValidityBase?: number;
}

export interface NmsFrontEnd {
  origin: string;
  handlers: RequestHandler[];
  backend: SimulatorBackend;
  stores: Map<string, MessageStore>;
  /** The box root of a user: `{origin}/nms/v1/cpmct/{user}`. */
  baseUrl(user: string): string;
  expireObject(user: string, folder: string, uid: number): void;
  resetBox(user: string): void;
  stop(): Promise<void>;
}

export function createNmsFrontEnd(options: NmsFrontEndOptions): NmsFrontEnd {
  const mutant = options.mutant !== undefined ? nmsMutantByName(options.mutant) : undefined;
  const origin = options.origin.replace(/\/+$/, '');
  const backend = new SimulatorBackend({
    users: options.users,
    origin,
    ...(options.stores ? { stores: options.stores } : {}),
    ...(mutant ? { mutant } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.uidValidityBase !== undefined ? { uidValidityBase: options.uidValidityBase } : {}),
  });
  return {
    origin,
    handlers: createNmsHandlers(backend, { origin }),
    backend,
    stores: backend.stores,
    baseUrl: (user) => `${origin}/nms/v1/${STORE_NAME}/${encodeURIComponent(user)}`,
    expireObject: (user, folder, uid) => backend.expireObject(user, folder, uid),
    resetBox: (user) => backend.resetBox(user),
    stop: () => backend.stop(),
  };
}
