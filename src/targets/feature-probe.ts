/**
 * Declared features (the profile's ICS) against what the store advertises: a declared
 * feature the probe does not find is reported, and so is an offered one left undeclared.
 */
import type { DriverFactory } from '../engine/ports.ts';

/** Feature → the capabilities, any of which shows it, per binding. */
const IMAP_EVIDENCE: Record<string, string[]> = {
  notifications: ['IDLE', 'NOTIFY'],
  qresync: ['QRESYNC'],
  condstore: ['CONDSTORE'],
  metadata: ['METADATA', 'METADATA-SERVER'],
  objectid: ['OBJECTID'],
  'copy-linkage': ['OBJECTID'],
};

/** NMS: the store actor reports what the box answers (subscriptions, shared payloadURLs). */
const NMS_EVIDENCE: Record<string, string[]> = {
  notifications: ['SUBSCRIPTIONS'],
  'copy-linkage': ['PAYLOAD-URL'],
};

const EVIDENCE = { imap: IMAP_EVIDENCE, nms: NMS_EVIDENCE };

/** The store's capabilities (upper case), or the one-line reason they could not be read. */
export async function readCapabilities(factory: DriverFactory): Promise<Set<string> | string> {
  const user = factory.endpoint.users[0]?.name;
  if (!user) return 'probe: the profile names no user';
  try {
    const actor = await factory.createActor(user);
    try {
      return new Set([...(await actor.capabilities())].map((c) => c.toUpperCase()));
    } finally {
      await actor.close();
    }
  } catch (error) {
    return `probe: could not read the store's capabilities: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export async function probeFeatures(
  factory: DriverFactory,
  declared: Set<string>,
  capabilities: Set<string> | string,
): Promise<string[]> {
  if (typeof capabilities === 'string') return [capabilities];
  const notes: string[] = [];
  for (const [feature, evidence] of Object.entries(EVIDENCE[factory.endpoint.binding])) {
    const offered = evidence.some((c) => capabilities.has(c));
    if (declared.has(feature) && !offered) {
      notes.push(
        `probe: the profile declares ${feature} but the store advertises none of ${evidence.join(', ')}`,
      );
    }
    if (!declared.has(feature) && offered) {
      notes.push(
        `probe: the store advertises ${evidence.filter((c) => capabilities.has(c)).join(', ')} but the profile does not declare ${feature} (its cases are inapplicable)`,
      );
    }
  }
  return notes;
}
