/**
 * The limits one connection lives under, answered as Dovecot answers them:
 * - auto-logout (RFC 9051 5.4): before login the connection must log in within
 *   `loginTimeoutMs` of connecting; after it, `idleTimeoutMs` without input ends it. Either
 *   way `* BYE Disconnected for inactivity.`. In IDLE a `* OK Still here` goes out every
 *   `idleKeepaliveMs`, and one the client keeps up with counts as activity (RFC 9051 6.3.13
 *   lets a server treat IDLE as inactive; Dovecot keeps it alive this way);
 * - `maxBadCommands` BAD answers in a row: `* BYE Too many invalid IMAP commands.`;
 * - failed logins: the NO waits for the address's penalty (login-throttle.ts), and
 *   `maxLoginFailures` of them on the connection: `* BYE Too many failed login attempts.`;
 * - `maxConnectionsPerUserAddress`: a LOGIN over it gets `NO [LIMIT]`.
 * Every clock reading and timer goes through the injectable ServerTimers.
 */
import type { SessionState } from '../../src/bindings/imap/server/context.ts';
import type { CommandStatus } from '../../src/bindings/imap/server/dispatch.ts';
import type { ServerLimits } from '../../src/bindings/imap/server/limits.ts';
import { USER_ADDRESS_LIMIT_TEXT, type ConnectionRegistry } from './connection-registry.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { sleepOn, type ServerTimers } from './server-timers.ts';

const INACTIVITY_TEXT = 'Disconnected for inactivity.';
const BAD_COMMANDS_TEXT = 'Too many invalid IMAP commands.';
const LOGIN_FAILURES_TEXT = 'Too many failed login attempts.';
const KEEPALIVE_LINE = '* OK Still here\r\n';

/** What the limits need of the session they watch. */
export interface GuardedSession {
  readonly state: SessionState;
  /** Send `* BYE reason` and close once it is out. */
  sayGoodbye(reason: string): void;
  /** Send an untagged line now; whether everything sent before had been taken by the client. */
  sendKeepalive(line: string): boolean;
}

export interface SessionLimitsDeps {
  limits: ServerLimits;
  timers: ServerTimers;
  registry: ConnectionRegistry;
  throttle: LoginThrottle;
  /** The client's address, as the registry counts it. */
  address: string;
}

/** What must happen once a command has been answered. */
export interface CommandOutcome {
  /** Hold the answer this long (a failed login). */
  delayMs: number;
  /** Then say goodbye with this reason. */
  bye?: string;
}

export class SessionLimits {
  private readonly connectedAt: number;
  private lastInput: number;
  private session: GuardedSession | undefined;
  private inactivityTimer: unknown;
  private keepaliveTimer: unknown;
  private badInARow = 0;
  private loginFailures = 0;
  private refusedByLimit = false;
  private countedUser: string | undefined;
  private ended = false;

  constructor(private readonly deps: SessionLimitsDeps) {
    this.connectedAt = this.lastInput = deps.timers.now();
  }

  /** Start watching a session (its greeting has been sent). */
  attach(session: GuardedSession): void {
    this.session = session;
    const { loginTimeoutMs, idleTimeoutMs } = this.deps.limits;
    this.armInactivity(Math.min(loginTimeoutMs, idleTimeoutMs));
  }

  /** Bytes arrived from the client (cheap: called for every packet). */
  input(): void {
    this.lastInput = this.deps.timers.now();
  }

  private armInactivity(ms: number): void {
    this.inactivityTimer = this.deps.timers.setTimeout(() => this.checkInactivity(), ms);
  }

  private checkInactivity(): void {
    if (this.ended || !this.session) return;
    const { limits, timers } = this.deps;
    const now = timers.now();
    const loggedIn = this.session.state !== 'not-authenticated';
    const left = loggedIn
      ? limits.idleTimeoutMs - (now - this.lastInput)
      : limits.loginTimeoutMs - (now - this.connectedAt);
    if (left <= 0) this.session.sayGoodbye(INACTIVITY_TEXT);
    else this.armInactivity(left);
  }

  /** IDLE began or ended. */
  idling(on: boolean): void {
    if (this.ended) return;
    this.deps.timers.clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
    if (on) this.armKeepalive();
  }

  private armKeepalive(): void {
    this.keepaliveTimer = this.deps.timers.setTimeout(() => {
      if (this.ended || !this.session) return;
      if (this.session.sendKeepalive(KEEPALIVE_LINE)) this.lastInput = this.deps.timers.now();
      this.armKeepalive();
    }, this.deps.limits.idleKeepaliveMs);
  }

  /**
   * A LOGIN or AUTHENTICATE with the right credentials: undefined to let the user in, or the
   * text of the NO [LIMIT] when the user holds the maximum of connections from this address.
   */
  admitLogin(user: string): string | undefined {
    if (!this.deps.registry.admitUser(user, this.deps.address)) {
      this.refusedByLimit = true;
      return USER_ADDRESS_LIMIT_TEXT;
    }
    this.countedUser = user;
    return undefined;
  }

  /** Account for one answered command; `before` is the state the command ran in. */
  afterCommand(before: SessionState, status: CommandStatus, after: SessionState): CommandOutcome {
    const { limits, throttle } = this.deps;
    let bye: string | undefined;
    let delayMs = 0;
    if (status !== 'BAD') this.badInARow = 0;
    else if (++this.badInARow >= limits.maxBadCommands) bye = BAD_COMMANDS_TEXT;
    if (before === 'not-authenticated') {
      if (after !== 'not-authenticated' && after !== 'logout') throttle.success(this.deps.address);
      // Before login only LOGIN and AUTHENTICATE answer NO: a credential failure.
      else if (status === 'NO' && !this.refusedByLimit) {
        delayMs = throttle.failure(this.deps.address);
        if (++this.loginFailures >= limits.maxLoginFailures) bye ??= LOGIN_FAILURES_TEXT;
      }
    }
    this.refusedByLimit = false;
    return { delayMs, ...(bye ? { bye } : {}) };
  }

  /** Wait on the server's timers (a failed login's delay). */
  delay(ms: number): Promise<void> {
    return sleepOn(this.deps.timers, ms);
  }

  /** The connection is gone: stop the timers and release what it counted. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const { timers, registry, address } = this.deps;
    timers.clearTimeout(this.inactivityTimer);
    timers.clearTimeout(this.keepaliveTimer);
    registry.releaseConnection(address);
    if (this.countedUser !== undefined) registry.releaseUser(this.countedUser, address);
  }
}
