/**
 * The suites a command loads and the clause registry they cite: the shipped suites and
 * registry, plus any directory given with `--suites` (a vendor's own cases, kept outside the
 * package). A `clauses.yaml` at the top of such a directory adds its clause readings (and
 * seeds) to the shipped registry; its cases may cite shipped and added clauses alike.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadClauses, type ClauseRegistry } from '../clauses/registry.ts';
import { CLAUSES_FILE, DEFAULT_SUITES } from '../config/paths.ts';

export interface SuiteSources {
  /** The shipped suites first, then each added path once. */
  paths: string[];
  registry: ClauseRegistry;
}

/** The clause file a suite directory adds, if it has one. */
function addedClauseFile(path: string): string | undefined {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  const file = join(path, 'clauses.yaml');
  return existsSync(file) ? file : undefined;
}

export function suiteSources(added: string[] = []): SuiteSources {
  const paths = [DEFAULT_SUITES];
  for (const path of added) {
    if (!paths.some((p) => resolve(p) === resolve(path))) paths.push(path);
  }
  let registry = loadClauses(CLAUSES_FILE);
  for (const path of paths.slice(1)) {
    const file = addedClauseFile(path);
    if (file) registry = loadClauses(file, registry);
  }
  return { paths, registry };
}
