/**
 * Where the project's own files are, wherever cpmct is run from: from the TypeScript
 * sources (src/config/) as from the compiled package (dist/src/config/), the package root is
 * the nearest directory above this module that holds a package.json.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cpmct: no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_SUITES = join(PROJECT_ROOT, 'suites');
export const CLAUSES_FILE = join(PROJECT_ROOT, 'suites', 'clauses.yaml');
export const PROFILES_DIR = join(PROJECT_ROOT, 'profiles');
export const SCHEMA_DIR = join(PROJECT_ROOT, 'schema');
