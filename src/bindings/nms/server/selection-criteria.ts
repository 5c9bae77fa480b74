/**
 * SelectionCriteria and SearchCriteria from a request body, checked: `maxEntries` 1..1000,
 * known criterion types with values of the right type, operators And/Or/Not.
 * `VanishedObjects` stands alone. `sortCriteria` is accepted and does not change the order.
 */
import { invalid } from './request-error.ts';
import { isRecord, optionalString } from './request-body.ts';
import { creationPositionOf } from './cursor.ts';
import { dateRange } from './criteria-match.ts';

export type CriterionType =
  'Date' | 'Attribute' | 'AllTextAttributes' | 'Flag' | 'CreatedObjects' | 'VanishedObjects';

export interface Criterion {
  type: CriterionType;
  name?: string;
  value: string;
}

export interface SearchCriteria {
  criterion: Criterion[];
  operator: 'And' | 'Or' | 'Not';
}

export interface SelectionCriteria {
  maxEntries: number;
  fromCursor?: string;
  scopeUrl?: string;
  nonRecursive: boolean;
  search: SearchCriteria;
}

const TYPES = new Set<string>([
  'Date',
  'Attribute',
  'AllTextAttributes',
  'Flag',
  'CreatedObjects',
  'VanishedObjects',
]);

export function parseSelectionCriteria(selection: Record<string, unknown>): SelectionCriteria {
  const maxEntries = selection.maxEntries;
  if (typeof maxEntries !== 'number' || !Number.isInteger(maxEntries)) throw invalid('maxEntries');
  if (maxEntries < 1 || maxEntries > 1000) throw invalid('maxEntries');
  const fromCursor = optionalString(selection, 'fromCursor', 'fromCursor');
  let scopeUrl: string | undefined;
  if (selection.searchScope !== undefined) {
    if (!isRecord(selection.searchScope)) throw invalid('searchScope');
    scopeUrl = optionalString(selection.searchScope, 'resourceURL', 'searchScope');
  }
  const nonRecursive = selection.nonRecursiveScope ?? false;
  if (typeof nonRecursive !== 'boolean') throw invalid('nonRecursiveScope');
  if (selection.sortCriteria !== undefined && !isRecord(selection.sortCriteria))
    throw invalid('sortCriteria');
  const search =
    selection.searchCriteria === undefined
      ? { criterion: [], operator: 'And' as const }
      : parseSearchCriteria(selection.searchCriteria, 'searchCriteria');
  return {
    maxEntries,
    nonRecursive,
    search,
    ...(fromCursor !== undefined ? { fromCursor } : {}),
    ...(scopeUrl !== undefined ? { scopeUrl } : {}),
  };
}

export function parseSearchCriteria(value: unknown, what: string): SearchCriteria {
  if (!isRecord(value)) throw invalid(what);
  const operator = value.operator ?? 'And';
  if (operator !== 'And' && operator !== 'Or' && operator !== 'Not') throw invalid('operator');
  const list = value.criterion ?? [];
  if (!Array.isArray(list)) throw invalid('criterion');
  const criterion = list.map(parseCriterion);
  const vanished = criterion.some((c) => c.type === 'VanishedObjects');
  if (vanished && (criterion.length > 1 || operator === 'Not'))
    throw invalid('VanishedObjects cannot be combined or negated');
  return { criterion, operator };
}

function parseCriterion(raw: unknown): Criterion {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !TYPES.has(raw.type))
    throw invalid('criterion type');
  const type = raw.type as CriterionType;
  const name = optionalString(raw, 'name', `${type} name`);
  const value = typeof raw.value === 'boolean' ? String(raw.value) : (raw.value ?? '');
  if (typeof value !== 'string') throw invalid(`${type} value`);
  if ((type === 'Attribute' || type === 'Flag') && !name) throw invalid(`${type} name`);
  if (type === 'Flag' && value !== 'true' && value !== 'false') throw invalid('Flag value');
  if (type === 'Date') dateRange(value);
  if (type === 'CreatedObjects') creationPositionOf(value);
  return { type, value, ...(name !== undefined ? { name } : {}) };
}
