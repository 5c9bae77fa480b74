/**
 * Modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): printable ASCII stands for
 * itself, `&` is `&-`, anything else is UTF-16 in modified base64 between `&` and `-`.
 * The model keeps Unicode names; the wire carries the encoded form.
 */

function isDirect(code: number): boolean {
  return code >= 0x20 && code <= 0x7e && code !== 0x26;
}

export function encodeMailboxName(name: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => bytes.writeUInt16BE(unit, i * 2));
    out += '&' + bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',') + '-';
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (isDirect(code)) {
      flush();
      out += name[i];
    } else if (code === 0x26) {
      flush();
      out += '&-';
    } else {
      pending.push(code);
    }
  }
  flush();
  return out;
}

/** Decode; malformed shift sequences are kept literally rather than rejected. */
export function decodeMailboxName(wire: string): string {
  if (!wire.includes('&')) return wire;
  return wire.replace(/&([A-Za-z0-9+,]*)-/g, (whole, b64: string) => {
    if (b64 === '') return '&';
    const bytes = Buffer.from(b64.replace(/,/g, '/'), 'base64');
    if (bytes.length < 2) return whole;
    let text = '';
    for (let i = 0; i + 1 < bytes.length; i += 2)
      text += String.fromCharCode(bytes.readUInt16BE(i));
    return text;
  });
}
