/** Where two JSON values first differ, as a path and the two values, for a finding line. */
export function firstDifference(got: unknown, want: unknown, path = '$'): string {
  const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));
  if (Array.isArray(got) && Array.isArray(want)) {
    if (got.length !== want.length)
      return `${path} has ${got.length} items in XML, ${want.length} in JSON`;
    for (let i = 0; i < got.length; i++) {
      const diff = firstDifference(got[i], want[i], `${path}[${i}]`);
      if (diff) return diff;
    }
    return '';
  }
  if (isObject(got) && isObject(want)) {
    for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
      const diff = firstDifference(got[key], want[key], `${path}.${key}`);
      if (diff) return diff;
    }
    return '';
  }
  return Object.is(got, want) ? '' : `${path} is ${show(got)} in XML, ${show(want)} in JSON`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
