/**
 * NMS failures: `NmsFault` is what handlers and the backend throw; `faultResponse` turns
 * it (or anything else thrown) into a `requestError` answer. Unknown errors become
 * `500 SVC0001`, so no handler ever lets an exception out.
 */
import { HttpResponse } from 'msw';

export type ExceptionKind = 'serviceException' | 'policyException';

const TEXTS: Record<string, string> = {
  SVC0001: 'A service error occurred: %1',
  SVC0002: 'Invalid input value for message part %1',
  SVC0004: 'No valid addresses or resources provided in message part %1',
  POL0001: 'A policy error occurred: %1',
  POL1030: 'The folder %1 cannot be renamed',
};

export class NmsFault extends Error {
  constructor(
    readonly status: number,
    readonly messageId: string,
    readonly variables: string[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${messageId} ${variables.join(' ')}`);
    this.name = 'NmsFault';
  }

  get kind(): ExceptionKind {
    return this.messageId.startsWith('POL') ? 'policyException' : 'serviceException';
  }
}

export const invalid = (what: string): NmsFault => new NmsFault(400, 'SVC0002', [what]);
export const notFound = (path: string): NmsFault => new NmsFault(404, 'SVC0004', [path]);
export const forbidden = (why: string): NmsFault => new NmsFault(403, 'POL0001', [why]);

export function requestErrorBody(fault: NmsFault): unknown {
  return {
    requestError: {
      [fault.kind]: {
        messageId: fault.messageId,
        text: TEXTS[fault.messageId] ?? '%1',
        variables: fault.variables,
      },
    },
  };
}

/** The model's error codes, as NMS faults. */
function fromModelError(error: Error & { code?: unknown }, path: string): NmsFault | undefined {
  if (error.name !== 'ModelError') return undefined;
  if (error.code === 'ALREADYEXISTS') return new NmsFault(409, 'SVC0002', [error.message]);
  if (error.code === 'NONEXISTENT' || error.code === 'TRYCREATE') return notFound(path);
  return invalid(error.message);
}

export function faultResponse(error: unknown, path: string): Response {
  let fault: NmsFault;
  if (error instanceof NmsFault) fault = error;
  else if (error instanceof Error)
    fault = fromModelError(error, path) ?? new NmsFault(500, 'SVC0001', [error.message]);
  else fault = new NmsFault(500, 'SVC0001', [String(error)]);
  return HttpResponse.json(requestErrorBody(fault) as Record<string, unknown>, {
    status: fault.status,
    headers: fault.headers,
  });
}
