/**
 * Why the oracle expects what it expects: for every object, flag and folder of every user,
 * the last thing that made it so (which step, on which side). Findings are attributed from
 * these causes (attribution.ts), never from a case's whole clause list.
 */

export type CauseOp =
  'given' | 'deliver' | 'add' | 'delete' | 'flags' | 'copy' | 'create-folder' | 'delete-folder';

export interface Cause {
  op: CauseOp;
  /** The device that did it; absent for the store side (the network, the harness's actor). */
  device?: string;
  /** Step index in the case; -1 for the case's `given` set-up. */
  step: number;
}

const SEP = '\u0000';

export class Provenance {
  private readonly objects = new Map<string, Cause>();
  private readonly flags = new Map<string, Cause>();
  private readonly folders = new Map<string, Cause>();
  private readonly resets = new Map<string, number>();
  private readonly copied = new Set<string>();
  /** The last removal of each folder, kept when the folder is created again. */
  private readonly removals = new Map<string, Cause>();

  object(user: string, folder: string, key: string, cause: Cause): void {
    this.objects.set([user, folder, key].join(SEP), cause);
  }

  flag(user: string, folder: string, key: string, flag: string, cause: Cause): void {
    this.flags.set([user, folder, key, flag.toLowerCase()].join(SEP), cause);
  }

  folder(user: string, folder: string, cause: Cause): void {
    this.folders.set([user, folder].join(SEP), cause);
    if (cause.op === 'delete-folder') this.removals.set([user, folder].join(SEP), cause);
  }

  /** The store rebuilt the folder (new UIDVALIDITY) at `step`, keeping its objects. */
  reset(user: string, folder: string, step: number): void {
    this.resets.set([user, folder].join(SEP), step);
  }

  /** The step at which the store last rebuilt the folder (new UIDVALIDITY), if it did. */
  resetStep(user: string, folder: string): number | undefined {
    return this.resets.get([user, folder].join(SEP));
  }

  /**
   * Whether a rebuild of its folder (new UIDVALIDITY) is what the object's state rests on:
   * it predates the rebuild, or the store put it there (its UID is of the new UIDVALIDITY).
   */
  predatesReset(user: string, folder: string, key: string): boolean {
    const reset = this.resets.get([user, folder].join(SEP));
    if (reset === undefined) return false;
    const own = this.objects.get([user, folder, key].join(SEP));
    return !own || own.step <= reset || own.op === 'given' || own.op === 'deliver';
  }

  /** A device asked the store to copy this object somewhere. */
  copiedBy(user: string, key: string): void {
    this.copied.add([user, key].join(SEP));
  }

  wasCopied(user: string, key: string): boolean {
    return this.copied.has([user, key].join(SEP));
  }

  /**
   * What last put the object there or removed it (a folder removal counts for the objects it
   * held, even once a folder of that name is created again).
   */
  objectCause(user: string, folder: string, key: string): Cause | undefined {
    const own = this.objects.get([user, folder, key].join(SEP));
    const removed = this.removals.get([user, folder].join(SEP));
    if (removed && (!own || own.step <= removed.step)) return removed;
    return own;
  }

  flagCause(user: string, folder: string, key: string, flag: string): Cause | undefined {
    return this.flags.get([user, folder, key, flag.toLowerCase()].join(SEP));
  }

  folderCause(user: string, folder: string): Cause | undefined {
    return this.folders.get([user, folder].join(SEP));
  }
}
