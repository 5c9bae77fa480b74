import { expect } from 'chai';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { contextFor } from './helpers.ts';

/** A loopback port nobody listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('nms checks: a store that does not answer', function () {
  this.timeout(20_000);
  for (const [name, check] of Object.entries(NMS_CHECKS)) {
    it(`${name} returns one line instead of throwing`, async () => {
      const root = `http://127.0.0.1:${await deadPort()}/nms/v1/cpmct/alice`;
      const outcome = await check(
        contextFor(root, {
          timeoutMs: 300,
          control: { expireObject: async () => undefined, resetBox: async () => undefined },
        }),
      );
      expect(outcome.findings.length + (outcome.inapplicable ? 1 : 0)).to.be.greaterThan(0);
      for (const line of outcome.findings) expect(line).not.to.include('\n');
    });
  }
});
