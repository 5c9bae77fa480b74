#!/usr/bin/env node
// Entry point. The published package runs the compiled JavaScript in dist/. A source
// checkout (src/ present) runs dist/ too while it is at least as new as every source file,
// and otherwise runs the TypeScript sources through tsx (a devDependency, never loaded from
// the published package). CPMCT_RUNTIME=dist or CPMCT_RUNTIME=source forces one of the two.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST_MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SOURCE_MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const SOURCE_DIRS = ['src', 'simulators'];

/** The newest modification time of the .ts files under dir, in ms (0 when there are none). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsCurrent() {
  if (!existsSync(DIST_MAIN)) return false;
  if (!existsSync(SOURCE_MAIN)) return true;
  const built = statSync(DIST_MAIN).mtimeMs;
  return SOURCE_DIRS.every(
    (dir) => !existsSync(join(ROOT, dir)) || newestSource(join(ROOT, dir)) <= built,
  );
}

function runtime() {
  const forced = process.env.CPMCT_RUNTIME;
  if (forced === 'dist' || forced === 'source') return forced;
  return distIsCurrent() ? 'dist' : 'source';
}

let main;
if (runtime() === 'dist') {
  ({ main } = await import('../dist/src/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
