/**
 * What the transport to a store is, for the report header: one TLS handshake of its own
 * (IMAPS or HTTPS directly; IMAP STARTTLS after the greeting), reading the TLS version, the
 * cipher, the certificate's subject and SHA-256 fingerprint and whether it verified. The
 * connection is closed at once; nothing is logged in.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { nodeTlsOptions, tlsFailureOf, usesTls, type TlsSettings } from './tls.ts';

export interface TransportInfo {
  /** e.g. `imap starttls 127.0.0.1:10143`. */
  endpoint: string;
  tls: boolean;
  protocol?: string;
  cipher?: string;
  subject?: string;
  fingerprint256?: string;
  /** Whether the certificate was verified, and why not. */
  verified?: boolean;
  verifyError?: string;
}

export interface ProbedEndpoint {
  binding: 'imap' | 'nms';
  host: string;
  port: number;
  tls?: TlsSettings | boolean;
}

/** One line for the report: `imap implicit 127.0.0.1:993: TLSv1.3 TLS_AES_256_GCM_SHA384, ...`. */
export function transportLine(info: TransportInfo): string {
  if (!info.tls)
    return info.endpoint.startsWith('imap default')
      ? `${info.endpoint}: no endpoint.tls in the profile (STARTTLS if the store offers it, certificate not verified)`
      : `${info.endpoint}: plain TCP, no TLS`;
  const verified = info.verified
    ? 'certificate verified'
    : `certificate not verified${info.verifyError ? ` (${info.verifyError})` : ''}`;
  return (
    `${info.endpoint}: ${info.protocol ?? '?'} ${info.cipher ?? '?'}, ` +
    `certificate ${info.subject || '(no subject)'} SHA-256 ${info.fingerprint256 ?? '?'}, ${verified}`
  );
}

function settingsOf(endpoint: ProbedEndpoint): TlsSettings | undefined {
  const tls = endpoint.tls;
  if (tls === undefined || tls === false) return undefined;
  if (tls === true)
    return { mode: endpoint.binding === 'nms' ? 'https' : 'implicit', verify: false };
  return tls;
}

/** Probes the endpoint's transport; rejects with a TlsFailure (one line) when TLS fails. */
export async function probeTransport(
  endpoint: ProbedEndpoint,
  timeoutMs: number,
): Promise<TransportInfo> {
  const settings = settingsOf(endpoint);
  const where = `${endpoint.host}:${endpoint.port}`;
  const label = `${endpoint.binding} ${settings?.mode ?? 'default'} ${where}`;
  if (!usesTls(settings) || !settings) return { endpoint: label, tls: false };
  let socket: TLSSocket | undefined;
  try {
    const plain =
      settings.mode === 'starttls'
        ? await startTls(endpoint.host, endpoint.port, timeoutMs)
        : undefined;
    socket = await handshake(endpoint.host, endpoint.port, settings, timeoutMs, plain);
    const cipher = socket.getCipher();
    const cert = socket.getPeerCertificate();
    const subject = cert.subject
      ? Object.entries(cert.subject)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')
      : '';
    return {
      endpoint: label,
      tls: true,
      protocol: socket.getProtocol() ?? '?',
      cipher: cipher.standardName || cipher.name,
      subject,
      fingerprint256: cert.fingerprint256,
      verified: socket.authorized,
      ...(socket.authorizationError
        ? { verifyError: String(socket.authorizationError) }
        : settings.verify
          ? {}
          : { verifyError: 'tlsVerify: false' }),
    };
  } catch (error) {
    throw tlsFailureOf(error, `connect ${where}`, settings) ?? error;
  } finally {
    socket?.destroy();
  }
}

function handshake(
  host: string,
  port: number,
  settings: TlsSettings,
  timeoutMs: number,
  socket?: Socket,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({
      host,
      port,
      ...(socket ? { socket } : {}),
      ...(settings.servername === undefined && !/^[\d.:]+$/.test(host) ? { servername: host } : {}),
      ...nodeTlsOptions(settings),
    });
    const timer = setTimeout(() => {
      tls.destroy();
      reject(new Error(`TLS handshake: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(tls);
    });
    tls.once('error', (error) => {
      clearTimeout(timer);
      socket?.destroy();
      reject(error);
    });
  });
}

/** Plain IMAP up to a tagged OK to STARTTLS; resolves with the socket to wrap. */
function startTls(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    let buffer = '';
    let sent = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`STARTTLS: no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('error', fail);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (!sent && /^\* (OK|PREAUTH)/i.test(line)) {
          sent = true;
          socket.write('P1 STARTTLS\r\n');
        } else if (!sent && /^\* BYE/i.test(line)) {
          return fail(new Error(`STARTTLS: the server said ${line.slice(0, 80)}`));
        } else if (/^P1 /i.test(line)) {
          if (!/^P1 OK/i.test(line))
            return fail(new Error(`STARTTLS refused: ${line.slice(3, 83)}`));
          clearTimeout(timer);
          socket.removeAllListeners('data');
          socket.removeListener('error', fail);
          return resolve(socket);
        }
      }
    });
  });
}
