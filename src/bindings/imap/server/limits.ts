/**
 * Every resource limit of the reference IMAP store in one place, with its default.
 * A server takes a partial override (ImapServerOptions.limits); `resolveLimits` fills in
 * the rest. What the client is told when it hits each limit follows Dovecot.
 */

import type { ReaderLimits } from './input-reader.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface ServerLimits {
  /**
   * Longest command line between literals, in bytes (above Dovecot's 64k imap_max_line_length,
   * so that long UID sets pass). Longer, as Dovecot answers: once logged in, a tagged
   * `BAD Too long argument` (the rest of the line is skipped); before login, `* BYE Input
   * buffer full, aborting` and the connection is closed.
   */
  maxLineLength: number;
  /**
   * Largest single literal before authentication. A bigger one, `{n}` or `{n+}`, gets
   * `* BYE Literal size too large` and a close, without a `+` and without reading its bytes.
   */
  maxLiteralBeforeLogin: number;
  /**
   * Total bytes of one command (lines and literals) before authentication; also the longest
   * line then. Over it: `* BYE` and a close, as for a literal.
   */
  maxCommandSizeBeforeLogin: number;
  /**
   * Largest single literal once authenticated (the size of one APPENDed message). A bigger
   * `{n}` gets `NO [TOOBIG]` and no `+`; a bigger `{n+}` is skipped unread, then `NO [TOOBIG]`.
   */
  maxLiteral: number;
  /** Total bytes of one command once authenticated (MULTIAPPEND included); same answers. */
  maxCommandSize: number;
  /**
   * Output backpressure: while this many bytes or more wait in a connection's socket,
   * the server reads no further commands from it (and stops reading its input) until the
   * client has read enough; so a client that never reads costs about this plus one response.
   */
  outputHighWaterMark: number;
  /** Deepest nesting of SEARCH keys (NOT, OR, parenthesised groups); deeper gets BAD. */
  maxSearchDepth: number;
  /**
   * Connections one user may hold from one address (Dovecot mail_max_userip_connections).
   * One more LOGIN gets `NO [LIMIT] Maximum number of connections from user+IP exceeded`.
   */
  maxConnectionsPerUserAddress: number;
  /** Open connections from one remote address, logged in or not; more get `* BYE` at once. */
  maxConnectionsPerAddress: number;
  /** Auto-logout before login, ms: `* BYE Disconnected for inactivity.` */
  loginTimeoutMs: number;
  /** Auto-logout once logged in, ms; RFC 9051 5.4 wants at least 30 minutes. */
  idleTimeoutMs: number;
  /**
   * In IDLE, `* OK Still here` this often (Dovecot imap_idle_notify_interval); one sent while
   * the client keeps up with its output counts as activity, so IDLE can last (RFC 9051 6.3.13).
   */
  idleKeepaliveMs: number;
  /** Bad commands in a row before `* BYE Too many invalid IMAP commands.` (Dovecot: 20). */
  maxBadCommands: number;
  /** Delay of the first failed login's answer, ms; doubles per failure from one address. */
  loginFailureDelayMs: number;
  /** Longest delay of a failed login's answer, ms (Dovecot's auth penalty: 2, 4, 8, 15 s). */
  maxLoginFailureDelayMs: number;
  /** Failed logins on one connection before `* BYE` and a close. */
  maxLoginFailures: number;
  /** listen() backlog: connections the kernel queues before accept (Node's default: 511). */
  listenBacklog: number;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxLineLength: 256 * KiB,
  maxLiteralBeforeLogin: 8 * KiB,
  maxCommandSizeBeforeLogin: 16 * KiB,
  maxLiteral: 64 * MiB,
  maxCommandSize: 64 * MiB,
  outputHighWaterMark: 4 * MiB,
  maxSearchDepth: 100,
  maxConnectionsPerUserAddress: 10,
  maxConnectionsPerAddress: 1000,
  loginTimeoutMs: 60_000,
  idleTimeoutMs: 30 * 60_000,
  idleKeepaliveMs: 2 * 60_000,
  maxBadCommands: 20,
  loginFailureDelayMs: 2_000,
  maxLoginFailureDelayMs: 15_000,
  maxLoginFailures: 3,
  listenBacklog: 4096,
});

/** The defaults with the given fields replaced; every value must be a positive integer. */
export function resolveLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const limits: ServerLimits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ServerLimits, unknown][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_LIMITS)) throw new Error(`unknown server limit "${key}"`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
      throw new Error(`server limit ${key} must be a positive integer, got ${String(value)}`);
    limits[key] = value;
  }
  return limits;
}

/** What the command reader enforces in a connection state (input-reader.ts). */
export function readerLimitsFor(limits: ServerLimits, authenticated: boolean): ReaderLimits {
  if (authenticated) {
    return {
      maxLineLength: limits.maxLineLength,
      maxLiteralSize: limits.maxLiteral,
      maxCommandSize: limits.maxCommandSize,
    };
  }
  return {
    maxLineLength: Math.min(limits.maxLineLength, limits.maxCommandSizeBeforeLogin),
    maxLiteralSize: limits.maxLiteralBeforeLogin,
    maxCommandSize: limits.maxCommandSizeBeforeLogin,
    closeOnOverflow: true,
  };
}
