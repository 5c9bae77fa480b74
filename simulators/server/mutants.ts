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
  'create-folder-ignored': {
    description: 'CREATE answers OK but creates nothing.',
    clause: 'SD-5.5.2.8',
    rfc: 'RFC 3501 6.3.3',
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
