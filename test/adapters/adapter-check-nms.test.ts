/**
 * `cpmct adapter-check` over NMS: the tiny store is the harness's NMS store, hello carries
 * `endpoint.nms` (the box root), and a sync is recognised by the searches that reached it.
 * The example NMS adapter answers every request it lists as the protocol says.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { checkAdapter } from '../../src/adapters/check/run.ts';

const ROOT = join(import.meta.dirname, '../..');
const tsx = (file: string) => ['node', '--import', 'tsx', join(ROOT, file)];
const base = {
  binding: 'nms' as const,
  cwd: ROOT,
  user: 'alice',
  password: 'alicepass',
  timeoutMs: 10_000,
};

describe('adapter-check over NMS', function () {
  this.timeout(40_000);

  it('the example NMS adapter: every request it lists answered as the protocol says', async () => {
    const lines = await checkAdapter({ ...base, command: tsx('examples/command-adapter-nms.ts') });
    expect(lines.filter((l) => l.status === 'fail')).to.deep.equal([]);
    const hello = lines.find((l) => l.request === 'hello');
    expect(hello?.status).to.equal('ok');
    expect(lines.filter((l) => l.request.startsWith('sync') && l.status === 'ok')).to.have.length(
      3,
    );
  });
});
