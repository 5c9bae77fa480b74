/** Usage problems: one readable line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, failures: 1, usage: 2, inconclusive: 3 } as const;

export const USAGE = `usage: cpmct <command> [options]

commands:
  run      [--profile FILE]... [--only ID-OR-CLAUSE-PREFIX]... [--variants LIST] [--strict] [--seed N]
           [--out DIR] [--format json,junit,html,md] [--suites DIR]... [--reporter NAME] [--debug]
           [--record-http FILE | --replay-http FILE]   (one NMS profile: re-judge offline)
  lint     [PATHS]...            validate suites, clause references and profiles
  serve    --binding imap|nms [--port N] [--fixture FILE] [--seed N] [--behaviour NAME]...
           [--log FILE [--log-max-size SIZE] | --quiet] [--log-format text|json]
           (traffic log: stdout by default; FILE is capped, 10M, and rotated once to FILE.1)
  clauses                        the clause registry and the cases covering each clause
  adapter-check --profile FILE   drive a client profile's command adapter through every request
                                 of the protocol against a tiny store; one line per request

exit codes: 0 no failure, 1 a failure, 2 usage/configuration/suite error, 3 inconclusive only`;
