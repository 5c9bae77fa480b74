/** Loads case files: schema validation, then semantic checks, every problem with file:line:col. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SCHEMA_DIR } from '../config/paths.ts';
import { loadValidated, type CheckContext, type Problem } from '../config/validate.ts';
import type { ClauseRegistry } from '../clauses/registry.ts';
import type { CaseDefinition, LoadedCase } from './types.ts';
import { checkCase } from './check.ts';

const SCHEMA = JSON.parse(readFileSync(join(SCHEMA_DIR, 'case.schema.json'), 'utf8')) as object;

export interface LoadedSuites {
  cases: LoadedCase[];
  problems: Problem[];
}

/** YAML files under the given paths, except the clause registry. */
export function findCaseFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) {
      files.push(path);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    } else if (/\.ya?ml$/.test(path) && !path.endsWith('clauses.yaml')) {
      files.push(path);
    }
  };
  for (const p of paths) walk(p);
  return files;
}

export function loadSuites(
  paths: string[],
  registry: ClauseRegistry,
  cwd = process.cwd(),
): LoadedSuites {
  const cases: LoadedCase[] = [];
  const problems: Problem[] = [];
  const ids = new Map<string, string>();
  for (const path of findCaseFiles(paths)) {
    const rel = relative(cwd, path);
    const file = rel && !rel.startsWith('..') ? rel : path;
    const loaded = loadValidated<CaseDefinition>(path, SCHEMA, {
      extraChecks: (value: CaseDefinition, ctx: CheckContext) => checkCase(value, ctx, registry),
    });
    const fix = (p: Problem): Problem => ({ ...p, file });
    if (!loaded.value) {
      // The discriminator's own complaint repeats the enum error on `do`: keep the clearer one.
      problems.push(
        ...loaded.problems
          .filter((p) => !p.message.endsWith('value of tag "do" must be in oneOf'))
          .map(fix),
      );
      continue;
    }
    const def = loaded.value;
    const other = ids.get(def.id);
    if (other) {
      problems.push(fix(loaded.problemAt('/id', `duplicate case id ${def.id} (also in ${other})`)));
      continue;
    }
    ids.set(def.id, file);
    cases.push({
      file,
      definition: def,
      stepPositions: def.steps.map((_, i) => loaded.positionOf(`/steps/${i}`)),
    });
  }
  return { cases, problems };
}
