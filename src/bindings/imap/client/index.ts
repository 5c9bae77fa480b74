/** IMAP client side: a typed imapflow wrapper with transcripts (see client.ts). */
export { connect, type ConnectOptions } from './connect.ts';
export { ImapClient, uidSet } from './client.ts';
export { ImapConnection, type ImapEndpoint, type ImapEvents } from './connection.ts';
export type * from './types.ts';
export { expandSet } from './types.ts';
export { ImapClientError, describeError, labelled, withTimeout } from './errors.ts';
export {
  TranscriptRecorder,
  escapeControls,
  type ImapLogger,
  type TranscriptOptions,
} from './transcript.ts';
export type { RawArg, RawValue, RawResponse } from './raw.ts';
