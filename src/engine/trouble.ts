/**
 * The three kinds of trouble never mix (design.md 5.5): the IUT broke a clause (fail),
 * the harness broke (error, with a stable code), the environment prevented judging
 * (inconclusive).
 */

/** The environment or a precondition prevented judging. */
export class InconclusiveError extends Error {
  override readonly name = 'InconclusiveError';
}

/**
 * The store under test misbehaved in an operation the harness asked of it (deliver,
 * delete, list...): a finding on the clause of that operation, not an inconclusive case.
 */
export class StoreFault extends Error {
  override readonly name = 'StoreFault';
  constructor(
    readonly clause: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A harness fault with a stable code. */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ENVIRONMENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ENETUNREACH',
  // A TLS handshake or certificate that failed (bindings/tls.ts): configuration, not the store.
  'ETLS',
]);
const PROGRAMMING_ERRORS = ['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError'];

export type Trouble =
  | { kind: 'inconclusive'; message: string }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'iut'; message: string; clause?: string };

/** Decide whose fault an exception is. */
export function classify(error: unknown): Trouble {
  const message = oneLine(error);
  if (error instanceof InconclusiveError) return { kind: 'inconclusive', message };
  if (error instanceof HarnessError) return { kind: 'error', code: error.code, message };
  const fault = storeFaultIn(error);
  if (fault) return { kind: 'iut', message, clause: fault.clause };
  if (error instanceof Error) {
    if (error.name === 'CaseDefinitionError') return { kind: 'error', code: 'E_CASE', message };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && ENVIRONMENT_CODES.has(code))
      return { kind: 'inconclusive', message };
    if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|\bTLS failed:/.test(message))
      return { kind: 'inconclusive', message };
    if (PROGRAMMING_ERRORS.includes(error.constructor.name)) {
      return { kind: 'error', code: 'E_HARNESS', message: `${error.constructor.name}: ${message}` };
    }
  }
  return { kind: 'iut', message };
}

export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const extra =
    error instanceof Error ? (error as { responseText?: string }).responseText : undefined;
  const line = extra && !text.includes(extra) ? `${text}: ${extra}` : text;
  return line.replace(/\s+/g, ' ').trim().slice(0, 500);
}

/** A StoreFault, possibly wrapped by the actor that met it (`cause`). */
function storeFaultIn(error: unknown): StoreFault | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (e instanceof StoreFault) return e;
  return undefined;
}
