/** The clause registry (suites/clauses.yaml): every normative statement of the seeds. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from '../config/paths.ts';
import { ConfigError, loadValidated, type Problem } from '../config/validate.ts';
import type { Level } from '../engine/result.ts';

export interface Clause {
  id: string;
  seed: string;
  section: string;
  level: Level;
  side: 'client' | 'server' | 'both';
  status?: 'normative' | 'superseded';
  supersedes?: string[];
  supersededBy?: string;
  title: string;
  paraphrase: string;
}

export interface ClauseRegistry {
  file: string;
  seeds: Record<string, { file: string; title: string }>;
  clauses: Clause[];
  disagreements: Array<{ clauses: string[]; note: string }>;
  byId: Map<string, Clause>;
}

const SCHEMA = JSON.parse(readFileSync(join(SCHEMA_DIR, 'clauses.schema.json'), 'utf8')) as object;

type RegistryFile = Omit<ClauseRegistry, 'file' | 'byId'>;

/**
 * Loads a clause registry file. With `base`, the file adds to that registry (a vendor's own
 * clause readings beside the shipped ones): its clauses may cite the base's seeds, and may
 * reuse no seed key or clause id of the base.
 */
export function loadClauses(file: string, base?: ClauseRegistry): ClauseRegistry {
  const loaded = loadValidated<RegistryFile>(file, SCHEMA, {
    extraChecks: (value, ctx) => {
      const problems: Problem[] = [];
      const seeds = { ...base?.seeds, ...value.seeds };
      for (const key of Object.keys(value.seeds)) {
        if (base?.seeds[key])
          problems.push(ctx.problem(`/seeds/${key}`, `seed ${key} is already in ${base.file}`));
      }
      const seen = new Set<string>();
      value.clauses.forEach((c, i) => {
        if (seen.has(c.id))
          problems.push(ctx.problem(`/clauses/${i}/id`, `duplicate clause id ${c.id}`));
        else if (base?.byId.has(c.id))
          problems.push(
            ctx.problem(`/clauses/${i}/id`, `clause id ${c.id} is already in ${base.file}`),
          );
        seen.add(c.id);
        if (!seeds[c.seed])
          problems.push(
            ctx.problem(
              `/clauses/${i}/seed`,
              `unknown seed ${c.seed}; valid: ${Object.keys(seeds).join(', ')}`,
            ),
          );
      });
      return problems;
    },
  });
  if (!loaded.value) throw new ConfigError(loaded.problems);
  const value = loaded.value;
  const clauses = [...(base?.clauses ?? []), ...value.clauses];
  return {
    file: base?.file ?? file,
    seeds: { ...base?.seeds, ...value.seeds },
    clauses,
    disagreements: [...(base?.disagreements ?? []), ...(value.disagreements ?? [])],
    byId: new Map(clauses.map((c) => [c.id, c])),
  };
}
