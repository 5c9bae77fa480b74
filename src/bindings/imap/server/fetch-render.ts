/** One untagged FETCH response for one message, from parsed FETCH items. */
import { createHash } from 'node:crypto';
import { condstoreOn, type ServerServices, type Session } from './context.ts';
import { formatDateTime } from './dates.ts';
import type { FetchItem } from './fetch-items.ts';
import { messageInfo } from './mime/message-info.ts';
import { extractSection } from './mime/sections.ts';
import { objectModseqOut } from './reported-state.ts';
import type { SelectedMailbox } from './selected-mailbox.ts';
import type { Chunk } from './serializer.ts';

export interface RenderOptions {
  /** UID FETCH and CHANGEDSINCE responses always carry UID. */
  withUid: boolean;
  /** CHANGEDSINCE responses always carry MODSEQ. */
  withModseq: boolean;
}

/** EMAILID (RFC 8474) from the model's content identity: copies that link share it. */
export function emailIdOf(contentId: string): string {
  return 'M' + contentId.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The content id shown as EMAILID; the content-id-from-bytes mutant hashes the bytes instead. */
function contentIdOut(server: ServerServices, contentId: string, raw: Buffer): string {
  if (!server.deviates('content-id-from-bytes')) return contentId;
  return `sha-${createHash('sha256').update(raw).digest('hex').slice(0, 24)}`;
}

function wantsSeen(server: ServerServices, items: FetchItem[]): boolean {
  return items.some(
    (item) => item.kind === 'section' && (item.setsSeen || server.deviates('peek-sets-seen')),
  );
}

export function renderFetch(
  session: Session,
  server: ServerServices,
  selected: SelectedMailbox,
  uid: number,
  items: FetchItem[],
  options: RenderOptions,
): Chunk[] | undefined {
  const { store, folder } = selected.ref;
  const object = folder.objects.get(uid);
  const msn = selected.msnOf(uid);
  if (!object || msn === 0) return undefined;
  let flagsChanged = false;
  if (!selected.readOnly && !object.flags.has('\\Seen') && wantsSeen(server, items)) {
    server.asActor(session, () => store.setFlags(folder.name, [uid], 'add', ['\\Seen']));
    flagsChanged = true;
  }
  const raw = store.content(object.contentId).raw;
  const parts: Chunk[] = [];
  let text = `* ${msn} FETCH (`;
  let first = true;
  const add = (piece: string) => {
    text += (first ? '' : ' ') + piece;
    first = false;
  };
  const requested = new Set(items.map((item) => item.kind));
  if (options.withUid && !requested.has('UID')) add(`UID ${uid}`);
  for (const item of items) {
    switch (item.kind) {
      case 'UID':
        add(`UID ${uid}`);
        break;
      case 'FLAGS':
        add(`FLAGS ${selected.flagsOf(uid, object.flags)}`);
        break;
      case 'INTERNALDATE':
        add(`INTERNALDATE ${formatDateTime(object.internalDate)}`);
        break;
      case 'RFC822.SIZE':
        add(`RFC822.SIZE ${raw.length}`);
        break;
      case 'ENVELOPE':
        add(`ENVELOPE ${messageInfo(raw).envelope}`);
        break;
      case 'BODYSTRUCTURE':
        add(`BODYSTRUCTURE ${messageInfo(raw).bodyStructure}`);
        break;
      case 'BODY':
        add(`BODY ${messageInfo(raw).body}`);
        break;
      case 'MODSEQ':
        break;
      case 'EMAILID':
        add(`EMAILID (${emailIdOf(contentIdOut(server, object.contentId, raw))})`);
        break;
      case 'THREADID':
        add('THREADID NIL');
        break;
      case 'section': {
        let data = extractSection(messageInfo(raw), item.section);
        if (data && item.partial) {
          const start = Math.min(item.partial.offset, data.length);
          data = data.subarray(start, Math.min(data.length, start + item.partial.length));
        }
        if (!data) {
          add(`${item.label} NIL`);
          break;
        }
        add(`${item.label} {${data.length}}\r\n`);
        parts.push(text, data);
        text = '';
        break;
      }
    }
  }
  if (flagsChanged && !requested.has('FLAGS')) add(`FLAGS ${selected.flagsOf(uid, object.flags)}`);
  if (requested.has('MODSEQ') || ((options.withModseq || flagsChanged) && condstoreOn(session))) {
    add(`MODSEQ (${objectModseqOut(server, folder, object)})`);
  }
  parts.push(text + ')\r\n');
  return parts;
}
