/**
 * Server role: the harness's own store-side operations (deliver, delete, flag, folders,
 * observation) are operations of the store under test. When the store breaks one of them,
 * that is a finding on the clause of the operation (StoreFault), not an inconclusive case;
 * what the store did not cause (refused connection, unreachable host) stays inconclusive.
 */
import { CLAUSE } from './attribution.ts';
import type { StoreActor } from './ports.ts';
import { classify, StoreFault } from './trouble.ts';

/** The clause each store operation carries out. */
const OPERATION_CLAUSE: Record<
  Exclude<keyof StoreActor, 'evidence' | 'close' | 'specialUseFolders' | 'emptyFolder' | 'opens'>,
  string
> = {
  capabilities: CLAUSE.serverSync,
  deliver: CLAUSE.store,
  delete: CLAUSE.delete,
  setFlags: CLAUSE.metadata,
  createFolder: CLAUSE.createFolder,
  deleteFolder: CLAUSE.deleteFolder,
  resetFolder: CLAUSE.select,
  view: CLAUSE.list,
  uidValidity: CLAUSE.select,
  contentIdentities: CLAUSE.copy,
  content: CLAUSE.fetch,
};

/** What the store must show after an operation answered OK (checked by a fresh LIST). */
async function confirm(actor: StoreActor, operation: string, args: unknown[]): Promise<void> {
  const name = String(args[0]);
  if (operation === 'createFolder' && actor.opens && !(await actor.opens(name)))
    throw new StoreFault(
      CLAUSE.createFolder,
      `the store answered OK to creating folder ${name} but it does not open`,
    );
  if (operation !== 'deleteFolder') return;
  const view = await actor.view();
  if (view.folders.some((f) => f.name === name))
    throw new StoreFault(
      CLAUSE.deleteFolder,
      `the store answered OK to deleting folder ${name} but still lists it`,
    );
}

/** The actor a judged actor wraps (the set-up's housekeeping is not judged). */
const UNJUDGED = Symbol('unjudged actor');

/** The plain actor behind a judged one (itself when not judged). */
export function unjudged(actor: StoreActor): StoreActor {
  return (actor as StoreActor & { [UNJUDGED]?: StoreActor })[UNJUDGED] ?? actor;
}

export function judgedActor(actor: StoreActor): StoreActor {
  const judged = {} as Record<string, unknown>;
  for (const [operation, clause] of Object.entries(OPERATION_CLAUSE)) {
    const method = (actor as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
      operation
    ]!.bind(actor);
    judged[operation] = async (...args: unknown[]) => {
      try {
        const result = await method(...args);
        await confirm(actor, operation, args);
        return result;
      } catch (error) {
        const trouble = classify(error);
        if (trouble.kind !== 'iut' || trouble.clause) throw error;
        throw new StoreFault(clause, `the store failed ${operation}: ${trouble.message}`, {
          cause: error,
        });
      }
    };
  }
  if (actor.opens) judged['opens'] = (folder: string) => actor.opens!(folder);
  judged['evidence'] = () => actor.evidence();
  judged['close'] = () => actor.close();
  Object.defineProperty(judged, UNJUDGED, { value: actor });
  return judged as unknown as StoreActor;
}
