/**
 * The named points where a deliberately broken NMS store (a mutant) departs from the
 * contract. The front end and the simulator backend ask `backend.deviates(name)` at exactly
 * these points; simulators/server/nms/mutants.ts describes each one.
 */
export const NMS_DEVIATIONS = [
  'nms-events-missing',
  'nms-paging-skips',
  'nms-lastmodseq-frozen',
  'nms-delete-noop',
  'nms-copy-same-id',
  'nms-cross-box',
  'nms-flags-ignored',
  'nms-expiry-as-deletion',
  'nms-reset-silent',
  'nms-json-only',
  'nms-date-min-off-by-one',
  'nms-store-dropped',
  'nms-create-folder-ignored',
  'nms-read-sets-seen',
] as const;

export type NmsDeviation = (typeof NMS_DEVIATIONS)[number];

export function isNmsDeviation(name: string): name is NmsDeviation {
  return (NMS_DEVIATIONS as readonly string[]).includes(name);
}
