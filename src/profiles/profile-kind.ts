/**
 * Is a YAML file a profile or a case? Decided by its content, not its folder, so that
 * `cpmct lint some/dir/my-store.yaml` lints a profile as a profile wherever it is kept:
 * - a `yaml-language-server` schema line names the profile or the case schema; else
 * - the top-level keys: a case has `id` or `steps`; a profile has none of them and at
 *   least one key only profiles have (`role` with `binding`, `iut`, `users`, `endpoint`,
 *   `launch`, `client`).
 * A file that cannot be read or parsed counts as a case (the suite loader reports it).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const PROFILE_ONLY_KEYS = ['iut', 'users', 'endpoint', 'launch', 'client', 'binding'];

export function isProfileFile(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const schemaLine = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m.exec(text)?.[1];
  if (schemaLine) return /profile\.schema\.json$/.test(schemaLine);
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return false;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  if (keys.includes('id') || keys.includes('steps')) return false;
  return keys.some((k) => PROFILE_ONLY_KEYS.includes(k));
}
