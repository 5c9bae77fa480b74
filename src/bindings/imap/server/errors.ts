/**
 * IMAP failures a handler can raise, and the one table that maps model error codes to
 * IMAP response codes (RFC 3501, RFC 5530, RFC 7162; protocol digest section (d)).
 */
import { ModelError, type ModelErrorCode } from '../../../model/errors.ts';

export type FailureStatus = 'NO' | 'BAD';

export class ImapFailure extends Error {
  constructor(
    readonly status: FailureStatus,
    readonly code: string | undefined,
    text: string,
  ) {
    super(text);
    this.name = 'ImapFailure';
  }
}

/** Syntax error, unknown command, command in the wrong state, switched-off extension. */
export function bad(text: string, code?: string): ImapFailure {
  return new ImapFailure('BAD', code, text);
}

/** A well-formed command the server refuses. */
export function no(text: string, code?: string): ImapFailure {
  return new ImapFailure('NO', code, text);
}

/** Model error code -> IMAP status and response code. */
export const MODEL_ERROR_MAP: Readonly<
  Record<ModelErrorCode, { status: FailureStatus; code: string }>
> = {
  NONEXISTENT: { status: 'NO', code: 'NONEXISTENT' },
  ALREADYEXISTS: { status: 'NO', code: 'ALREADYEXISTS' },
  CANNOT: { status: 'NO', code: 'CANNOT' },
  TRYCREATE: { status: 'NO', code: 'TRYCREATE' },
  MODIFIED: { status: 'NO', code: 'MODIFIED' },
  EXPUNGEISSUED: { status: 'NO', code: 'EXPUNGEISSUED' },
};

/** Any error thrown while handling a command, as the tagged failure to send. */
export function toImapFailure(error: unknown): ImapFailure {
  if (error instanceof ImapFailure) return error;
  if (error instanceof ModelError) {
    const mapped = MODEL_ERROR_MAP[error.code];
    return new ImapFailure(mapped.status, mapped.code, error.message);
  }
  return new ImapFailure('NO', 'SERVERBUG', 'internal error');
}
