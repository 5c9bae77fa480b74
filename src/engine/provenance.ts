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

  object(user: string, folder: string, key: string, cause: Cause): void {
    this.objects.set([user, folder, key].join(SEP), cause);
  }

  flag(user: string, folder: string, key: string, flag: string, cause: Cause): void {
    this.flags.set([user, folder, key, flag.toLowerCase()].join(SEP), cause);
  }

  folder(user: string, folder: string, cause: Cause): void {
    this.folders.set([user, folder].join(SEP), cause);
  }

  /** What last put the object there or removed it (a folder removal counts for its objects). */
  objectCause(user: string, folder: string, key: string): Cause | undefined {
    const own = this.objects.get([user, folder, key].join(SEP));
    const around = this.folderCause(user, folder);
    if (around?.op === 'delete-folder' && (!own || own.step <= around.step)) return around;
    return own;
  }

  flagCause(user: string, folder: string, key: string, flag: string): Cause | undefined {
    return this.flags.get([user, folder, key, flag.toLowerCase()].join(SEP));
  }

  folderCause(user: string, folder: string): Cause | undefined {
    return this.folders.get([user, folder].join(SEP));
  }
}
