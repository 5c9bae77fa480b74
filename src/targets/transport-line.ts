/**
 * The transport line of a run's report for one profile: for a store under test that cpmct
 * does not embed, one TLS handshake of its own (bindings/transport-probe.ts). A failed
 * handshake is reported as its one line; the cases then find the same failure and are
 * judged inconclusive.
 */
import { probeTransport, transportLine } from '../bindings/transport-probe.ts';
import type { StoreEndpoint } from '../engine/ports.ts';
import type { Profile } from '../profiles/profile.ts';

/** The line, or undefined when there is no transport to describe (embedded, client role). */
export async function describeTransport(
  profile: Profile,
  endpoint: StoreEndpoint,
): Promise<string | undefined> {
  if (profile.role !== 'server' || profile.iut.embedded) return undefined;
  try {
    return transportLine(await probeTransport(endpoint, profile.timing.connectTimeoutMs));
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    return message.includes(`${endpoint.host}:${endpoint.port}`)
      ? `${endpoint.binding} ${message}`
      : `${endpoint.binding} ${endpoint.host}:${endpoint.port}: ${message}`;
  }
}
