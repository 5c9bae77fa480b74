/**
 * Deliberately broken variants of the NMS front end, selected by `mutant: <name>`. Each is
 * one small deviation at a named point (src/bindings/nms/server/deviations.ts); the
 * harness must fail each on its clause. `spec` names the rule of the NMS text it breaks.
 */
import {
  isNmsDeviation,
  NMS_DEVIATIONS,
  type NmsDeviation,
} from '../../../src/bindings/nms/server/deviations.ts';

export interface NmsMutantInfo {
  description: string;
  clause: string;
  spec: string;
  /**
   * Clauses the deviation also breaks as a genuine consequence, each with a one-line reason
   * (the kill matrix's precision allows exactly these besides `clause`).
   */
  knockOn?: Readonly<Record<string, string>>;
}

export const NMS_MUTANTS: Readonly<Record<NmsDeviation, NmsMutantInfo>> = {
  'nms-events-missing': {
    description: 'Subscriptions are accepted and indexed, but no event list is ever posted.',
    clause: 'SD-5.5.2.20-notify',
    spec: 'OMA NMS 5.x notifications: the server posts NmsEventList to the notifyURL',
    knockOn: {
      'SD-5.5.2.2':
        'over NMS a voided box is announced only by a resetBox event: with no event ever posted, clients never learn to resync (SRV-NMS-RESET-001)',
    },
  },
  'nms-paging-skips': {
    description: 'Every search page after the first leaves out its first object.',
    clause: 'SD-5.5.2.20-3b',
    spec: 'OMA NMS selection criteria: following the cursor reaches every matching object',
  },
  'nms-lastmodseq-frozen': {
    description: 'An object keeps the lastModSeq it had when created, whatever changes later.',
    clause: 'SD-5.5.2.20-3f',
    spec: 'OMA NMS strict sync: lastModSeq grows with every tracked change of the item',
  },
  'nms-delete-noop': {
    description: 'DELETE of an object answers 204 but the object stays.',
    clause: 'SD-5.5.2.6',
    spec: 'OMA NMS object resource: DELETE removes the object',
  },
  'nms-copy-same-id': {
    description: 'copyToFolder reports success with the source object and copies nothing.',
    clause: 'SD-5.5.2.5',
    spec: 'OMA NMS copyToFolder: the copy is a new object in the target folder',
  },
  'nms-cross-box': {
    description: "Valid credentials of any user open any user's box.",
    clause: 'SD-5.5.2.9',
    spec: 'OMA NMS security: a box is reachable only with its owner credentials',
  },
  'nms-flags-ignored': {
    description: 'Flag writes (whole list or single flag) answer success and change nothing.',
    clause: 'SD-5.5.2.13',
    spec: 'OMA NMS flags resource: PUT and DELETE change the flags of the object',
  },
  'nms-expiry-as-deletion': {
    description:
      'An object removed by server policy is reported as deletedObject, not expiredObject.',
    clause: 'SD-5.5.2.20-3c',
    spec: 'OMA NMS strict sync: expiry and user deletion are distinct events; a client may keep an expired object',
  },
  'nms-reset-silent': {
    description: 'A box whose ids were all voided (new UIDVALIDITY) sends no resetBox event.',
    clause: 'SD-5.5.2.2',
    spec: 'OMA NMS strict sync: resetBox tells clients to drop every reference and resync',
  },
  'nms-json-only': {
    description:
      'XML request bodies are refused with 415 (a JSON requestError); no answer is ever XML.',
    clause: 'SD-5.5.2.4',
    spec: 'OMA NMS formats: a server accepts XML as well as JSON bodies and answers in either',
  },
  'nms-date-min-off-by-one': {
    description: 'A Date search criterion takes minDate one day earlier than asked.',
    clause: 'RD-STOR-x1',
    spec: 'OMA NMS selection criteria: Date matches objects dated from minDate (inclusive)',
  },
  'nms-store-dropped': {
    description:
      'POST of an object answers 201 with a resourceURL (the next id of the folder) but stores nothing.',
    clause: 'SD-5.5.2.3',
    spec: 'OMA NMS objects resource: POST stores the object and answers its resourceURL',
    knockOn: {
      'SD-5.5.2.20-3a':
        'a device keeps the id the store answered for its upload; its next sync finds that id gone and drops the object, so a sync with nothing changed still does work (SRV-INIT-001)',
    },
  },
  'nms-create-folder-ignored': {
    description:
      'POST of a folder answers 201 with a resourceURL (an id never used) but creates nothing.',
    clause: 'SD-5.5.2.8',
    spec: 'OMA NMS folders resource: POST creates the folder and answers its resourceURL',
  },
  'nms-read-sets-seen': {
    description:
      'Reading an object (GET of the object, its payload or a payload part) sets \\Seen on it.',
    clause: 'SD-5.5.2.4',
    spec: 'OMA NMS object resource: GET reads the object and changes none of its flags',
  },
};

export const NMS_MUTANT_NAMES: readonly string[] = NMS_DEVIATIONS;

/** The mutant for a configured name; throws with the known names when unknown. */
export function nmsMutantByName(name: string): NmsDeviation {
  if (!isNmsDeviation(name))
    throw new Error(`unknown NMS mutant "${name}"; known: ${NMS_MUTANT_NAMES.join(', ')}`);
  return name;
}
