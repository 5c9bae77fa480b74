/**
 * SEARCH and UID SEARCH (RFC 3501 6.4.4) with ESEARCH result options
 * `RETURN (MIN MAX COUNT ALL)` (RFC 4731) and the MODSEQ result (RFC 7162 3.1.5).
 */
import { SELECTED, condstoreOn, type CommandContext, type CommandHandler } from '../context.ts';
import { enableCondstore } from '../condstore.ts';
import { bad, no } from '../errors.ts';
import { objectModseqOut } from '../reported-state.ts';
import { parseKeys, type SearchEnvironment, type SearchSubject } from '../search-criteria.ts';
import { formatSequenceSet } from '../sequence-set.ts';
import { stringOut } from '../serializer.ts';

const RETURN_OPTIONS = ['MIN', 'MAX', 'COUNT', 'ALL'];
const CHARSETS = ['UTF-8', 'US-ASCII'];

function parseReturn(ctx: CommandContext): string[] | undefined {
  if (!ctx.args.optionalWord('RETURN')) return undefined;
  if (!ctx.server.capabilityOn('ESEARCH')) throw bad('ESEARCH is off');
  const list = ctx.args.list('return options');
  const options: string[] = [];
  while (list.hasMore()) {
    const option = list.atom('return option').toUpperCase();
    if (!RETURN_OPTIONS.includes(option)) throw bad(`unknown return option ${option}`);
    options.push(option);
  }
  return options.length === 0 ? ['ALL'] : options;
}

function highestOf(modseqs: readonly bigint[]): bigint {
  return modseqs.reduce((a, b) => (b > a ? b : a), 0n);
}

/**
 * The MODSEQ of an ESEARCH answer (RFC 4731 3.2, RFC 7162 3.1.5): the highest mod-sequence
 * of the messages the answer returns; with MIN and/or MAX alone, only of those messages.
 */
function returnedModseq(options: string[], modseqs: readonly bigint[]): bigint {
  if (options.includes('ALL') || options.includes('COUNT')) return highestOf(modseqs);
  const returned: bigint[] = [];
  if (options.includes('MIN')) returned.push(modseqs[0]!);
  if (options.includes('MAX')) returned.push(modseqs[modseqs.length - 1]!);
  return highestOf(returned);
}

function search(byUid: boolean) {
  return (ctx: CommandContext): void => {
    const { args, session, server } = ctx;
    const returnOptions = parseReturn(ctx);
    if (args.optionalWord('CHARSET')) {
      const charset = args.astring('charset').toUpperCase();
      if (!CHARSETS.includes(charset))
        throw no(`unsupported charset ${charset}`, `BADCHARSET (${CHARSETS.join(' ')})`);
    }
    const selected = session.selected!;
    const { store, folder } = selected.ref;
    const env: SearchEnvironment = {
      server,
      maxMsn: selected.uids.length,
      maxUid: selected.uids[selected.uids.length - 1] ?? 0,
      usesModseq: false,
      isRecent: (uid) => selected.isRecent(uid),
    };
    const predicate = parseKeys(args, env);
    if (env.usesModseq) enableCondstore(session, server);
    const found: number[] = [];
    const modseqs: bigint[] = [];
    selected.uids.forEach((uid, index) => {
      const object = folder.objects.get(uid);
      if (!object) return;
      const subject: SearchSubject = {
        uid,
        msn: index + 1,
        object,
        raw: store.content(object.contentId).raw,
        modseq: objectModseqOut(server, folder, object),
      };
      if (!predicate(subject)) return;
      found.push(byUid ? uid : index + 1);
      modseqs.push(subject.modseq);
    });
    const modseqSuffix = env.usesModseq && found.length > 0 && condstoreOn(session);
    if (!returnOptions) {
      const modseq = modseqSuffix ? ` (MODSEQ ${highestOf(modseqs)})` : '';
      session.write(`* SEARCH${found.map((n) => ' ' + n).join('')}${modseq}\r\n`);
      return;
    }
    const parts = [`(TAG ${stringOut(ctx.tag)})`];
    if (byUid) parts.push('UID');
    for (const option of returnOptions) {
      if (option === 'COUNT') parts.push(`COUNT ${found.length}`);
      else if (found.length === 0) continue;
      else if (option === 'MIN') parts.push(`MIN ${found[0]}`);
      else if (option === 'MAX') parts.push(`MAX ${found[found.length - 1]}`);
      else if (option === 'ALL') parts.push(`ALL ${formatSequenceSet(found)}`);
    }
    if (modseqSuffix) parts.push(`MODSEQ ${returnedModseq(returnOptions, modseqs)}`);
    session.write(`* ESEARCH ${parts.join(' ')}\r\n`);
  };
}

export const searchCommands: CommandHandler[] = [
  { name: 'SEARCH', states: SELECTED, holdsExpunges: true, run: search(false) },
  { name: 'UID SEARCH', states: SELECTED, run: search(true) },
];
