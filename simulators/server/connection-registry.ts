/**
 * Counts the open connections per remote address and per user+address, and refuses those
 * over the limits: a new connection from a busy address (before anything is read), a LOGIN
 * for a user who already holds the maximum from that address (Dovecot's
 * mail_max_userip_connections).
 */
import type { ServerLimits } from '../../src/bindings/imap/server/limits.ts';

export const ADDRESS_LIMIT_TEXT = 'Maximum number of connections from your address exceeded';
export const USER_ADDRESS_LIMIT_TEXT = 'Maximum number of connections from user+IP exceeded';

export class ConnectionRegistry {
  private readonly byAddress = new Map<string, number>();
  private readonly byUserAddress = new Map<string, number>();

  constructor(private readonly limits: ServerLimits) {}

  /** Count a new connection; false (and not counted) when the address is at its limit. */
  admitConnection(address: string): boolean {
    return admit(this.byAddress, address, this.limits.maxConnectionsPerAddress);
  }

  releaseConnection(address: string): void {
    release(this.byAddress, address);
  }

  /** Count a logged-in user on a connection; false (and not counted) at the limit. */
  admitUser(user: string, address: string): boolean {
    return admit(
      this.byUserAddress,
      userKey(user, address),
      this.limits.maxConnectionsPerUserAddress,
    );
  }

  releaseUser(user: string, address: string): void {
    release(this.byUserAddress, userKey(user, address));
  }

  connectionsFrom(address: string): number {
    return this.byAddress.get(address) ?? 0;
  }
}

function userKey(user: string, address: string): string {
  return `${user}\0${address}`;
}

function admit(counts: Map<string, number>, key: string, limit: number): boolean {
  const open = counts.get(key) ?? 0;
  if (open >= limit) return false;
  counts.set(key, open + 1);
  return true;
}

function release(counts: Map<string, number>, key: string): void {
  const open = counts.get(key) ?? 0;
  if (open <= 1) counts.delete(key);
  else counts.set(key, open - 1);
}
