/** The clause coverage table printed by `lint` and `clauses`. */
import type { ClauseRegistry } from '../clauses/registry.ts';
import type { LoadedCase } from '../scenario/types.ts';

export function coverageTable(
  registry: ClauseRegistry,
  cases: LoadedCase[],
): { text: string; uncoveredServerShall: string[] } {
  const rows: string[][] = [['clause', 'level', 'side', 'cases', 'covering']];
  const uncovered: string[] = [];
  for (const clause of registry.clauses) {
    const covering = cases
      .filter((c) => c.definition.clauses.includes(clause.id))
      .map((c) => c.definition.id);
    const status =
      clause.status === 'superseded' ? `superseded by ${clause.supersededBy}` : covering.join(' ');
    if (
      clause.status !== 'superseded' &&
      clause.level === 'SHALL' &&
      clause.side !== 'client' &&
      covering.length === 0
    ) {
      uncovered.push(clause.id);
    }
    rows.push([
      clause.id,
      clause.level,
      clause.side,
      String(covering.length),
      status || '-- not covered --',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (i === 4 ? 0 : r[i]!.length))));
  const text = rows
    .map((r) => r.map((cell, i) => (i === 4 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
  return { text, uncoveredServerShall: uncovered };
}
