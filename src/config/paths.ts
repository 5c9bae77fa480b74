/** Where the project's own files are, wherever cpmct is run from. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SUITES = join(PROJECT_ROOT, 'suites');
export const CLAUSES_FILE = join(PROJECT_ROOT, 'suites', 'clauses.yaml');
export const PROFILES_DIR = join(PROJECT_ROOT, 'profiles');
