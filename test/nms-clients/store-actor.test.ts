/** The NMS store actor against the NMS simulator over a real socket. */
import { expect } from 'chai';
import { createNmsStoreActor } from '../../simulators/clients/nms/nms-store-actor.ts';
import { deadRoot, flagsOf, keysOf, object, useNms } from './helpers.ts';

describe('nms clients: store actor', function () {
  this.timeout(10_000);
  const nms = useNms();

  it('reports NMS, SUBSCRIPTIONS and PAYLOAD-URL, even on an empty box, and leaves it empty', async () => {
    const actor = nms.actor();
    const before = await actor.view();
    const caps = await actor.capabilities();
    expect([...caps].sort()).to.deep.equal(['NMS', 'PAYLOAD-URL', 'SUBSCRIPTIONS']);
    expect(await actor.view()).to.deep.equal(before);
  });

  it('delivers with flags into a new nested folder; view names model folders only', async () => {
    const actor = nms.actor();
    await actor.deliver('Default/conv-alpha', object('s-1', { flags: ['\\Seen'] }));
    await actor.deliver('Default/conv-alpha', object('s-2'));
    const view = await actor.view();
    expect(view.folders.map((f) => f.name)).to.deep.equal(['Default/conv-alpha', 'INBOX']);
    expect(keysOf(view, 'Default/conv-alpha')).to.deep.equal(['s-1', 's-2']);
    expect(flagsOf(view, 'Default/conv-alpha', 's-1')).to.deep.equal(['\\Seen']);
    const store = nms.server().stores.get('alice')!;
    const stored = store.objects('Default/conv-alpha');
    expect(stored.map((o) => o.internalDate.toISOString())).to.deep.equal([
      '2024-01-01T10:00:00.000Z',
      '2024-01-01T10:00:00.000Z',
    ]);
  });

  it('deletes and flags an object by key, and rejects an unknown key in one line', async () => {
    const actor = nms.actor();
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await actor.deliver('Conv1', object('s-2', { flags: ['\\Seen'] }));
    await actor.setFlags('Conv1', 's-2', ['\\Flagged'], ['\\Seen']);
    await actor.delete('Conv1', 's-1');
    const view = await actor.view();
    expect(keysOf(view, 'Conv1')).to.deep.equal(['s-2']);
    expect(flagsOf(view, 'Conv1', 's-2')).to.deep.equal(['\\Flagged']);
    const error = await actor.delete('Conv1', 'nope').catch((e: Error) => e);
    expect((error as Error).message).to.equal(
      'store actor: delete nope in Conv1: Conv1 holds no nope',
    );
  });

  it('creates and deletes folders; a duplicate is refused with the server reason', async () => {
    const actor = nms.actor();
    await actor.createFolder('Default/x');
    expect((await actor.view()).folders.map((f) => f.name)).to.include('Default/x');
    const duplicate = await actor.createFolder('Default/x').catch((e: Error) => e);
    expect((duplicate as Error).message).to.match(
      /^store actor: create folder Default\/x: POST .* 409 /,
    );
    await actor.deleteFolder('Default/x');
    expect((await actor.view()).folders.map((f) => f.name)).to.not.include('Default/x');
    const missing = await actor.deleteFolder('Default/x').catch((e: Error) => e);
    expect((missing as Error).message).to.equal(
      'store actor: delete folder Default/x: no folder Default/x',
    );
  });

  it('refuses resetFolder and uidValidity: not possible over NMS', async () => {
    const actor = nms.actor();
    await actor.createFolder('Conv1');
    const reset = await actor.resetFolder('Conv1').catch((e: Error) => e);
    const validity = await actor.uidValidity('Conv1').catch((e: Error) => e);
    expect((reset as Error).message).to.match(/not possible over NMS/);
    expect((validity as Error).message).to.match(/not possible over NMS/);
    expect((reset as Error).message).to.not.include('\n');
  });

  it('content and content identities: payload bytes, payloadURL per object carrying the key', async () => {
    const actor = nms.actor();
    await actor.deliver('Conv1', object('s-1'));
    const ids = await actor.contentIdentities('Conv1', 's-1');
    expect(ids).to.have.length(1);
    expect(ids![0]).to.match(/\/payloads\//);
    expect(await actor.content('Conv1', 's-1')).to.deep.equal(object('s-1').raw);
    expect(await actor.content('Conv1', 'nope')).to.equal(undefined);
    expect(await actor.contentIdentities('Conv1', 'nope')).to.deep.equal([]);
  });

  it('view() only reads: searches and GETs, never a write', async () => {
    const actor = nms.actor();
    await actor.deliver('Conv1', object('s-1'));
    const store = nms.server().stores.get('alice')!;
    const modseq = store.highestModseq;
    const before = actor
      .evidence()[0]!
      .text.split('\n')
      .filter((l) => l.startsWith('+')).length;
    await actor.view();
    await actor.content('Conv1', 's-1');
    const lines = actor
      .evidence()[0]!
      .text.split('\n')
      .filter((l) => l.startsWith('+'))
      .slice(before);
    expect(lines.length).to.be.greaterThan(0);
    for (const line of lines)
      expect(line).to.match(/ (GET .*|POST \S+\/operations\/search) -> 200/);
    expect(store.highestModseq).to.equal(modseq);
  });

  it('records one http-exchanges evidence, credentials redacted', async () => {
    const actor = nms.actor();
    await actor.view();
    const evidence = actor.evidence();
    expect(evidence).to.have.length(1);
    expect(evidence[0]!.kind).to.equal('http-exchanges');
    expect(evidence[0]!.label).to.equal('store (alice)');
    expect(evidence[0]!.text).to.not.include('alicepass');
  });

  it('rejects in one line when the box does not answer or the password is wrong', async () => {
    const wrong = await createNmsStoreActor({
      root: nms.root(),
      user: 'alice',
      password: 'nope',
    }).catch((e: Error) => e);
    expect((wrong as Error).message).to.match(/^store actor: open: POST .* 401 /);
    const dead = await createNmsStoreActor({
      root: await deadRoot(),
      user: 'alice',
      password: 'x',
      timeoutMs: 2000,
    }).catch((e: Error) => e);
    expect((dead as Error).message).to.match(/^store actor: open: .*ECONNREFUSED/);
    expect((dead as Error).message).to.not.include('\n');
  });
});
