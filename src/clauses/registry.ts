/** The clause registry (suites/clauses.yaml): every normative statement of the seeds. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

const SCHEMA = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../schema/clauses.schema.json', import.meta.url)), 'utf8'),
) as object;

type RegistryFile = Omit<ClauseRegistry, 'file' | 'byId'>;

export function loadClauses(file: string): ClauseRegistry {
  const loaded = loadValidated<RegistryFile>(file, SCHEMA, {
    extraChecks: (value, ctx) => {
      const problems: Problem[] = [];
      const seen = new Set<string>();
      value.clauses.forEach((c, i) => {
        if (seen.has(c.id))
          problems.push(ctx.problem(`/clauses/${i}/id`, `duplicate clause id ${c.id}`));
        seen.add(c.id);
        if (!value.seeds[c.seed])
          problems.push(
            ctx.problem(
              `/clauses/${i}/seed`,
              `unknown seed ${c.seed}; valid: ${Object.keys(value.seeds).join(', ')}`,
            ),
          );
      });
      return problems;
    },
  });
  if (!loaded.value) throw new ConfigError(loaded.problems);
  const value = loaded.value;
  return {
    file,
    seeds: value.seeds,
    clauses: value.clauses,
    disagreements: value.disagreements ?? [],
    byId: new Map(value.clauses.map((c) => [c.id, c])),
  };
}
