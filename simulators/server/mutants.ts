/**
 * Deliberately broken variants of the reference store, selected by `mutant: <name>`.
 * Each one is a small deviation at one named point of the IMAP front end (see
 * src/bindings/imap/server/deviations.ts); the harness must fail each on its clause.
 * `clause` is the id in suites/clauses.yaml; `rfc` names the protocol rule it breaks.
 */
import {
  DEVIATIONS,
  isDeviation,
  type Deviation,
} from '../../src/bindings/imap/server/deviations.ts';

export interface MutantInfo {
  description: string;
  clause: string;
  rfc: string;
  /**
   * Clauses the deviation also breaks as a genuine consequence, each with a one-line reason
   * (the kill matrix's precision allows exactly these besides `clause`).
   */
  knockOn?: Readonly<Record<string, string>>;
  /** Sync variants whose path the deviation lives on (the kill matrix runs only those). */
  variants?: readonly string[];
  /**
   * Cases the deviation must make inconclusive instead of pass: what it breaks cannot be
   * observed on the wire (no kill is possible, but a pass would be wrong).
   */
  inconclusiveOn?: readonly string[];
}

export const MUTANTS: Readonly<Record<Deviation, MutantInfo>> = {
  'no-vanished': {
    description:
      'Expunges are never reported: no EXPUNGE/VANISHED to other sessions, none in QRESYNC SELECT or ' +
      'CHANGEDSINCE VANISHED; SEARCH and FETCH still leave the expunged messages out.',
    clause: 'SD-5.5.2.20-3c',
    rfc: 'RFC 7162 3.2.5, 3.2.6, 3.2.10; RFC 3501 7.4.1',
  },
  'modseq-frozen': {
    description:
      'HIGHESTMODSEQ and MODSEQ never advance past the first value reported for a folder.',
    clause: 'SD-5.5.2.20-3a',
    rfc: 'RFC 7162 3.1.1, 3.1.2 (every change gets a higher mod-sequence)',
    knockOn: {
      'SD-5.5.2.20-3f':
        'a frozen mod-sequence hides every flag change from CHANGEDSINCE and QRESYNC, so changed flags never reach the other devices',
      'SD-5.5.2.13':
        'with no mod-sequence ever moving, a flag change is never reported as a change to the other devices',
    },
  },
  'flags-not-in-changedsince': {
    description:
      'Flag changes are left out of CHANGEDSINCE and QRESYNC results; FETCH FLAGS still shows them.',
    clause: 'SD-5.5.2.20-3f',
    rfc: 'RFC 7162 3.1.4, 3.2.5',
  },
  'store-ignored': {
    description: 'STORE / UID STORE answer OK but change no flag.',
    clause: 'SD-5.5.2.13',
    rfc: 'RFC 3501 6.4.6',
    knockOn: {
      'SD-5.5.2.6':
        'an IMAP deletion is STORE +FLAGS (\\Deleted) then EXPUNGE: with the STORE ignored there is nothing to expunge',
    },
  },
  'append-dropped': {
    description: 'APPEND answers OK with an APPENDUID but stores nothing.',
    clause: 'SD-5.5.2.3',
    rfc: 'RFC 3501 6.3.11; RFC 4315 APPENDUID',
  },
  'copy-duplicates': {
    description:
      'COPY stores the content again (a new EMAILID) instead of linking the same content.',
    clause: 'SD-5.5.2.5',
    rfc: 'RFC 8474 5.1 (EMAILID of a copy)',
  },
  'list-hides-new': {
    description:
      'LIST leaves out every folder created after the server started; SELECT still opens them.',
    clause: 'SD-5.5.2.9',
    rfc: 'RFC 3501 6.3.8',
  },
  'delete-folder-ignored': {
    description: 'DELETE answers OK but the folder stays.',
    clause: 'SD-5.5.2.11',
    rfc: 'RFC 3501 6.3.4',
  },
  'peek-sets-seen': {
    description:
      'BODY.PEEK[...] sets \\Seen like BODY[...]: fetching metadata or content changes state.',
    clause: 'SD-5.5.2.4',
    rfc: 'RFC 3501 6.4.5 (BODY.PEEK)',
    knockOn: {
      'SD-5.5.2.20-notify':
        'the \\Seen a case then sets in the store was already set by the fetch, so there is no change to announce (SRV-NOTIF-003)',
    },
  },
  'uidvalidity-churn': {
    description:
      'UIDVALIDITY changes on every SELECT, EXAMINE, STATUS and LIST-STATUS for no reason.',
    clause: 'SD-5.5.2.2',
    rfc: 'RFC 3501 2.3.1.1',
  },
  'idle-silent': {
    description:
      'IDLE never reports anything and NOTIFY sends no events (changes surface only at NOOP).',
    clause: 'SD-5.5.2.20-notify',
    rfc: 'RFC 2177; RFC 5465',
  },
  'cross-user-leak': {
    description: "A user's LIST shows, and SELECT opens, the folders of the first other user.",
    clause: 'SD-5.5.2.9',
    rfc: 'RFC 3501 6.3.8 (a user sees the mailboxes available to that user)',
  },
  'expunge-ignored': {
    description: 'EXPUNGE, UID EXPUNGE and CLOSE answer OK but remove nothing.',
    clause: 'SD-5.5.2.6',
    rfc: 'RFC 3501 6.4.3; RFC 4315 2.1',
  },
  'search-since-broken': {
    description:
      'SEARCH date keys (SINCE, BEFORE, ON and the SENT* forms) ignore the date and match everything.',
    clause: 'RD-STOR-x1',
    rfc: 'RFC 3501 6.4.4',
  },
  'search-since-off-by-one': {
    description: 'SEARCH SINCE d (and SENTSINCE) also matches the day before d.',
    clause: 'RD-STOR-x1',
    rfc: 'RFC 3501 6.4.4 (SINCE: within or later than the date)',
  },
  'search-date-uid-floor': {
    description:
      'A SEARCH date key matches every message from the lowest UID it really matches upwards ' +
      '("UID >= lowest match"), as if dates grew with UIDs.',
    clause: 'RD-STOR-x1',
    rfc: 'RFC 3501 6.4.4',
  },
  'content-id-from-bytes': {
    description:
      'EMAILID is derived from the bytes and COPY stores the content again: a copy shows the ' +
      "source's EMAILID without being linked. Not a kill: the linkage control makes " +
      'SRV-COPY-001 inconclusive (linkage not observable) instead of pass.',
    clause: 'SD-5.5.2.5',
    inconclusiveOn: ['SRV-COPY-001'],
    rfc: 'RFC 8474 5.1 (EMAILID identifies the content object, not its bytes)',
  },
  'delete-folder-keeps-objects': {
    description:
      'DELETE of a folder holding objects keeps them aside: a later CREATE of the same name ' +
      'brings the old objects back.',
    clause: 'SD-5.5.2.11',
    rfc: 'RFC 3501 6.3.4 (DELETE removes the mailbox and its messages)',
  },
  'create-folder-ignored': {
    description: 'CREATE answers OK but creates nothing.',
    clause: 'SD-5.5.2.8',
    rfc: 'RFC 3501 6.3.3',
  },
  'expunge-unreported': {
    description:
      'Sessions without QRESYNC are never sent an untagged EXPUNGE (in IDLE, NOOP or after their ' +
      'own EXPUNGE); VANISHED to QRESYNC sessions still works. Killed by the plain variant, ' +
      'whose own expunges go unconfirmed (and by listening without QRESYNC).',
    clause: 'SD-5.5.2.6',
    variants: ['plain'],
    rfc: 'RFC 3501 7.4.1 (EXPUNGE response); RFC 2177',
  },
  'changedsince-needs-qresync': {
    description:
      'FETCH CHANGEDSINCE leaves flag changes out unless the session enabled QRESYNC: a ' +
      'CONDSTORE-only client never learns them. Killed by the condstore variant.',
    clause: 'SD-5.5.2.20-3f',
    variants: ['condstore'],
    rfc: 'RFC 7162 3.1.4 (CHANGEDSINCE is CONDSTORE, not QRESYNC)',
  },
  'notify-silent': {
    description:
      'NOTIFY SET is accepted but the session then hears nothing until its next command (not ' +
      'even in IDLE); IDLE without NOTIFY still reports changes. Killed by listening with NOTIFY.',
    clause: 'SD-5.5.2.20-notify',
    variants: ['notify'],
    rfc: 'RFC 5465 3, 5',
  },
  'unchangedsince-ignored': {
    description:
      'STORE (UNCHANGEDSINCE m) is applied even to messages changed since m and never answers ' +
      '[MODIFIED]: a concurrent change is overwritten. Killed by imap-modseq and conditional STORE.',
    clause: 'SD-5.5.2.20-3f',
    rfc: 'RFC 7162 3.1.3',
    knockOn: {
      'SD-5.5.2.13':
        'the conditional STORE is applied over the concurrent change it should have refused, so that change is lost (SRV-FLAG-003)',
    },
  },
  'message-modseq-stale': {
    description:
      "A flag change does not raise the message's MODSEQ (HIGHESTMODSEQ still grows), so " +
      'CHANGEDSINCE and QRESYNC leave it out. Killed by imap-modseq and the CONDSTORE variants.',
    clause: 'SD-5.5.2.20-3f',
    rfc: 'RFC 7162 3.1.1, 3.1.4',
    knockOn: {
      'SD-5.5.2.13':
        'a conditional STORE compares with the stale MODSEQ and overwrites a concurrent flag change (SRV-FLAG-003)',
    },
  },
  'modseq-raised-by-noop': {
    description:
      'A STORE that changes nothing (a flag already set) still raises MODSEQ and HIGHESTMODSEQ ' +
      '(and announces the unchanged flags): clients resync for nothing. Killed by imap-modseq.',
    clause: 'SD-5.5.2.2',
    rfc: 'RFC 7162 3.1.1 (a mod-sequence moves on a change of the metadata)',
  },
  'uidvalidity-per-connection': {
    description:
      'UIDVALIDITY differs on every new connection (stable within one session): a client that ' +
      'reconnects must drop what it knows each time. Killed by the per-sync variant.',
    clause: 'SD-5.5.2.2',
    variants: ['per-sync'],
    rfc: 'RFC 3501 2.3.1.1',
  },
  'uidplus-codes-missing': {
    description:
      'UIDPLUS is advertised but APPEND and COPY answer OK without APPENDUID / COPYUID. Killed ' +
      'by imap-uidplus (a SHOULD: warn).',
    clause: 'SD-5.5.2.3',
    rfc: 'RFC 4315 3 (servers advertising UIDPLUS send APPENDUID/COPYUID)',
  },
};

export const MUTANT_NAMES: readonly Deviation[] = DEVIATIONS;

/** The mutant for a configured name; throws with the valid names when unknown. */
export function mutantByName(name: string): Deviation {
  if (!isDeviation(name)) {
    throw new Error(`unknown mutant "${name}"; known: ${MUTANT_NAMES.join(', ')}`);
  }
  return name;
}
