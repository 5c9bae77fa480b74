/**
 * Whether an object matches SearchCriteria: Date (`minDate` inclusive, `maxDate`
 * exclusive), Attribute (case-insensitive name, exact value), AllTextAttributes
 * (case-insensitive substring), Flag (set or not), CreatedObjects (created after the
 * creation cursor). And (default), Or, Not (= not all). VanishedObjects is answered apart.
 */
import type { ObjectRecord } from './backend.ts';
import { creationPositionOf } from './cursor.ts';
import { invalid } from './request-error.ts';
import type { Criterion, SearchCriteria } from './selection-criteria.ts';

export function dateRange(value: string): { min?: Date; max?: Date } {
  const range: { min?: Date; max?: Date } = {};
  for (const pair of value.split('&')) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const date = new Date(decodeURIComponent(pair.slice(eq + 1).trim()));
    if (eq < 0 || Number.isNaN(date.getTime())) throw invalid('Date value');
    if (key === 'minDate') range.min = date;
    else if (key === 'maxDate') range.max = date;
    else throw invalid('Date value');
  }
  return range;
}

/** The nms-date-min-off-by-one mutant: every Date criterion's minDate one day earlier. */
export function minDateOneDayEarlier(criteria: SearchCriteria): SearchCriteria {
  const earlier = (value: string) =>
    value
      .split('&')
      .map((pair) => {
        const [key, date] = pair.split('=');
        if (key?.trim() !== 'minDate' || date === undefined) return pair;
        const t = new Date(decodeURIComponent(date.trim())).getTime() - 86_400_000;
        return `minDate=${new Date(t).toISOString()}`;
      })
      .join('&');
  return {
    ...criteria,
    criterion: criteria.criterion.map((c) =>
      c.type === 'Date' ? { ...c, value: earlier(c.value) } : c,
    ),
  };
}

function matchesOne(o: ObjectRecord, c: Criterion): boolean {
  switch (c.type) {
    case 'Date': {
      const { min, max } = dateRange(c.value);
      const t = o.date.getTime();
      return (!min || t >= min.getTime()) && (!max || t < max.getTime());
    }
    case 'Attribute': {
      const name = (c.name ?? '').toLowerCase();
      return o.attributes.some((a) => a.name.toLowerCase() === name && a.value.includes(c.value));
    }
    case 'AllTextAttributes': {
      const needle = c.value.toLowerCase();
      return o.attributes.some((a) => a.value.some((v) => v.toLowerCase().includes(needle)));
    }
    case 'Flag': {
      const flag = (c.name ?? '').toLowerCase();
      const set = o.flags.some((f) => f.toLowerCase() === flag);
      return set === (c.value === 'true');
    }
    case 'CreatedObjects':
      return o.created > creationPositionOf(c.value);
    case 'VanishedObjects':
      return false;
  }
}

export function matchesCriteria(o: ObjectRecord, criteria: SearchCriteria): boolean {
  const results = criteria.criterion.map((c) => matchesOne(o, c));
  if (criteria.operator === 'Or') return results.length === 0 || results.some(Boolean);
  const all = results.every(Boolean);
  return criteria.operator === 'Not' ? !all : all;
}
