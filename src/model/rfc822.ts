/** Minimal, pure access to the header block of a stored object (RFC 5322 style). */

export function splitHeader(raw: Buffer): { header: Buffer; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) {
    return { header: raw.subarray(0, crlf + 4), body: raw.subarray(crlf + 4) };
  }
  if (lf >= 0) return { header: raw.subarray(0, lf + 2), body: raw.subarray(lf + 2) };
  return { header: raw, body: Buffer.alloc(0) };
}

/** Header fields in order, unfolded; names keep their case. */
export function parseHeaderFields(raw: Buffer): Array<{ name: string; value: string }> {
  const text = splitHeader(raw).header.toString('utf8');
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.value += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

export function headerValue(raw: Buffer, name: string): string | undefined {
  const lower = name.toLowerCase();
  return parseHeaderFields(raw).find((f) => f.name.toLowerCase() === lower)?.value;
}
