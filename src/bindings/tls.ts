/**
 * TLS settings shared by both bindings (profile `endpoint.tls`, `tlsVerify`, `caFile`,
 * `servername`), their translation into node:tls options, and TLS failures as one line.
 *
 * Decisions:
 * - A TLS failure (no handshake, a certificate that does not verify, STARTTLS refused) is
 *   the environment's or the configuration's, not the store's: it carries the code `ETLS`,
 *   which the engine classifies as inconclusive, and says what to change in the profile.
 * - The CA file is read once, when the profile is loaded (profile.ts), so that a missing
 *   file is a configuration error at its line, not a failure in the middle of a run.
 */
import type { ConnectionOptions } from 'node:tls';

/** `none`: plain TCP; `starttls`/`implicit`: IMAP; `https`: NMS. */
export type TlsMode = 'none' | 'starttls' | 'implicit' | 'https';

export interface TlsSettings {
  mode: TlsMode;
  /** Verify the certificate chain and the host name (default on for non-loopback hosts). */
  verify: boolean;
  /** PEM of the certificate authorities to trust instead of the system's (from caFile). */
  ca?: string;
  /** Where `ca` came from, for messages. */
  caFile?: string;
  /** The name sent in SNI and checked against the certificate (default: the host name). */
  servername?: string;
}

/** True when the settings ask for any TLS. */
export function usesTls(settings: TlsSettings | boolean | undefined): boolean {
  if (typeof settings === 'boolean') return settings;
  return settings !== undefined && settings.mode !== 'none';
}

/** node:tls options for these settings (the host is added by the caller). */
export function nodeTlsOptions(settings: TlsSettings | undefined): ConnectionOptions {
  if (!settings) return { rejectUnauthorized: false };
  return {
    rejectUnauthorized: settings.verify,
    ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
    ...(settings.servername !== undefined ? { servername: settings.servername } : {}),
  };
}

/** Loopback hosts, on which certificates are not verified unless the profile asks. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/** A TLS failure: one line, code ETLS (inconclusive: the environment's, not the store's). */
export class TlsFailure extends Error {
  override readonly name = 'TlsFailure';
  readonly code = 'ETLS';
}

const CERTIFICATE_HINTS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'a certificate from an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'a certificate from an unknown authority',
  CERT_HAS_EXPIRED: 'an expired certificate',
  CERT_NOT_YET_VALID: 'a certificate that is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'a certificate for another host name',
};

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    parts.push(e.message);
  return parts.join(' | ');
}

/**
 * The error as a TlsFailure when it is one (certificate, handshake or STARTTLS trouble),
 * else undefined. `where` is e.g. `connect 10.0.0.5:993`.
 */
export function tlsFailureOf(
  error: unknown,
  where: string,
  settings: TlsSettings | undefined,
): TlsFailure | undefined {
  if (error instanceof TlsFailure) return error;
  const code = codeOf(error);
  const text = messagesOf(error);
  const certificate = code !== undefined ? CERTIFICATE_HINTS[code] : undefined;
  const handshake =
    (code !== undefined && /^ERR_SSL_|^ERR_TLS_|^EPROTO$|CERT/.test(code)) ||
    /\b(SSL|TLS|STARTTLS)\b|certificate|handshake/i.test(text) ||
    (error as { tlsFailed?: unknown } | undefined)?.tlsFailed === true;
  if (!certificate && !handshake) return undefined;
  const firstLine = (text.split('\n')[0] ?? '').replace(/\s+/g, ' ').slice(0, 200);
  const what = certificate
    ? `the store presented ${certificate} (${code})`
    : `${firstLine}${code && !firstLine.includes(code) ? ` (${code})` : ''}`;
  const hint = certificate
    ? code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? '; set endpoint.servername to the name the certificate is for'
      : settings?.caFile
        ? `; it does not verify against caFile ${settings.caFile}`
        : '; give its CA in endpoint.caFile, or set endpoint.tlsVerify: false for a test store'
    : '';
  return new TlsFailure(`${where}: TLS failed: ${what}${hint}`);
}
