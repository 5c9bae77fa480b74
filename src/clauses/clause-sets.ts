/**
 * Clause sets: the readings of the registry where the seeds disagree. `latest` judges every
 * clause at its registry level (the later text stands). For each seed with a superseded
 * clause there is one more reading, named by the seed's key, in which that older text stands
 * instead: the clause that superseded it is judged at the superseded clause's level (e.g.
 * `SD-COPY`: server notifications SHALL, where `latest` has MAY). A case about an optional
 * clause (level MAY) that a reading makes mandatory runs whatever the profile declares: its
 * `requires` only gated an option, and a missing behaviour is then a failure.
 */
import { UsageError } from '../config/usage-error.ts';
import type { Level } from '../engine/result.ts';
import type { LoadedCase } from '../scenario/types.ts';
import type { Clause, ClauseRegistry } from './registry.ts';

export const LATEST_CLAUSE_SET = 'latest';

export interface ClauseSet {
  name: string;
  /** One line for people. */
  description: string;
  /** Clause id -> the level it has in this reading, where it differs from the registry. */
  levels: ReadonlyMap<string, Level>;
}

const RANK: Record<Level, number> = { MAY: 1, SHOULD: 2, SHALL: 3 };

/** Every reading of the registry, `latest` first. */
export function clauseSets(registry: ClauseRegistry): ClauseSet[] {
  const older = new Map<string, Map<string, Level>>();
  for (const clause of registry.clauses) {
    if (clause.status !== 'superseded' || !clause.supersededBy) continue;
    const successor = registry.byId.get(clause.supersededBy);
    if (!successor || successor.level === clause.level) continue;
    const levels = older.get(clause.seed) ?? new Map<string, Level>();
    levels.set(successor.id, clause.level);
    older.set(clause.seed, levels);
  }
  return [
    {
      name: LATEST_CLAUSE_SET,
      description: 'every clause at its registry level: where the seeds disagree, the later text',
      levels: new Map(),
    },
    ...[...older].map(([seed, levels]) => ({
      name: seed,
      description: `where the seeds disagree, ${registry.seeds[seed]?.file ?? seed} stands: ${[
        ...levels,
      ]
        .map(([id, level]) => `${id} ${level}`)
        .join(', ')}`,
      levels,
    })),
  ];
}

/** The named reading; an unknown name is a UsageError naming the valid ones. */
export function findClauseSet(registry: ClauseRegistry, name: string): ClauseSet {
  const sets = clauseSets(registry);
  const found = sets.find((s) => s.name === name);
  if (!found) {
    throw new UsageError(
      `--clause-set: unknown clause set "${name}" (valid: ${sets.map((s) => s.name).join(', ')})`,
    );
  }
  return found;
}

/** The registry as the reading judges it: the same clauses, levels overridden. */
export function readRegistry(registry: ClauseRegistry, set: ClauseSet): ClauseRegistry {
  if (set.levels.size === 0) return registry;
  const clauses: Clause[] = registry.clauses.map((c) => {
    const level = set.levels.get(c.id);
    return level ? { ...c, level } : c;
  });
  return { ...registry, clauses, byId: new Map(clauses.map((c) => [c.id, c])) };
}

/**
 * The cases as the reading runs them: a MAY case all of whose MAY clauses on its side the
 * reading raises takes the raised level and no longer requires the optional feature.
 */
export function readCases(
  cases: LoadedCase[],
  registry: ClauseRegistry,
  set: ClauseSet,
): LoadedCase[] {
  if (set.levels.size === 0) return cases;
  return cases.map((loaded) => {
    const def = loaded.definition;
    if (def.level !== 'MAY') return loaded;
    const optional = def.clauses
      .map((id) => registry.byId.get(id))
      .filter((c): c is Clause => c !== undefined && c.level === 'MAY');
    const raised = optional.map((c) =>
      c.side === def.role || c.side === 'both' ? set.levels.get(c.id) : undefined,
    );
    if (optional.length === 0 || raised.some((l) => l === undefined || RANK[l] <= RANK.MAY)) {
      return loaded;
    }
    const level = raised.reduce<Level>((a, l) => (l && RANK[l] > RANK[a] ? l : a), 'MAY');
    return { ...loaded, definition: { ...def, level, requires: [] } };
  });
}
