/**
 * `--variants`: which sync variants an IMAP server profile runs under.
 * - Default: every variant the store's capabilities allow (sync-variant.ts). The first (the
 *   best path the store offers) runs every case; the others run the cases whose scenario
 *   depends on their path (SYNC_PATH_SCENARIOS; `notify`: the notification scenarios),
 *   which keeps the default run short.
 * - `--variants a,b`: exactly those, every case under each. A chosen variant the store does
 *   not allow is left out with a note rather than run into certain failure.
 */
import {
  isSyncVariant,
  LISTENING_SCENARIOS,
  SYNC_PATH_SCENARIOS,
  SYNC_VARIANTS,
  variantsAllowedBy,
} from '../../simulators/clients/sync-variant.ts';
import type { Target } from '../runner/execute.ts';
import { UsageError } from '../config/usage-error.ts';

/** The names given to `--variants` (comma-separated), checked; undefined when not given. */
export function parseVariants(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isSyncVariant(n));
  if (names.length === 0 || unknown.length) {
    throw new UsageError(
      `--variants: unknown variant ${unknown.map((n) => `"${n}"`).join(', ') || '(none given)'}; valid: ${SYNC_VARIANTS.join(', ')}`,
    );
  }
  return [...new Set(names)];
}

export interface ChosenVariants {
  variants: string[];
  variantCases?: Target['variantCases'];
  notes: string[];
}

/** The variants to run, which cases each runs, and notes for the run's report. */
export function chooseVariants(
  requested: string[] | undefined,
  capabilities: Set<string> | string,
): ChosenVariants {
  if (typeof capabilities === 'string') {
    return { variants: requested ?? [SYNC_VARIANTS[0]], notes: [] };
  }
  const allowed: string[] = variantsAllowedBy(capabilities);
  if (!requested) {
    const [primary, ...others] = allowed;
    return {
      variants: allowed,
      variantCases: (variant, loaded) =>
        variant === primary ||
        (variant === 'notify' ? LISTENING_SCENARIOS : SYNC_PATH_SCENARIOS).has(
          loaded.definition.scenario ?? '',
        ),
      notes: [
        `sync variants: ${primary} (every case)` +
          others
            .map((v) => `, ${v} (${v === 'notify' ? 'notification' : 'sync-path'} scenarios)`)
            .join(''),
      ],
    };
  }
  const variants = requested.filter((v) => allowed.includes(v));
  if (variants.length === 0) {
    throw new UsageError(
      `--variants ${requested.join(',')}: the store allows none of these (it allows ${allowed.join(', ')})`,
    );
  }
  const notes = requested
    .filter((v) => !allowed.includes(v))
    .map((v) => `sync variant ${v} left out: the store does not advertise what it needs`);
  notes.push(`sync variants: ${variants.join(', ')} (every case)`);
  return { variants, notes };
}
