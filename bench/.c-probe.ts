import { profile, runAll } from '../test/e2e/helpers.ts';
const [prof, mutant] = process.argv.slice(2);
const t0 = Date.now();
const results = await runAll(profile(prof!), mutant ? { mutant } : {});
console.log('total', Date.now() - t0);
for (const r of results.sort((a, b) => b.durationMs - a.durationMs).slice(0, 15))
  console.log(r.durationMs, r.id, r.verdict, r.brokenClauses.join(' '));
