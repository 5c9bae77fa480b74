/**
 * What the IMAP and NMS `check` step entry points share: finding the check by its prefixed
 * name (one readable error naming the known ones), and seeded test objects dated from the
 * run's virtual clock.
 */
import { HarnessError } from '../engine/trouble.ts';
import { ObjectFactory } from '../fixtures/generate.ts';

/** The check called `<prefix><name>`; an unknown name is a case error listing the known ones. */
export function checkNamed<Check>(
  name: string,
  prefix: string,
  checks: Record<string, Check>,
  binding: string,
): Check {
  const check = name.startsWith(prefix) ? checks[name.slice(prefix.length)] : undefined;
  if (check) return check;
  throw new HarnessError(
    'E_CASE',
    `unknown check "${name}"; ${binding} checks: ${Object.keys(checks)
      .map((n) => `${prefix}${n}`)
      .join(', ')}`,
  );
}

/** Test object number n: a seeded message dated n minutes before the virtual clock's start. */
export function datedTestObjects(
  seed: number,
  clockStart: string,
): (n: number) => { key: string; raw: Buffer; date: Date } {
  const objects = new ObjectFactory(seed);
  const start = Date.parse(clockStart);
  return (n) => {
    const spec = objects.create({ type: 'message', date: new Date(start - n * 60_000), flags: [] });
    return { key: spec.key, raw: spec.raw, date: spec.date };
  };
}
