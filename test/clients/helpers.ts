/** Shared helpers for the client tests: hand-built objects, a Dovecot per test file, wiping. */
import { connect, type ImapEndpoint } from '../../src/bindings/imap/client/index.ts';
import type { ObjectSpec } from '../../src/engine/ports.ts';
import type { ObjectType } from '../../src/model/types.ts';
import type { StoreView } from '../../src/model/view.ts';
import {
  DOVECOT_MISSING,
  dovecotInstalled,
  startDovecot,
  type TestDovecot,
} from './dovecot-helper.ts';

export const ALICE = { user: 'alice', password: 'alicepass' };

const CONTENT_TYPES: Record<ObjectType, string> = {
  message: 'message/cpim',
  'file-transfer-history':
    'multipart/related; boundary=cpm; type="Application/X-CPM-File-Transfer"',
  'session-history': 'Application/X-CPM-Session',
  'standalone-media': 'image/png',
};

/** A raw RFC 5322 object with an IMDN-Message-ID header (the key), Content-Type and Date. */
export function object(
  key: string,
  options: { date?: string; flags?: string[]; type?: ObjectType; body?: string } = {},
): ObjectSpec {
  const date = new Date(options.date ?? '2024-01-01T10:00:00Z');
  const type = options.type ?? 'message';
  const body =
    options.body ??
    (type === 'file-transfer-history'
      ? '--cpm\r\nContent-Type: Application/X-CPM-File-Transfer\r\n\r\n<cpm-file-transfer/>\r\n--cpm--\r\n'
      : `hello from ${key}\r\n`);
  const raw = Buffer.from(
    [
      'From: <tel:+19585550100>',
      'To: <tel:+19585550101>',
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `IMDN-Message-ID: ${key}`,
      `Content-Type: ${CONTENT_TYPES[type]}`,
      '',
      body,
    ].join('\r\n'),
  );
  return { key, type, raw, date, flags: options.flags ?? [] };
}

/** Start a Dovecot for the enclosing suite; the suite is skipped when Dovecot is absent. */
export function useDovecot(options: { compress?: boolean } = {}): {
  endpoint: () => ImapEndpoint;
  server: () => TestDovecot;
} {
  let server: TestDovecot | undefined;
  before(async function () {
    if (!dovecotInstalled()) {
      console.log(`      ${DOVECOT_MISSING}`);
      this.skip();
    }
    this.timeout(20_000);
    server = await startDovecot(options);
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    if (server) await wipe({ host: server.host, port: server.port });
  });
  return {
    endpoint: () => ({ host: server!.host, port: server!.port }),
    server: () => server!,
  };
}

/** Empty alice's mailbox: delete every folder but INBOX (children first), expunge INBOX. */
export async function wipe(endpoint: ImapEndpoint): Promise<void> {
  const client = await connect(endpoint, ALICE.user, ALICE.password, { label: 'wipe' });
  try {
    const folders = (await client.list())
      .filter((f) => f.selectable)
      .map((f) => f.path)
      .filter((p) => p.toUpperCase() !== 'INBOX')
      .sort((a, b) => b.length - a.length);
    for (const f of folders) await client.delete(f);
    const inbox = await client.select('INBOX');
    if (inbox.exists > 0) {
      const all = await client.searchUids(['ALL']);
      await client.store(all, '+', ['\\Deleted']);
      await client.expunge(all);
    }
  } finally {
    await client.logout();
  }
}

export function folderOf(view: StoreView, name: string): StoreView['folders'][number] | undefined {
  return view.folders.find((f) => f.name === name);
}

export function keysOf(view: StoreView, name: string): string[] {
  return (folderOf(view, name)?.objects ?? []).map((o) => o.key).sort();
}

export function flagsOf(view: StoreView, folder: string, key: string): string[] | undefined {
  return folderOf(view, folder)?.objects.find((o) => o.key === key)?.flags;
}

/** A view without content markers, for comparing a device with the store. */
export function bare(view: StoreView): StoreView {
  return {
    folders: view.folders.map((f) => ({
      name: f.name,
      objects: f.objects.map((o) => ({ key: o.key, flags: o.flags })),
    })),
  };
}
