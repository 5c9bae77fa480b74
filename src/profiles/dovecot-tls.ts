/**
 * TLS for the throwaway Dovecot (dovecot.ts): STARTTLS on its IMAP port and implicit TLS
 * (IMAPS) on a second port, with a certificate and key the caller made (e.g. a self-signed
 * one made with openssl in a test). Plain-text login stays allowed, so the same store
 * serves plain, STARTTLS and IMAPS profiles side by side.
 */

export interface DovecotTls {
  /** PEM certificate and private key files (read by Dovecot at start). */
  certFile: string;
  keyFile: string;
  /** The IMAPS (implicit TLS) port on 127.0.0.1. */
  imapsPort: number;
}

/** The config text with TLS on: `ssl = yes`, the certificate, and the IMAPS listener's port. */
export function withDovecotTls(conf: string, tls: DovecotTls): string {
  if (/[\n<]/.test(tls.certFile + tls.keyFile)) throw new Error('bad certificate path');
  const ssl = ['ssl = yes', `ssl_cert = <${tls.certFile}`, `ssl_key = <${tls.keyFile}`].join('\n');
  const out = conf
    .replace(/^ssl = no$/m, ssl)
    .replace(
      /inet_listener imaps \{\n(\s*)port = 0\n/,
      `inet_listener imaps {\n$1address = 127.0.0.1\n$1port = ${tls.imapsPort}\n`,
    );
  if (!out.includes(`port = ${tls.imapsPort}`) || !out.includes('ssl = yes'))
    throw new Error('dovecot config: cannot turn TLS on (unexpected config layout)');
  return out;
}
