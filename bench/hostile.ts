/**
 * Hostile clients against the reference store (issue 11, section 1): each named scenario
 * runs against the store in its own process with its default limits and reports the
 * store's peak RSS, which must stay under 300 MB.
 * Usage: npm run bench:hostile [-- NAME...]
 */
import { HOSTILE_CONNECTION_SCENARIOS } from './hostile-connections.ts';
import { MEMORY_SCENARIOS, type MemoryFigures } from './hostile-memory.ts';

const RSS_BUDGET = 300 * 1024 * 1024;

/** Every scenario, by name, in the order they run. */
const SCENARIOS: Record<string, () => Promise<MemoryFigures>> = {
  ...MEMORY_SCENARIOS,
  ...HOSTILE_CONNECTION_SCENARIOS,
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(
    `bench:hostile: unknown ${unknown.join(', ')}; valid: ${Object.keys(SCENARIOS).join(', ')}`,
  );
  process.exit(2);
}

let over = 0;
for (const [name, run] of Object.entries(SCENARIOS)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const { scenario: _scenario, peakRss, ...figures } = await run();
  const verdict = peakRss < RSS_BUDGET ? 'ok' : 'OVER BUDGET';
  if (peakRss >= RSS_BUDGET) over++;
  console.log(
    `${name}: peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (${verdict}) ${JSON.stringify(figures)}`,
  );
}
process.exit(over > 0 ? 1 : 0);
