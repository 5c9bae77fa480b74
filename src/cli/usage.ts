/** Usage problems: one readable line, exit code 2 (the class lives below the CLI). */
export { UsageError } from '../config/usage-error.ts';

export const EXIT = { ok: 0, failures: 1, usage: 2, inconclusive: 3 } as const;

export const USAGE = `usage: cpmct <command> [options]

commands:
  run      [--profile FILE]... [--only ID-OR-CLAUSE-PREFIX]... [--variants LIST] [--strict] [--seed N]
           [--out DIR] [--format json,junit,html,md,ctrf,earl] [--suites DIR]... [--reporter NAME] [--debug]
           [--record FILE | --replay FILE]   (one server profile of a real IMAP or NMS store:
           keep what the store said, or judge again from it with the store off; the older
           --record-http/--replay-http are the same flags)
           [--clause-set latest|SEED]   (the reading where the seeds disagree; see cpmct clauses)
           [--baseline FILE]   (an earlier report.json or run directory: exit 0 unless a case is worse)
  lint     [--suites DIR]... [PATHS]...   validate suites, clause references and profiles
  serve    --binding imap|nms [--port N] [--fixture FILE] [--seed N] [--behaviour NAME]...
           [--log FILE [--log-max-size SIZE] | --quiet] [--log-format text|json]
           [--limit NAME=VALUE]...   (the store's limits, e.g. maxConnectionsPerUserAddress=50,
           listenBacklog=8192; every name and default is in the README's reference-store section)
           (traffic log: stdout by default; FILE is capped, 10M, and rotated once to FILE.1)
  clauses  [--suites DIR]...     the clause registry and the cases covering each clause
  adapter-check --profile FILE   drive a client profile's command adapter through every request
                                 of the protocol against a tiny store; one line per request
  compare  RUN... [--out DIR] [--suites DIR]...   implementation report of several runs
                                 (report.json files or run directories): clause x implementation
                                 matrix, HTML and Markdown; --suites adds a vendor's clause readings
  diff     OLD NEW [--format md|json]   what changed between two runs (report.json files or run
                                 directories): new fails, fixed, changed, new and removed cases
                                 and clauses; exit 1 on a regression
  bundle   RUN_DIR --out FILE.tar.gz [--sign KEY]   a run's reports, evidence, inputs (profile
                                 without secrets, seed, suites, clause registry) and recording,
                                 with a SHA-256 manifest, optionally signed (Ed25519 PEM key)
  verify   FILE.tar.gz [--key PUB]   every hash, no file missing or added, the signature
  rejudge  FILE.tar.gz [--key PUB]   judge the bundle again offline from its recording; exit 0
                                 when every verdict agrees, 1 when one differs

--suites DIR adds a directory of your own cases to the shipped suites (run, lint, clauses); a
clauses.yaml at its top adds clause readings to the shipped registry.

exit codes: 0 no failure, 1 a failure, 2 usage/configuration/suite error, 3 inconclusive only`;
