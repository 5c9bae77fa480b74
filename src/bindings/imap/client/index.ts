/** IMAP client side: a typed imapflow wrapper with transcripts (see client.ts). */
export { connect, ImapClient, uidSet, type ConnectOptions, type ImapEndpoint } from './client.ts';
export type * from './types.ts';
export { expandSet } from './types.ts';
export { ImapClientError, describeError, labelled, withTimeout } from './errors.ts';
export { TranscriptRecorder, type ImapLogger, type TranscriptOptions } from './transcript.ts';
export type { RawArg, RawValue, RawResponse } from './raw.ts';
