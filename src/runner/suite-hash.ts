/**
 * The one hash that names what a run judged with: SHA-256 over the suite files' combined hash
 * and the clause registry's hash (both from the run's inputs, recording/run-inputs.ts). It is
 * the `suiteHash` of report.json, and the EARL assertor's.
 */
import { createHash } from 'node:crypto';

export function suiteHashOf(inputs: {
  suites: { sha256: string };
  clauses: { sha256: string };
}): string {
  return createHash('sha256')
    .update(`${inputs.suites.sha256}  suites\n${inputs.clauses.sha256}  clauses.yaml\n`)
    .digest('hex');
}
