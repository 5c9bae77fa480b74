#!/usr/bin/env node
// Entry point. The published package runs the compiled JavaScript in dist/. A source
// checkout runs dist/ too while it is current (built after the last source change), and
// otherwise runs the TypeScript sources through tsx, a devDependency that the published
// package never loads. CPMCT_RUNTIME=dist or CPMCT_RUNTIME=source forces one of the two.
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './dist-freshness.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const forced = process.env.CPMCT_RUNTIME;
const runtime =
  forced === 'dist' || forced === 'source' ? forced : distIsCurrent(ROOT) ? 'dist' : 'source';

let main;
if (runtime === 'dist') {
  ({ main } = await import('../dist/src/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
