// Whether the compiled JavaScript in dist/ may stand in for the TypeScript sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The compiled CLI entry point, relative to the package root. */
export const DIST_MAIN = join('dist', 'src', 'cli', 'main.js');
const SOURCE_MAIN = join('src', 'cli', 'main.ts');
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

/**
 * True when dist/ holds the CLI and, in a source checkout (src/ present), was built after the
 * last change to any source file. The published package has no src/: its dist/ is current.
 */
export function distIsCurrent(root) {
  const main = join(root, DIST_MAIN);
  if (!existsSync(main)) return false;
  if (!existsSync(join(root, SOURCE_MAIN))) return true;
  const built = statSync(main).mtimeMs;
  return SOURCE_DIRS.every(
    (dir) => !existsSync(join(root, dir)) || newestSource(join(root, dir)) <= built,
  );
}
