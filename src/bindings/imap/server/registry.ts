/** The explicit command registry: command name -> handler, one file per family. */
import { appendCommands } from './commands/append.ts';
import { authCommands } from './commands/auth.ts';
import { capabilityCommands } from './commands/capability.ts';
import { copyMoveCommands } from './commands/copy-move.ts';
import { enableCommands } from './commands/enable.ts';
import { expungeCommands } from './commands/expunge.ts';
import { fetchCommands } from './commands/fetch.ts';
import { idleCommands } from './commands/idle.ts';
import { listCommands } from './commands/list.ts';
import { mailboxCommands } from './commands/mailbox.ts';
import { metadataCommands } from './commands/metadata.ts';
import { miscCommands } from './commands/misc.ts';
import { namespaceCommands } from './commands/namespace.ts';
import { notifyCommands } from './commands/notify.ts';
import { searchCommands } from './commands/search.ts';
import { selectCommands } from './commands/select.ts';
import { statusCommands } from './commands/status.ts';
import { storeCommands } from './commands/store.ts';
import type { CommandHandler } from './context.ts';

const FAMILIES: CommandHandler[][] = [
  capabilityCommands,
  authCommands,
  enableCommands,
  namespaceCommands,
  listCommands,
  statusCommands,
  mailboxCommands,
  selectCommands,
  appendCommands,
  fetchCommands,
  storeCommands,
  copyMoveCommands,
  expungeCommands,
  searchCommands,
  idleCommands,
  notifyCommands,
  metadataCommands,
  miscCommands,
];

export const commandRegistry: ReadonlyMap<string, CommandHandler> = new Map(
  FAMILIES.flat().map((handler) => [handler.name, handler]),
);
