/**
 * The frame every IMAP check runs in: recorded connections of the user under test
 * (transcripts join the evidence), findings and notes, a scratch folder removed at the
 * end whatever happens, and any unexpected failure turned into one finding (a check never
 * throws).
 */
import type { BindingCheckOutcome } from '../../../engine/ports.ts';
import { connect, type ImapClient, type TranscriptRecorder } from '../client/index.ts';
import type { ImapCheckContext } from './types.ts';

import { guarded, Inapplicable, messageOf, runCleanups, StoreFault } from '../../check-frame.ts';

export { Inapplicable, StoreFault } from '../../check-frame.ts';

/** The clauses a check's findings may prove broken, strongest first, and the rule's level. */
export interface CheckRule {
  clauses: readonly [string, ...string[]];
  /** An RFC SHOULD: findings on the rule's own clauses warn. */
  level?: 'SHOULD';
}

export class ImapCheckRun {
  readonly findings: string[] = [];
  readonly notes: string[] = [];
  private readonly broken = new Set<string>();
  private fault: string | undefined;
  private mandatoryFindings = 0;
  private readonly transcripts: TranscriptRecorder[] = [];
  private readonly clients: ImapClient[] = [];
  private readonly cleanups: Array<() => Promise<unknown>> = [];

  constructor(
    readonly ctx: ImapCheckContext,
    readonly name: string,
    readonly rule: CheckRule,
  ) {}

  /**
   * A new recorded connection (CONDSTORE enabled where offered, never QRESYNC). A store that
   * cannot be reached leaves the check unjudged.
   */
  async connect(): Promise<ImapClient> {
    const { endpoint, user, password, connectTimeoutMs, commandTimeoutMs, now } = this.ctx;
    const client = await connect(endpoint, user, password, {
      label: `${this.name}#${this.transcripts.length + 1} (${user})`,
      onTranscript: (t) => this.transcripts.push(t),
      qresync: false,
      connectTimeoutMs,
      commandTimeoutMs,
      ...(now ? { now } : {}),
    }).catch((error: unknown) => {
      throw new Inapplicable(`cannot open a connection: ${messageOf(error)}`);
    });
    this.clients.push(client);
    return client;
  }

  /** Create a folder for this check (removed first if a previous run left it), deleted at the end. */
  async scratchFolder(client: ImapClient, name: string): Promise<string> {
    if ((await client.list()).some((f) => f.path === name)) await client.delete(name);
    await client.create(name);
    await client.status(name).catch((error: unknown) => {
      throw new StoreFault(
        'SD-5.5.2.8',
        `CREATE ${name} answered OK but the folder cannot be opened: ${messageOf(error)}`,
      );
    });
    this.cleanups.push(async () => {
      const cleaner = client.usable ? client : await this.connect();
      await cleaner.delete(name);
    });
    return name;
  }

  /**
   * A finding, proving `clause` broken (default: the rule's first clause); `mandatory`: a
   * MUST even in a check of a recommendation.
   */
  find(line: string, clause: string = this.rule.clauses[0], mandatory = false): void {
    this.findings.push(line);
    this.broken.add(clause);
    if (mandatory) this.mandatoryFindings++;
  }

  /** The store broke an operation the check relies on: the finding names that operation's clause. */
  faulted(error: StoreFault): void {
    this.fault = error.clause;
    this.find(error.message, error.clause, true);
  }

  note(line: string): void {
    this.notes.push(line);
  }

  async finish(inapplicable?: string): Promise<BindingCheckOutcome> {
    await runCleanups(this.cleanups, (line) => this.note(line));
    await Promise.all(this.clients.map((c) => c.logout()));
    const evidence = this.transcripts.map((t) => t.evidence()).filter((e) => e.text.length > 0);
    const clause = this.fault ?? this.rule.clauses.find((c) => this.broken.has(c));
    const advisory = this.rule.level && this.mandatoryFindings === 0;
    return {
      findings: this.findings,
      ...(clause ? { clause } : {}),
      ...(advisory ? { level: this.rule.level } : {}),
      notes: this.notes,
      ...(inapplicable !== undefined ? { inapplicable } : {}),
      evidence,
    };
  }
}

/** Runs `body` in an ImapCheckRun; never throws. */
export async function runImapCheck(
  ctx: ImapCheckContext,
  name: string,
  rule: CheckRule,
  body: (run: ImapCheckRun) => Promise<void>,
): Promise<BindingCheckOutcome> {
  const run = new ImapCheckRun(ctx, name, rule);
  return guarded(run, () => body(run));
}
